import { Injectable } from '@nestjs/common';
import { AWARD_SORTS, AwardStatus, AwardsService, FundingService, Role, type Actor, type AwardQuery, type AwardSort } from '#domain/index.js';
import { pageNumber, paginationFor } from '../common/pagination.js';

export const AWARDS_PAGE_SIZE = 25;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const YEAR = /^\d{4}\/\d{2}$/;
const STATUSES = Object.values(AwardStatus) as string[];
/** The table's columns in order; each sorts by itself (staff see the recipient, partners do not). */
const COLUMNS: AwardSort[] = ['reference', 'title', 'recipient', 'amount', 'status', 'endDate'];

/** The list's filters as the query string carries them (`?year=2014/15&status=active&behind=yes&sort=amount&order=descending&page=2`). */
export interface AwardsFilter {
  year?: string;
  stream?: string;
  recipient?: string;
  status?: AwardStatus;
  behind?: 'yes';
  sort?: AwardSort;
  order?: 'ascending' | 'descending';
}

/** Reads the query string: a value that is not one the list knows is ignored, never an error. */
export function awardsFilterFrom(query: Record<string, unknown>): AwardsFilter {
  const str = (key: string) => (typeof query[key] === 'string' ? (query[key] as string) : undefined);
  const filter: AwardsFilter = {};
  if (YEAR.test(str('year') ?? '')) filter.year = str('year');
  if (UUID.test(str('stream') ?? '')) filter.stream = str('stream');
  if (UUID.test(str('recipient') ?? '')) filter.recipient = str('recipient');
  if (STATUSES.includes(str('status') ?? '')) filter.status = str('status') as AwardStatus;
  if (str('behind') === 'yes') filter.behind = 'yes';
  if ((AWARD_SORTS as readonly string[]).includes(str('sort') ?? '')) filter.sort = str('sort') as AwardSort;
  if (filter.sort && str('order') === 'descending') filter.order = 'descending';
  return filter;
}

/** The domain's query for a filter (the list and its CSV ask for exactly the same awards). */
export function awardQueryFor(filter: AwardsFilter): Omit<AwardQuery, 'page' | 'pageSize'> {
  return {
    financialYear: filter.year,
    fundingStreamId: filter.stream,
    recipientOrganisationId: filter.recipient,
    status: filter.status,
    returnsBehind: filter.behind === 'yes',
    sort: filter.sort,
    direction: filter.order,
  };
}

function href(filter: AwardsFilter, path = '/awards'): string {
  const params = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][]);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The awards list (issue 15 item 4): the MOJ filter layout (year, stream, recipient, status,
 * returns behind), a table sorted on the server by any column, paged, and a CSV link for exactly
 * the filtered list. A partner's list is its own organisation's (the service scopes it, and
 * row-level security backs it), without the recipient and stream filters.
 */
@Injectable()
export class AwardsListPage {
  constructor(
    private readonly awards: AwardsService,
    private readonly funding: FundingService,
  ) {}

  async model(actor: Actor, query: Record<string, unknown>) {
    const filter = awardsFilterFrom(query);
    const page = pageNumber(query['page']);
    const staff = actor.role !== Role.Partner;
    // The filters' choices read ids and names only (issue 17.6: the streams' totals and whole
    // organisations were most of this page's time), in the same round trip as the list.
    const [list, allStreams, recipients] = await Promise.all([
      this.awards.list(actor, { ...awardQueryFor(filter), page, pageSize: AWARDS_PAGE_SIZE }),
      this.funding.streamChoices(),
      staff && filter.stream ? this.awards.recipientChoices(filter.stream) : Promise.resolve([]),
    ]);
    const years = [...new Set([...allStreams.map((s) => s.financialYear), ...(filter.year ? [filter.year] : [])])].sort().reverse();
    // Streams are chosen within a year (each is ring-fenced to one): all years' are hundreds of
    // options, most of this page's render (issue 17.6). A stream chosen alone brings its year's.
    const streamYear = filter.year ?? allStreams.find((s) => s.id === filter.stream)?.financialYear;
    const streams = staff && streamYear ? allStreams.filter((s) => s.financialYear === streamYear) : [];
    const name = (id: string | undefined, items: { id: string; name: string }[]) => items.find((i) => i.id === id)?.name ?? '';

    // Each chosen filter as a tag that removes it (MOJ "selected filters"); the template puts them in words.
    const chosen: [keyof AwardsFilter, string | undefined][] = [
      ['year', filter.year],
      ['stream', filter.stream && name(filter.stream, allStreams)],
      // Without a stream there are no choices to name it from; the listed awards are all its own.
      ['recipient', filter.recipient && (name(filter.recipient, recipients) || list.items[0]?.recipientName || filter.recipient)],
      ['status', filter.status],
      ['behind', filter.behind],
    ];
    const selected = chosen.filter(([, value]) => value).map(([key, value]) => ({ key, value: value!, href: href({ ...filter, [key]: undefined }) }));

    const columns = COLUMNS.filter((c) => staff || c !== 'recipient').map((key) => {
      const current = filter.sort === key;
      const order = current && filter.order !== 'descending' ? 'descending' : 'ascending';
      return {
        key,
        href: href({ ...filter, sort: key, order: order === 'descending' ? 'descending' : undefined }),
        ariaSort: current ? (filter.order === 'descending' ? 'descending' : 'ascending') : 'none',
        numeric: key === 'amount',
      };
    });

    return {
      staff,
      filter,
      awards: list.items,
      total: list.total,
      // The selects' items built here, not pushed one by one in the template (thousands of recipients).
      yearItems: years.map((y) => ({ value: y, text: y, selected: y === filter.year })),
      chooseStream: streams.length > 0,
      streamItems: streams.map((s) => ({ value: s.id, text: `${s.name} (${s.financialYear})`, selected: s.id === filter.stream })),
      recipientItems: recipients.map((o) => ({ value: o.id, text: o.name, selected: o.id === filter.recipient })),
      statuses: STATUSES,
      selected,
      columns,
      clearHref: '/awards',
      csvHref: href({ ...filter, sort: filter.sort, order: filter.order }, '/awards/download'),
      pagination: paginationFor(list.total, page, AWARDS_PAGE_SIZE, '/awards', query),
    };
  }
}

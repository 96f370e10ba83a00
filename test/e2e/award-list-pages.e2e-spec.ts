import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/index.js';
import { AWARD_SORTS, type AwardSort } from '../../libs/domain/src/awards/award-list.js';
import { AwardsService } from '../../libs/domain/src/awards/awards.service.js';
import { givenScheduledAward } from '../factories/monitoring.factory.js';
import { demoActor, demoAs, demoEnv } from '../helpers/demo.js';
import type { TestEnv } from '../helpers/test-env.js';

interface Row { id: string; reference: string; title: string; recipientName: string; recipientOrganisationId: string; amountPence: number; status: string; startDate: string; endDate: string }

/** Each sort's key as the list means it (award-list.ts ORDER_BY): text sorts ignore case. */
const KEY: Record<AwardSort, (r: Row) => string | number> = {
  reference: (r) => r.reference,
  title: (r) => r.title.toLowerCase(),
  recipient: (r) => r.recipientName.toLowerCase(),
  amount: (r) => r.amountPence,
  status: (r) => r.status,
  startDate: (r) => r.startDate,
  endDate: (r) => r.endDate,
};

/**
 * The awards list page by page (award-list.ts pageOfAwards chooses a page's ids first and reads
 * only their rows): for every sort, both ways, and for a partner, the pages put end to end are the
 * whole list in its order, no award twice and none missing. The API pages in its one order; the
 * sorts are the web list's, asked of the same service.
 */
describe('the awards list, page by page', () => {
  let env: TestEnv;
  let tokens: Record<'commissioner' | 'partner', string>;

  beforeAll(async () => {
    env = await demoEnv();
    tokens = await demoAs(env, 'commissioner', 'partner');
    // More awards than the demo's, some of the same amount and dates, so ties are broken by creation.
    for (let i = 0; i < 5; i++) await givenScheduledAward(env, tokens.commissioner, { startDate: '2025-04-01' });
  }, 120_000);
  afterAll(async () => env?.close());

  /** A page of the list: through the API (`token`), or from the service as the web list asks it (`actor`, with a sort). */
  const list = async (who: string | Actor, query: string) => {
    if (typeof who !== 'string') {
      const q = Object.fromEntries(new URLSearchParams(query)) as Record<string, string>;
      const result = await env.app.get(AwardsService).list(who, { ...q, page: Number(q['page'] ?? 1), pageSize: Number(q['pageSize'] ?? 50) } as never);
      return result as unknown as { items: Row[]; total: number };
    }
    const res = await env.http().get(`/api/awards?${query}`).set('Authorization', `Bearer ${who}`);
    expect({ query, status: res.status, body: res.status === 200 ? null : res.body }).toEqual({ query, status: 200, body: null });
    return res.body as { items: Row[]; total: number };
  };

  async function pagesOf(who: string | Actor, query: string, pageSize: number): Promise<string[]> {
    const whole = await list(who, `${query}&pageSize=200`);
    expect(whole.items).toHaveLength(whole.total);
    const ids: string[] = [];
    for (let page = 1; page <= Math.ceil(whole.total / pageSize) + 1; page++) {
      const part = await list(who, `${query}&pageSize=${pageSize}&page=${page}`);
      expect(part.total).toBe(whole.total);
      ids.push(...part.items.map((r) => r.id));
    }
    expect(ids).toEqual(whole.items.map((r) => r.id));
    return ids;
  }

  it('puts its pages end to end as the whole list, in order, for every sort both ways', async () => {
    const all = await list(tokens.commissioner, 'pageSize=200');
    expect(all.total).toBeGreaterThanOrEqual(12);
    expect(new Set(all.items.map((r) => r.id)).size).toBe(all.total);
    await pagesOf(tokens.commissioner, 'status=active', 2);
    await pagesOf(tokens.commissioner, 'financialYear=2025/26', 2);
    const officer = await demoActor(env.db, 'commissioner');
    for (const sort of AWARD_SORTS) {
      for (const direction of ['ascending', 'descending'] as const) {
        const ids = await pagesOf(officer, `sort=${sort}&direction=${direction}`, 3);
        const byId = new Map(all.items.map((r) => [r.id, r]));
        const keys = ids.map((id) => KEY[sort](byId.get(id)!));
        const ordered = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect({ sort, direction, keys }).toEqual({ sort, direction, keys: direction === 'ascending' ? ordered : ordered.reverse() });
      }
    }
  });

  it("gives a partner pages of its own organisation's awards only", async () => {
    const own = await list(tokens.partner, 'pageSize=200');
    expect(own.total).toBeGreaterThan(1);
    const organisations = new Set(own.items.map((r) => r.recipientOrganisationId));
    expect(organisations.size).toBe(1);
    await pagesOf(tokens.partner, 'status=active', 1);
    const partner = await demoActor(env.db, 'partner');
    expect(await pagesOf(partner, 'sort=amount&direction=descending', 1)).toHaveLength(own.total);
  });
});

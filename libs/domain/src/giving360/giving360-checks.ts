/**
 * The checks of 360Giving's Data Quality Tool (lib360dataquality/cove/threesixtygiving.py and
 * check_field_present.py, TEST_CLASSES, as of March 2026), one function each, by the tool's own
 * names and paths. Pure. The tool's checks on grants to individuals (RecipientIndDEI,
 * GeoCodePostcode, RecipientIndWithoutToIndividualsDetails) are left out: Ringfence never
 * publishes a grant to an individual.
 */
import { isCalendarDate } from '#platform/index.js';
import { UK_AND_INTERNATIONAL_ORG_ID_PREFIXES } from './org-id-prefixes.js';
import { Giving360QualityCode as Code, type Giving360Grant, type Giving360Organization } from './giving360.types.js';

/** What a check finds in one grant: a path under `grants/<i>/` and a message. */
export interface Finding {
  code: Code;
  path: string;
  message: string;
}

/** A grant as the tool reads one: anything may be missing. */
export type CheckedGrant = Partial<Giving360Grant> & { actualDates?: { startDate?: string; endDate?: string }[]; plannedDates?: { startDate?: string; endDate?: string; duration?: number }[] };

export interface CheckContext {
  /** The publisher's date, YYYY-MM-DD (Europe/London). */
  today: string;
}

type GrantCheck = (grant: CheckedGrant, context: CheckContext) => Finding[];

const orgs = (list: Giving360Organization[] | undefined) => (list ?? []).map((org, i) => ({ org, i }));
const is360G = (id: string | undefined) => (id ?? '').toLowerCase().startsWith('360g');

/** The tool: 6 or 7 digits, after up to two leading letters (SC012345). */
export function looksLikeCharityNumber(value: string): boolean {
  return /^\d{6,7}$/.test(/^[A-Za-z]{2}/.test(value) ? value.slice(2) : value);
}

/** The tool: eight letters or digits (01234567, SC123456). */
export function looksLikeCompanyNumber(value: string): boolean {
  return /^\w{8}$/.test(value);
}

/**
 * True when the tool would not find the identifier's register on org-id.guide. We hold the UK,
 * international and multilateral registers; an identifier whose prefix names another country is
 * not judged here (it is `XX-...` with XX not GB, XI or XM), so this can only under-report.
 */
export function unrecognisedPrefix(id: string | undefined): boolean {
  const upper = (id ?? '').toUpperCase();
  if (upper.startsWith('360G') || UK_AND_INTERNATIONAL_ORG_ID_PREFIXES.some((p) => upper.startsWith(p))) return false;
  const country = /^([A-Z]{2})-[A-Z0-9_]+-/.exec(upper)?.[1];
  return !country || ['GB', 'XI', 'XM'].includes(country);
}

// ---- quality ("accuracy") ---------------------------------------------------------------

const zeroAmount: GrantCheck = (g) => (g.amountAwarded === 0 ? [{ code: Code.ZeroAmountTest, path: 'amountAwarded', message: 'an award of £0' }] : []);

const unrecognisedPrefixes: GrantCheck = (g) => [
  ...orgs(g.fundingOrganization).filter(({ org }) => unrecognisedPrefix(org.id)).map(({ org, i }) => ({
    code: Code.FundingOrgUnrecognisedPrefix,
    path: `fundingOrganization/${i}/id`,
    message: `funder identifier ${org.id} does not start with a register prefix from org-id.guide`,
  })),
  ...orgs(g.recipientOrganization).filter(({ org }) => unrecognisedPrefix(org.id)).map(({ org, i }) => ({
    code: Code.RecipientOrgUnrecognisedPrefix,
    path: `recipientOrganization/${i}/id`,
    message: `recipient identifier ${org.id} does not start with a register prefix from org-id.guide`,
  })),
];

const recipientNumbers: GrantCheck = (g) =>
  orgs(g.recipientOrganization).flatMap(({ org, i }) => [
    ...(org.charityNumber !== undefined && !looksLikeCharityNumber(String(org.charityNumber))
      ? [{ code: Code.RecipientOrgCharityNumber, path: `recipientOrganization/${i}/charityNumber`, message: `${org.charityNumber} does not look like a UK charity number (6 or 7 digits)` }]
      : []),
    ...(org.companyNumber !== undefined && !looksLikeCompanyNumber(String(org.companyNumber))
      ? [{ code: Code.RecipientOrgCompanyNumber, path: `recipientOrganization/${i}/companyNumber`, message: `${org.companyNumber} does not look like a company number (8 letters or digits)` }]
      : []),
  ]);

const organisationIds: GrantCheck = (g) =>
  (['fundingOrganization', 'recipientOrganization'] as const).flatMap((role) =>
    orgs(g[role]).flatMap(({ org, i }): Finding[] => {
      const id = org.id ?? '';
      const path = `${role}/${i}/id`;
      const found: Finding[] = [];
      const upper = id.toUpperCase();
      if (upper.startsWith('GB-CHC-') && !/^\d{6,7}$/.test(id.slice(7))) found.push({ code: Code.OrganizationIdLooksInvalid, path, message: `${id}: not a charity number after GB-CHC-` });
      if (upper.startsWith('GB-COH-') && !looksLikeCompanyNumber(id.slice(7))) found.push({ code: Code.OrganizationIdLooksInvalid, path, message: `${id}: not a company number after GB-COH-` });
      if (id.includes('\n')) found.push({ code: Code.OrganizationIdUnexpectedChars, path, message: 'an organisation identifier with a line break' });
      return found;
    }),
  );

const grantId: GrantCheck = (g) => ((g.id ?? '').includes('\n') ? [{ code: Code.GrantIdUnexpectedChars, path: 'id', message: 'a grant identifier with a line break' }] : []);

/** 360Giving's pattern for "looks like an email address" (\w widened to Unicode as Python's is). */
const EMAIL = /[\p{L}\p{N}_.-]+@[\p{L}\p{N}_.-]+\.[\p{L}\p{N}_.-]+/u;

/** Every string in a value with its path (`/title`, `/recipientOrganization/0/name`). */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}/${i}`);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* strings(item, `${path}/${key}`);
}

const looksLikeEmail: GrantCheck = (g) =>
  [...strings(g, '')]
    // As the tool: a field whose name says email is meant to hold one.
    .filter(([path, text]) => !path.includes('email') && EMAIL.test(text))
    .map(([path]) => ({ code: Code.LooksLikeEmail, path: path.slice(1), message: 'text that looks like an email address (possibly personal data)' }));

/** The first plannedDates / actualDates entry, as the tool reads only that one. */
const DATES = [
  ['awardDate', (g: CheckedGrant) => g.awardDate],
  ['plannedDates/0/startDate', (g: CheckedGrant) => g.plannedDates?.[0]?.startDate],
  ['plannedDates/0/endDate', (g: CheckedGrant) => g.plannedDates?.[0]?.endDate],
  ['actualDates/0/startDate', (g: CheckedGrant) => g.actualDates?.[0]?.startDate],
  ['actualDates/0/endDate', (g: CheckedGrant) => g.actualDates?.[0]?.endDate],
] as const;

/** YYYY-MM-DD (or a date-time's date) that is a date in form; null otherwise, as the tool ignores other forms. */
const dayOf = (value: string | undefined) => (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T|$)/.test(value) ? value.slice(0, 10) : null);

const impossibleDates: GrantCheck = (g) => {
  // The tool stops at the first impossible date of a grant.
  for (const [path, read] of DATES) {
    const day = dayOf(read(g));
    if (day && !isCalendarDate(day)) return [{ code: Code.ImpossibleDates, path, message: `${day} is not a date that exists` }];
  }
  return [];
};

const realDay = (value: string | undefined) => {
  const day = dayOf(value);
  return day && isCalendarDate(day) ? day : null;
};

const startBeforeEnd: GrantCheck = (g) => {
  const found: Finding[] = [];
  const [ps, pe] = [realDay(g.plannedDates?.[0]?.startDate), realDay(g.plannedDates?.[0]?.endDate)];
  if (ps && pe && ps > pe) found.push({ code: Code.PlannedStartDateBeforeEndDate, path: 'plannedDates/0/startDate', message: `planned start ${ps} is after the planned end ${pe}` });
  const [as, ae] = [realDay(g.actualDates?.[0]?.startDate), realDay(g.actualDates?.[0]?.endDate)];
  if (as && ae && as > ae) found.push({ code: Code.ActualStartDateBeforeEndDate, path: 'actualDates/0/startDate', message: `actual start ${as} is after the actual end ${ae}` });
  return found;
};

/** `today` moved by whole years (29 February becomes 1 March in other years). */
export function yearsFrom(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

const farDates: GrantCheck = (g, { today }) => {
  const found: Finding[] = [];
  const first = (code: Code, paths: readonly (typeof DATES)[number][], beyond: (day: string) => boolean, message: (day: string) => string) => {
    for (const [path, read] of paths) {
      const day = realDay(read(g));
      if (day && beyond(day)) return void found.push({ code, path, message: message(day) });
    }
  };
  first(Code.FarFuturePlannedDates, DATES.slice(1, 3), (day) => day > yearsFrom(today, 12), (day) => `planned date ${day} is over 12 years ahead`);
  first(Code.FarFutureActualDates, DATES.slice(3, 5), (day) => day > yearsFrom(today, 5), (day) => `actual date ${day} is over 5 years ahead`);
  first(Code.FarPastDates, DATES, (day) => day < yearsFrom(today, -25), (day) => `date ${day} is over 25 years ago`);
  const award = realDay(g.awardDate);
  if (award && award > today) found.push({ code: Code.PostDatedAwardDates, path: 'awardDate', message: `award date ${award} is in the future (today is ${today})` });
  return found;
};

/** Ours, not the tool's: a decision cannot follow the activity it funds. */
const awardDateAfterPlannedEnd: GrantCheck = (g) => {
  const [award, end] = [realDay(g.awardDate), realDay(g.plannedDates?.[0]?.endDate)];
  return award && end && award > end ? [{ code: Code.AwardDateAfterPlannedEnd, path: 'awardDate', message: `award date ${award} is after the planned end ${end}: a decision cannot follow the activity it funds` }] : [];
};

export const QUALITY_CHECKS: readonly GrantCheck[] = [zeroAmount, unrecognisedPrefixes, recipientNumbers, organisationIds, grantId, looksLikeEmail, impossibleDates, startBeforeEnd, farDates];
export const RINGFENCE_CHECKS: readonly GrantCheck[] = [awardDateAfterPlannedEnd];

// ---- usefulness -------------------------------------------------------------------------

const hasLocationCode = (org: Giving360Organization) => (org.location ?? []).some((l) => Boolean(l.geoCode));

const prefix360G: GrantCheck = (g) => [
  ...orgs(g.recipientOrganization).filter(({ org }) => is360G(org.id)).map(({ org, i }) => ({
    code: Code.RecipientOrg360GPrefix,
    path: `recipientOrganization/${i}/id`,
    message: `recipient ${org.name} is identified only by the publisher prefix (${org.id}): give its org-id (charity, company or public register) if it has one`,
  })),
  ...orgs(g.fundingOrganization).filter(({ org }) => is360G(org.id)).map(({ org, i }) => ({
    code: Code.FundingOrg360GPrefix,
    path: `fundingOrganization/${i}/id`,
    message: `funder ${org.name} is identified only by the publisher prefix (${org.id})`,
  })),
];

const recipientDetails: GrantCheck = (g) =>
  orgs(g.recipientOrganization).flatMap(({ org, i }) => [
    ...(!org.companyNumber && !org.charityNumber
      ? [{ code: Code.NoRecipientOrgCompanyCharityNumber, path: `recipientOrganization/${i}/id`, message: `recipient ${org.name} (${org.id}) has neither a charity number nor a company number` }]
      : []),
    ...(!org.postalCode && !hasLocationCode(org)
      ? [{ code: Code.IncompleteRecipientOrg, path: `recipientOrganization/${i}/id`, message: `recipient ${org.name} has neither a postcode nor a location with a geographic code` }]
      : []),
  ]);

const grantFields: GrantCheck = (g) => {
  const found: Finding[] = [];
  const add = (code: Code, path: string, message: string) => found.push({ code, path, message });
  if (!g.grantProgramme?.length) add(Code.NoGrantProgramme, 'id', 'no grant programme');
  if (!g.beneficiaryLocation?.length) add(Code.NoBeneficiaryLocation, 'id', 'no beneficiary location: give the areas the grant serves');
  if (g.title && g.description && g.title === g.description) add(Code.TitleDescriptionSame, 'description', 'the description only repeats the title');
  if ((g.title ?? '').length > 140) add(Code.TitleLength, 'title', `a title of ${(g.title ?? '').length} characters (under 140 recommended)`);
  if (!g.dateModified) add(Code.NoLastModified, 'id', 'no dateModified');
  if (!g.dataSource) add(Code.NoDataSource, 'id', 'no dataSource: set GRANTS_DATA_SOURCE_URL to the public address of the published file');
  const planned = g.plannedDates?.[0];
  if (!planned || (planned.duration == null && !(planned.startDate && planned.endDate))) add(Code.PlannedDurationNotPresent, 'id', 'neither a planned duration nor planned start and end dates');
  return found;
};

const locations: GrantCheck = (g) => {
  const found: Finding[] = [];
  (g.beneficiaryLocation ?? []).forEach((l, i) => {
    if (l.name && !l.geoCode) found.push({ code: Code.BeneficiaryLocationNameButNoCode, path: `beneficiaryLocation/${i}/name`, message: `beneficiary location ${l.name} has no geographic code` });
  });
  const recipient = g.recipientOrganization?.[0];
  const benefits = (g.beneficiaryLocation ?? []).length > 0;
  if (recipient && benefits && !recipient.postalCode && !(recipient.location ?? []).length) {
    found.push({ code: Code.BeneficiaryButNotRecipientGeoData, path: 'recipientOrganization/0/id', message: 'beneficiary locations but no recipient location' });
  }
  if (recipient && !benefits && (recipient.location ?? []).length) {
    found.push({ code: Code.RecipientGeoDataButNoBeneficiary, path: 'recipientOrganization/0/location', message: 'a recipient location but no beneficiary location' });
  }
  return found;
};

export const USEFULNESS_CHECKS: readonly GrantCheck[] = [prefix360G, recipientDetails, grantFields, locations];

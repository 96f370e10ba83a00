/**
 * 360Giving's data quality checks (standards/360giving README) for a package, as warnings: pure,
 * no I/O, `today` passed in. Modelled on 360Giving's own checker (lib360dataquality, the Data
 * Quality Tool), with the differences said where they occur.
 */
import { isCalendarDate } from '#platform/index.js';
import { Giving360QualityCode, type Giving360Package, type Giving360QualityWarning } from './giving360.types.js';

/**
 * Public-sector org-id.guide registers. Bodies identified on these registers are statutory or
 * Crown bodies: they have no charity or company number to give, so the "neither a charity nor a
 * company number" notice would only be noise for them. 360Giving's checker raises that notice for
 * every organisation and says "if your grants are to organisations that don't have UK Company or
 * UK Charity numbers, you can ignore this notice"; this list is where we apply that advice, for
 * registers where the answer is certain.
 */
export const PUBLIC_SECTOR_ORG_ID_PREFIXES: readonly string[] = [
  'GB-LAE', // Local Authorities for England (councils)
  'GB-LAS', // Local Authorities for Scotland
  'GB-LANI', // Local Authorities for Northern Ireland
  'GB-PLA', // Principal Local Authorities in Wales
  'GB-GOR', // Government Organisation Register (departments, agencies, NDPBs)
  'GB-GOVUK', // GOV.UK organisations (e.g. GB-GOVUK-home_office)
  'GB-NHS', // NHS Organisation Data Service codes (trusts, ICBs); NHS charities use GB-CHC instead
];
// Deliberately NOT exempt:
// - GB-EDU (schools) and GB-UKPRN (learning providers): academy trusts are companies, independent
//   schools and many colleges are charities; the identifier does not tell which, so keep the notice.
// - GB-SHPE (social housing providers): housing associations are companies, charities or registered
//   societies (GB-MPR); not public sector.
// - GB-SC, GB-NIC, GB-CHC, GB-COH, GB-MPR, GB-REV: charity, company and mutual registers, not
//   public sector (GB-SC and GB-CHC numbers are filled in from the identifier by the export).
// - Our own `360G-<prefix>-org-<uuid>` fallback: we know nothing about such an organisation.

/** 360Giving's pattern for "looks like an email address" (\w widened to Unicode as Python's is). */
const EMAIL = /[\p{L}\p{N}_.-]+@[\p{L}\p{N}_.-]+\.[\p{L}\p{N}_.-]+/u;

const EARLIEST_AWARD_DATE = '1990-01-01';

/**
 * The warnings for a package, in package order: package-wide first, then grant by grant in the
 * order of the checks below. `today` is the publisher's date, YYYY-MM-DD (Europe/London).
 */
export function giving360QualityWarnings(pkg: Giving360Package, today: string): Giving360QualityWarning[] {
  const warnings: Giving360QualityWarning[] = [];

  // 360Giving's MoreThanOneFundingOrg counts distinct funder ids across the whole file.
  const funderIds = [...new Set(pkg.grants.flatMap((g) => (g.fundingOrganization ?? []).map((f) => f.id)))];
  if (funderIds.length > 1) {
    warnings.push({
      code: Giving360QualityCode.MoreThanOneFundingOrganisation,
      path: 'grants',
      grantId: null,
      message: `${funderIds.length} different funding organisation identifiers in the package: ${funderIds.join(', ')}`,
    });
  }

  pkg.grants.forEach((grant, index) => {
    const at = `grants/${index}`;
    const warn = (code: Giving360QualityCode, path: string, message: string) => warnings.push({ code, path: `${at}/${path}`, grantId: grant.id ?? null, message });

    if (grant.amountAwarded === 0) warn(Giving360QualityCode.ZeroAmount, 'amountAwarded', 'an award of £0');

    const funders = grant.fundingOrganization ?? [];
    if (funders.length > 1) {
      warn(Giving360QualityCode.MoreThanOneFundingOrganisation, 'fundingOrganization', `${funders.length} funding organisations on one grant: ${funders.map((f) => f.id).join(', ')}`);
    }

    for (const [path, text] of strings(grant, '')) {
      // As 360Giving: a field whose name says email is meant to hold one.
      if (/email/i.test(path)) continue;
      if (EMAIL.test(text)) warn(Giving360QualityCode.LooksLikeEmail, path.slice(1), 'text that looks like an email address (possibly personal data)');
    }

    const dated: [string, string | undefined][] = [
      ['awardDate', grant.awardDate],
      ...(grant.plannedDates ?? []).flatMap((p, i): [string, string | undefined][] => [
        [`plannedDates/${i}/startDate`, p.startDate],
        [`plannedDates/${i}/endDate`, p.endDate],
      ]),
    ];
    for (const [path, value] of dated) {
      if (value !== undefined && !isRealDate(value)) warn(Giving360QualityCode.ImpossibleDate, path, `${value} is not a date that exists`);
    }

    const awardDate = isRealDate(grant.awardDate) ? grant.awardDate.slice(0, 10) : null;
    if (awardDate && awardDate > today) warn(Giving360QualityCode.FutureAwardDate, 'awardDate', `award date ${awardDate} is in the future (today is ${today})`);
    if (awardDate && awardDate < EARLIEST_AWARD_DATE) warn(Giving360QualityCode.AwardDateBefore1990, 'awardDate', `award date ${awardDate} is before 1990`);
    (grant.plannedDates ?? []).forEach((planned, i) => {
      const start = planned.startDate && isRealDate(planned.startDate) ? periodStart(planned.startDate) : null;
      const end = planned.endDate && isRealDate(planned.endDate) ? periodEnd(planned.endDate) : null;
      if (awardDate && end && awardDate > end) {
        warn(Giving360QualityCode.AwardDateAfterPlannedEnd, 'awardDate', `award date ${awardDate} is after the planned end ${planned.endDate}: a decision cannot follow the activity it funds`);
      }
      if (start && end && start > end) warn(Giving360QualityCode.PlannedStartAfterEnd, `plannedDates/${i}/startDate`, `planned start ${planned.startDate} is after the planned end ${planned.endDate}`);
    });

    (grant.recipientOrganization ?? []).forEach((recipient, i) => {
      if (recipient.charityNumber?.trim() || recipient.companyNumber?.trim()) return;
      if (isPublicSector(recipient.id)) return;
      warn(
        Giving360QualityCode.NoRecipientCharityOrCompanyNumber,
        `recipientOrganization/${i}/id`,
        `recipient ${recipient.name} (${recipient.id}) has neither a charity number nor a company number, and is not identified on a public-sector register`,
      );
    });
  });
  return warnings;
}

export function isPublicSector(orgId: string | undefined): boolean {
  const id = (orgId ?? '').toUpperCase();
  return PUBLIC_SECTOR_ORG_ID_PREFIXES.some((prefix) => id.startsWith(`${prefix}-`) && id.length > prefix.length + 1);
}

/** Every string in a value with its path (`/title`, `/recipientOrganization/0/name`). */
function* strings(value: unknown, path: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}/${i}`);
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) yield* strings(item, `${path}/${key}`);
}

/**
 * True for a date 360Giving accepts that exists: YYYY, YYYY-MM, YYYY-MM-DD or a date-time whose
 * date part exists. 2015-02-29 and 2014-09-31 do not.
 */
function isRealDate(value: string | undefined): value is string {
  if (typeof value !== 'string') return false;
  if (/^\d{4}$/.test(value)) return true;
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return true;
  return isCalendarDate(value.slice(0, 10)) && (value.length === 10 || value[10] === 'T');
}

/** The first day a (possibly partial) date can mean: 2015 -> 2015-01-01. */
function periodStart(value: string): string {
  if (value.length === 4) return `${value}-01-01`;
  if (value.length === 7) return `${value}-01`;
  return value.slice(0, 10);
}

/** The last day a (possibly partial) date can mean: 2015 -> 2015-12-31, 2016-02 -> 2016-02-29. */
function periodEnd(value: string): string {
  if (value.length === 4) return `${value}-12-31`;
  if (value.length === 7) {
    const [year, month] = value.split('-').map(Number) as [number, number];
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${value}-${String(last).padStart(2, '0')}`;
  }
  return value.slice(0, 10);
}

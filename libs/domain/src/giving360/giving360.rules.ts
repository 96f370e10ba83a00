/** 360Giving export: the pure mapping from committed awards to a 360Giving package. No I/O. */
import { londonDate, penceToPounds } from '#platform/index.js';
import { councilArea, countryCodeOf, geoCodeTypeOf, placeName } from '../geography/geo-codes.js';
import { FunderUnknownError } from './giving360.errors.js';
import type { Giving360AwardRow, Giving360Grant, Giving360Location, Giving360Organization, Giving360OrganisationRow, Giving360Package } from './giving360.types.js';

/**
 * Integer pence as the JSON number of pounds 360Giving's amountAwarded wants, exactly:
 * 13291700 -> 132917, 5 -> 0.05. Built from the exact decimal text (penceToPounds), never by
 * dividing a float. A double prints back as the same decimal only up to 15 significant digits,
 * so anything from £10 trillion up is refused rather than published wrong.
 */
export function poundsFromPence(pence: number): number {
  if (!Number.isSafeInteger(pence)) throw new Error(`not a whole number of pence: ${pence}`);
  const [whole, fraction] = penceToPounds(pence).split('.') as [string, string];
  const decimal = fraction === '00' ? whole : `${whole}.${fraction.replace(/0$/, '')}`;
  const pounds = Number(decimal);
  if (String(pounds) !== decimal) throw new Error(`${pence} pence cannot be written exactly as a JSON number of pounds`);
  return pounds;
}

/** Re-exported for the area's callers; the one definition lives in libs/platform. */
export { londonDate };

/**
 * org-id.guide registers whose suffix IS the register number 360Giving asks for separately.
 * GB-NIC is left out: Northern Ireland charity numbers are written with an "NIC" prefix that the
 * org-id suffix drops, and we do not guess the form 360Giving readers expect.
 */
const NUMBER_FROM_IDENTIFIER: { prefix: string; field: 'charityNumber' | 'companyNumber' }[] = [
  { prefix: 'GB-CHC-', field: 'charityNumber' }, // Charity Commission for England and Wales
  { prefix: 'GB-SC-', field: 'charityNumber' }, // Scottish Charity Regulator (SC012345)
  { prefix: 'GB-COH-', field: 'companyNumber' }, // Companies House
];

/** The organisation's 360Giving id: its org-id.guide identifier, else our publisher prefix + its uuid. */
export function organisationId(organisation: Pick<Giving360OrganisationRow, 'id' | 'identifier360'>, grantsPrefix: string): string {
  const identifier = organisation.identifier360?.trim();
  return identifier ? identifier : `${grantsPrefix}-org-${organisation.id}`;
}

/**
 * An organisation as 360Giving writes it. Charity and company numbers come from their own
 * columns; when a column is empty and the org-id names the register (GB-CHC, GB-SC, GB-COH),
 * the number is read from the identifier, so the export carries what the data already knows.
 * Its location is its recorded GSS code, else, for a council (GB-LAE, GB-PLA), the code of its
 * area from the shipped register data.
 */
export function toOrganization(organisation: Giving360OrganisationRow, grantsPrefix: string, withDetails: boolean): Giving360Organization {
  const result: Giving360Organization = { id: organisationId(organisation, grantsPrefix), name: organisation.name };
  if (!withDetails) return result;
  const numbers = { charityNumber: blankToUndefined(organisation.charityNumber), companyNumber: blankToUndefined(organisation.companyNumber) };
  const identifier = organisation.identifier360?.trim() ?? '';
  for (const { prefix, field } of NUMBER_FROM_IDENTIFIER) {
    if (!numbers[field] && identifier.toUpperCase().startsWith(prefix) && identifier.length > prefix.length) numbers[field] = identifier.slice(prefix.length);
  }
  if (numbers.charityNumber) result.charityNumber = numbers.charityNumber;
  if (numbers.companyNumber) result.companyNumber = numbers.companyNumber;
  const postcode = blankToUndefined(organisation.postcode);
  if (postcode) result.postalCode = postcode;
  const geoCode = blankToUndefined(organisation.geoCode) ?? councilArea(organisation.identifier360)?.geoCode;
  if (geoCode) result.location = [toLocation({ name: placeName(geoCode), geoCode, geoCodeType: null })];
  return result;
}

/**
 * A place as 360Giving's Location: its name (the shipped data's when none is given), GSS code,
 * the code's type (taken from the code when not recorded) and country. Empty parts are left out.
 */
export function toLocation(place: { name: string | null; geoCode: string | null; geoCodeType: string | null }): Giving360Location {
  const location: Giving360Location = {};
  const geoCode = blankToUndefined(place.geoCode);
  const name = blankToUndefined(place.name) ?? (geoCode ? (placeName(geoCode) ?? undefined) : undefined);
  if (name) location.name = name;
  if (geoCode) {
    location.geoCode = geoCode;
    const geoCodeType = blankToUndefined(place.geoCodeType) ?? geoCodeTypeOf(geoCode);
    if (geoCodeType) location.geoCodeType = geoCodeType;
    if (countryCodeOf(geoCode)) location.countryCode = 'GB';
  }
  return location;
}

/**
 * Each grant's dataSource: the configured public URL of the file, `{financialYear}` standing for
 * the year (URL-encoded, 2014%2F15); undefined when none is configured.
 */
export function dataSourceFor(template: string | null, financialYear: string): string | undefined {
  return template ? template.replaceAll('{financialYear}', encodeURIComponent(financialYear)) : undefined;
}

/**
 * The single funding organisation of a stream's grants: the stream's commissioning body; when
 * the stream names none, the only PCC in the database; otherwise null (the caller refuses).
 */
export function chooseFunder(commissioner: Giving360OrganisationRow | null, pccs: Giving360OrganisationRow[]): Giving360OrganisationRow | null {
  if (commissioner) return commissioner;
  return pccs.length === 1 ? pccs[0]! : null;
}

/** "£1,234,567.89", exact. */
export function formatPounds(pence: number): string {
  const [whole, fraction] = penceToPounds(pence).split('.') as [string, string];
  return `£${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${fraction}`;
}

/**
 * The grant's description, never empty: the award's own description, or a sentence built from
 * grant type, funder, recipient and stream. "Included within" lines and co-funders are told in
 * words, because co-funders are not extra funding organisations (one funder per grant).
 */
export function grantDescription(award: Giving360AwardRow, funderName: string): string {
  const own = award.description?.trim();
  const sentences = [own || `${award.grantType.trim() || 'Grant'} from ${funderName} to ${award.recipient.name}, under ${award.fundingStreamName}.`];
  if (award.includedLines.length) sentences.push(`Includes ${joinWords(award.includedLines)}.`);
  if (award.coFunders.length) {
    sentences.push(`Jointly commissioned with ${joinWords(award.coFunders.map((c) => `${c.name} (contributing ${formatPounds(c.amountPence)})`))}.`);
  }
  return sentences.join(' ');
}

/** One committed award as one 360Giving grant. */
export function toGrant(award: Giving360AwardRow, funder: Giving360OrganisationRow, grantsPrefix: string, dataSource?: string): Giving360Grant {
  const grant: Giving360Grant = {
    id: `${grantsPrefix}-${award.reference}`,
    title: award.title,
    description: grantDescription(award, funder.name),
    currency: 'GBP',
    amountAwarded: poundsFromPence(award.amountPence),
    awardDate: award.decisionDate,
    plannedDates: [{ startDate: award.startDate, endDate: award.endDate }],
    recipientOrganization: [toOrganization(award.recipient, grantsPrefix, true)],
    fundingOrganization: [toOrganization(funder, grantsPrefix, false)],
    grantProgramme: [{ code: award.fundingStreamId, title: award.fundingStreamName }],
    dateModified: award.updatedAt.toISOString(),
  };
  if (award.beneficiaryLocations.length) grant.beneficiaryLocation = award.beneficiaryLocations.map(toLocation);
  if (dataSource) grant.dataSource = dataSource;
  return grant;
}

/**
 * The package for a year's committed awards. FUNDER_UNKNOWN (409) naming every stream whose
 * funder cannot be determined: a grant is never published with no funder or a guessed one.
 */
export function buildPackage(awards: Giving360AwardRow[], pccs: Giving360OrganisationRow[], grantsPrefix: string, dataSource?: string): Giving360Package {
  const unknown = new Map<string, string>();
  for (const a of awards) if (!chooseFunder(a.commissioner, pccs)) unknown.set(a.fundingStreamId, a.fundingStreamName);
  if (unknown.size) throw new FunderUnknownError([...unknown].map(([id, name]) => ({ id, name })), pccs.length);
  return { grants: awards.map((a) => toGrant(a, chooseFunder(a.commissioner, pccs)!, grantsPrefix, dataSource)) };
}

function blankToUndefined(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function joinWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

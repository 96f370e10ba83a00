/**
 * 360Giving's data quality checks for a package, as its Data Quality Tool reports them: the same
 * checks under the same names and paths (giving360-checks.ts), so a publisher sees here what the
 * official tool will say before publishing. Pure, no I/O, `today` passed in.
 */
import { QUALITY_CHECKS, RINGFENCE_CHECKS, USEFULNESS_CHECKS, type CheckedGrant, type Finding } from './giving360-checks.js';
import { Giving360QualityCode as Code, type Giving360CheckKind, type Giving360CheckSummary, type Giving360Package, type Giving360QualityWarning } from './giving360.types.js';

/**
 * Public-sector org-id.guide registers. Bodies identified on these registers are statutory or
 * Crown bodies: they have no charity or company number to give. The tool raises
 * NoRecipientOrgCompanyCharityNumber for every organisation and says "if your grants are to
 * organisations that don't have UK Company or UK Charity numbers, you can ignore this notice";
 * the notice is kept (the tool will show it) and marked ignorable for these registers.
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
// Deliberately NOT public sector:
// - GB-EDU (schools) and GB-UKPRN (learning providers): academy trusts are companies, independent
//   schools and many colleges are charities; the identifier does not tell which.
// - GB-SHPE (social housing providers): housing associations are companies, charities or
//   registered societies (GB-MPR).
// - Our own `360G-<prefix>-org-<uuid>` fallback: we know nothing about such an organisation.

export function isPublicSector(orgId: string | undefined): boolean {
  const id = (orgId ?? '').toUpperCase();
  return PUBLIC_SECTOR_ORG_ID_PREFIXES.some((prefix) => id.startsWith(`${prefix}-`) && id.length > prefix.length + 1);
}

const KIND_OF: Partial<Record<Code, Giving360CheckKind>> = { [Code.AwardDateAfterPlannedEnd]: 'ringfence' };
const USEFULNESS = new Set<Code>([
  Code.RecipientOrg360GPrefix,
  Code.FundingOrg360GPrefix,
  Code.NoRecipientOrgCompanyCharityNumber,
  Code.IncompleteRecipientOrg,
  Code.NoGrantProgramme,
  Code.NoBeneficiaryLocation,
  Code.TitleDescriptionSame,
  Code.TitleLength,
  Code.NoLastModified,
  Code.NoDataSource,
  Code.PlannedDurationNotPresent,
  Code.BeneficiaryLocationNameButNoCode,
  Code.BeneficiaryButNotRecipientGeoData,
  Code.RecipientGeoDataButNoBeneficiary,
]);
const kindOf = (code: Code): Giving360CheckKind => KIND_OF[code] ?? (USEFULNESS.has(code) ? 'usefulness' : 'quality');

/** The tool's order of checks (TEST_CLASSES), ours last. */
const ORDER = Object.values(Code);

/** Checks over the whole file: how many funders, and whether one funder goes by two names or two ids. */
function packageChecks(grants: CheckedGrant[]): (Finding & { index: number | null })[] {
  const found: (Finding & { index: number | null })[] = [];
  const funderIds = [...new Set(grants.flatMap((g) => (g.fundingOrganization ?? []).map((f) => f.id).filter(Boolean)))];
  if (funderIds.length > 1) {
    found.push({ index: null, code: Code.MoreThanOneFundingOrg, path: 'grants', message: `${funderIds.length} different funding organisation identifiers in the file: ${funderIds.join(', ')}` });
  }
  const nameOfId = new Map<string, string>();
  const idOfName = new Map<string, string>();
  grants.forEach((g, index) =>
    (g.fundingOrganization ?? []).forEach((f, i) => {
      if (!nameOfId.has(f.id)) nameOfId.set(f.id, f.name);
      if (!idOfName.has(f.name)) idOfName.set(f.name, f.id);
      if (nameOfId.get(f.id) !== f.name) {
        found.push({ index, code: Code.MultiFundingNamesForOrgId, path: `fundingOrganization/${i}/name`, message: `funder ${f.id} is also called ${nameOfId.get(f.id)}` });
      }
      if (idOfName.get(f.name) !== f.id) {
        found.push({ index, code: Code.MultiFundingOrgIdsForName, path: `fundingOrganization/${i}/id`, message: `funder ${f.name} is also identified as ${idOfName.get(f.name)}` });
      }
    }),
  );
  return found;
}

/** Why a notice may be ignored, in the tool's own terms; undefined when it should be acted on. */
function ignorable(code: Code, grant: CheckedGrant | null, path: string): string | undefined {
  if (code !== Code.NoRecipientOrgCompanyCharityNumber || !grant) return undefined;
  const index = Number(/^recipientOrganization\/(\d+)\//.exec(path)?.[1] ?? 0);
  const id = grant.recipientOrganization?.[index]?.id;
  if (!isPublicSector(id)) return undefined;
  return `${id} is a public body with no charity or company number; the tool says to ignore this notice for organisations that have neither`;
}

/**
 * Every notice the tool would give for the package: whole-file ones first, then the checks in
 * the tool's order, grant by grant. `today` is the publisher's date, YYYY-MM-DD (Europe/London).
 */
export function giving360QualityWarnings(pkg: Giving360Package, today: string): Giving360QualityWarning[] {
  const grants = (pkg.grants ?? []) as CheckedGrant[];
  const found: (Finding & { index: number | null })[] = packageChecks(grants);
  grants.forEach((grant, index) => {
    for (const check of [...QUALITY_CHECKS, ...USEFULNESS_CHECKS, ...RINGFENCE_CHECKS]) {
      for (const finding of check(grant, { today })) found.push({ ...finding, index });
    }
  });
  found.sort((a, b) => (a.index === null ? -1 : 0) - (b.index === null ? -1 : 0) || ORDER.indexOf(a.code) - ORDER.indexOf(b.code) || (a.index ?? 0) - (b.index ?? 0));
  return found.map(({ index, code, path, message }) => {
    const grant = index === null ? null : grants[index]!;
    const warning: Giving360QualityWarning = { code, kind: kindOf(code), path: index === null ? path : `grants/${index}/${path}`, grantId: grant?.id ?? null, message };
    const reason = ignorable(code, grant, path);
    if (reason) warning.ignorable = reason;
    return warning;
  });
}

/** Each check that found something, in the tool's order: grants concerned, notices, ignorable ones. */
export function summariseChecks(warnings: readonly Giving360QualityWarning[]): Giving360CheckSummary[] {
  return ORDER.flatMap((code) => {
    const mine = warnings.filter((w) => w.code === code);
    if (!mine.length) return [];
    const grants = new Set(mine.map((w) => w.grantId).filter((id) => id !== null)).size;
    return [{ code, kind: kindOf(code), grants, notices: mine.length, ignorable: mine.filter((w) => w.ignorable).length }];
  });
}

/**
 * Places by their ONS GSS codes (nine characters: a country letter, a two-digit entity, six
 * digits), as 360Giving wants recipient and beneficiary locations given. Pure, no I/O; the data
 * files cite their sources.
 */
import { LOCAL_AUTHORITIES } from './data/local-authorities.js';
import { POLICE_FORCE_AREAS } from './data/police-force-areas.js';

/** E England, W Wales, S Scotland, N Northern Ireland; K, L and M for UK-wide and Crown dependency areas. */
export const GSS_CODE = /^[EWSNKLM]\d{8}$/;

/**
 * The codes of 360Giving's geoCodeType codelist (standard 1.4.3, codelists/geoCodeType.csv).
 * `RGN/GOR` and the `ROA - ...` codes are written as the codelist writes them.
 */
export const GEO_CODE_TYPES: readonly string[] = [
  'OA', 'LSOA', 'MSOA', 'USOA', 'PAR', 'WD', 'UA', 'NMD', 'MD', 'LONB', 'CTY', 'RGN/GOR', 'WPC', 'EER', 'CANNET', 'CSP', 'PFA', 'PUA',
  'NPARK', 'REGD', 'REGSD', 'TTWA', 'FRA', 'LAC', 'WZ', 'CMWD', 'LEP', 'CCG', 'NHSAT', 'CMLAD', 'CMCTY', 'SA', 'DZ', 'IG', 'CHP',
  'ROA - CPP', 'ROA - Local', 'HB', 'CA', 'SPC', 'NAWC', 'CDRP', 'COM', 'AgricSmall', 'CFA',
];

/**
 * The geoCodeType of a GSS entity (the code's first three characters), from the codelist's own
 * table of entities. W15 (Welsh police force areas) is not in the codelist; it is the same kind
 * of area as E23, so it is typed PFA too.
 */
const TYPE_OF_ENTITY: Readonly<Record<string, string>> = {
  E00: 'OA', E01: 'LSOA', E02: 'MSOA', E04: 'PAR', E05: 'WD', E06: 'UA', E07: 'NMD', E08: 'MD', E09: 'LONB', E10: 'CTY', E12: 'RGN/GOR',
  E14: 'WPC', E15: 'EER', E22: 'CSP', E23: 'PFA', E31: 'FRA', E38: 'CCG',
  W00: 'OA', W01: 'LSOA', W02: 'MSOA', W03: 'USOA', W04: 'COM', W05: 'WD', W06: 'UA', W07: 'WPC', W09: 'NAWC', W14: 'CDRP', W15: 'PFA',
  S00: 'OA', S01: 'DZ', S02: 'IG', S12: 'CA', S13: 'WD', S14: 'WPC', S16: 'SPC',
  N00: 'SA', N06: 'WPC',
};

/** What kind of area a GSS code names, as 360Giving's geoCodeType; null when the codelist has no type for it. */
export function geoCodeTypeOf(geoCode: string): string | null {
  return TYPE_OF_ENTITY[geoCode.slice(0, 3).toUpperCase()] ?? null;
}

/** Every GSS code is in the United Kingdom: ISO 3166-1 `GB`. */
export function countryCodeOf(geoCode: string): 'GB' | null {
  return GSS_CODE.test(geoCode) ? 'GB' : null;
}

const COUNCIL_BY_ORG_ID = new Map(LOCAL_AUTHORITIES.map(([orgId, name, geoCode, endDate]) => [orgId, { name, geoCode, endDate: endDate ?? null }]));
const PLACE_BY_CODE = new Map<string, string>([
  ...LOCAL_AUTHORITIES.map(([, name, geoCode]): [string, string] => [geoCode, name]),
  ...POLICE_FORCE_AREAS.map(([geoCode, name]): [string, string] => [geoCode, `${name} police force area`]),
]);

/**
 * A council's area by its org-id (GB-LAE-CHW, GB-PLA-CRF), from the shipped register data:
 * null for any other identifier, or a council the data does not know.
 */
export function councilArea(orgId: string | null | undefined): { name: string; geoCode: string; endDate: string | null } | null {
  return orgId ? (COUNCIL_BY_ORG_ID.get(orgId.trim().toUpperCase()) ?? null) : null;
}

/** The name of an area the shipped data knows (a council, a police force area), else null. */
export function placeName(geoCode: string): string | null {
  return PLACE_BY_CODE.get(geoCode.toUpperCase()) ?? null;
}

/** Where a grant's beneficiaries are: a named area, with its GSS code and type when it has one. */
export interface BeneficiaryLocationInput {
  name: string;
  geoCode?: string | null;
  geoCodeType?: string | null;
}

export interface BeneficiaryLocation {
  name: string;
  geoCode: string | null;
  geoCodeType: string | null;
}

/**
 * Beneficiary locations as stored: names trimmed, codes upper-cased, each type taken from its
 * code when not given. Problems name the field (`beneficiaryLocations[1].geoCode`); an area
 * given twice is one.
 */
export function checkBeneficiaryLocations(input: readonly BeneficiaryLocationInput[], field = 'beneficiaryLocations'): { locations: BeneficiaryLocation[]; problems: { field: string; message: string }[] } {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  const locations = input.map((l, i) => {
    const at = (name: string) => `${field}[${i}].${name}`;
    const name = l.name.trim();
    const geoCode = l.geoCode?.trim().toUpperCase() || null;
    let geoCodeType = l.geoCodeType?.trim() || null;
    if (!name) problems.push({ field: at('name'), message: 'must not be blank' });
    if (geoCode && !GSS_CODE.test(geoCode)) problems.push({ field: at('geoCode'), message: 'must be an ONS GSS code like E06000050 (a letter and eight digits)' });
    if (!geoCode && geoCodeType) problems.push({ field: at('geoCodeType'), message: 'needs a geoCode to describe' });
    if (geoCodeType && !GEO_CODE_TYPES.includes(geoCodeType)) problems.push({ field: at('geoCodeType'), message: `must be a 360Giving geoCodeType (${GEO_CODE_TYPES.join(', ')})` });
    if (geoCode && GSS_CODE.test(geoCode) && !geoCodeType) {
      geoCodeType = geoCodeTypeOf(geoCode);
      if (!geoCodeType) problems.push({ field: at('geoCodeType'), message: `is required: ${geoCode.slice(0, 3)} codes have no type in 360Giving's codelist to assume` });
    }
    const key = geoCode ?? name.toLowerCase();
    if (seen.has(key)) problems.push({ field: at(geoCode ? 'geoCode' : 'name'), message: `${geoCode ?? name} is given twice` });
    seen.add(key);
    return { name, geoCode, geoCodeType };
  });
  return { locations, problems };
}

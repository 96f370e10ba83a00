/**
 * The org-id.guide registers of the United Kingdom (GB) and of international (XI) and
 * multilateral (XM) identifiers, as listed by org-id/register (lists/gb, lists/xi, lists/xm) at
 * commit f500b45 of 31 July 2026 (https://github.com/org-id/register, ODbL; only the register
 * codes are used here). 360Giving's Data Quality Tool reads the whole list from org-id.guide
 * (over 800 registers, one or more per country); Ringfence publishes UK grants, so it knows these
 * and does not judge other countries' prefixes (see unrecognisedPrefix in giving360-checks.ts).
 * GB-GOVUK is deprecated there (GB-GOR replaces it) but still listed, so still recognised.
 */
export const UK_AND_INTERNATIONAL_ORG_ID_PREFIXES: readonly string[] = [
  'GB-CASC', 'GB-CCSCUST', 'GB-CHC', 'GB-COA', 'GB-COE', 'GB-COH', 'GB-EDU', 'GB-GOR', 'GB-GOV', 'GB-GOVUK', 'GB-HESA', 'GB-IRN', 'GB-LAE',
  'GB-LANI', 'GB-LAS', 'GB-MPR', 'GB-NHS', 'GB-NIC', 'GB-PLA', 'GB-REV', 'GB-SC', 'GB-SCOTEDU', 'GB-SHPE', 'GB-SRS', 'GB-UKPRN', 'GB-WALEDU',
  'XI-BRIDGE', 'XI-DUNS', 'XI-EORI', 'XI-GRID', 'XI-IATI', 'XI-LEI', 'XI-PB', 'XI-PID', 'XI-ROR', 'XI-WIKIDATA',
  'XM-DAC', 'XM-OCHA',
];

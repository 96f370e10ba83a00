import { describe, expect, it } from '@jest/globals';
import { unrecognisedPrefix, yearsFrom } from './giving360-checks.js';
import { giving360QualityWarnings, isPublicSector, summariseChecks } from './giving360-quality.js';
import { Giving360QualityCode as Code, type Giving360Grant, type Giving360Package } from './giving360.types.js';

const TODAY = '2026-11-24';
const FUNDER = { id: '360G-ringfence-org-6f1d3c52-0000-4000-8000-0000000000aa', name: 'Police and Crime Commissioner for Cheshire' };
const CHESHIRE = { name: 'Cheshire police force area', geoCode: 'E23000006', geoCodeType: 'PFA', countryCode: 'GB' as const };

/** A grant with everything the tool asks for: only the funder prefix and the council's number notice remain. */
function grant(fields: Partial<Giving360Grant> = {}): Giving360Grant {
  return {
    id: '360G-ringfence-CHES-1415-01',
    title: 'Community Safety Funding 2014/15: Cheshire West and Chester Council',
    description: 'Community Safety Funding from Police and Crime Commissioner for Cheshire to Cheshire West and Chester Council.',
    currency: 'GBP',
    amountAwarded: 158100,
    awardDate: '2014-04-01',
    plannedDates: [{ startDate: '2014-04-01', endDate: '2015-03-31' }],
    recipientOrganization: [{ id: 'GB-LAE-CHW', name: 'Cheshire West and Chester Council', location: [{ name: 'Cheshire West and Chester Council', geoCode: 'E06000050', geoCodeType: 'UA', countryCode: 'GB' }] }],
    fundingOrganization: [FUNDER],
    grantProgramme: [{ code: 'stream-1', title: 'Crime and Disorder Reduction Grants 2014/15' }],
    beneficiaryLocation: [{ name: 'Cheshire West and Chester', geoCode: 'E06000050', geoCodeType: 'UA', countryCode: 'GB' }],
    dateModified: '2014-03-20T10:00:00.000Z',
    dataSource: 'https://grants.example.org/360giving?financialYear=2014%2F15',
    ...fields,
  };
}

const warningsOf = (...grants: Giving360Grant[]) => giving360QualityWarnings({ grants } satisfies Giving360Package, TODAY);
/** The notices beyond the two every demo grant to a council has. */
const extraOf = (...grants: Giving360Grant[]) =>
  warningsOf(...grants)
    .filter((w) => w.code !== Code.FundingOrg360GPrefix && !(w.code === Code.NoRecipientOrgCompanyCharityNumber && w.ignorable))
    .map((w) => [w.code, w.path]);

describe("360Giving's data quality checks, by the official tool's names", () => {
  it('leaves a complete grant to a council with only the funder prefix and the ignorable number notice', () => {
    expect(warningsOf(grant())).toEqual([
      { code: Code.FundingOrg360GPrefix, kind: 'usefulness', path: 'grants/0/fundingOrganization/0/id', grantId: '360G-ringfence-CHES-1415-01', message: expect.stringContaining(FUNDER.name) },
      {
        code: Code.NoRecipientOrgCompanyCharityNumber,
        kind: 'usefulness',
        path: 'grants/0/recipientOrganization/0/id',
        grantId: '360G-ringfence-CHES-1415-01',
        message: expect.stringContaining('neither a charity number nor a company number'),
        ignorable: expect.stringContaining('GB-LAE-CHW is a public body'),
      },
    ]);
  });

  it.each([
    ['no beneficiary location', { beneficiaryLocation: undefined }, [[Code.NoBeneficiaryLocation, 'grants/0/id'], [Code.RecipientGeoDataButNoBeneficiary, 'grants/0/recipientOrganization/0/location']]],
    ['no data source', { dataSource: undefined }, [[Code.NoDataSource, 'grants/0/id']]],
    ['no last modified', { dateModified: '' }, [[Code.NoLastModified, 'grants/0/id']]],
    ['no grant programme', { grantProgramme: [] }, [[Code.NoGrantProgramme, 'grants/0/id']]],
    ['a description that repeats the title', { description: 'Same' , title: 'Same' }, [[Code.TitleDescriptionSame, 'grants/0/description']]],
    ['a title over 140 characters', { title: 'x'.repeat(141) }, [[Code.TitleLength, 'grants/0/title']]],
    ['no planned dates', { plannedDates: [] }, [[Code.PlannedDurationNotPresent, 'grants/0/id']]],
    ['a beneficiary area with no code', { beneficiaryLocation: [CHESHIRE, { name: 'Grange, Runcorn' }] }, [[Code.BeneficiaryLocationNameButNoCode, 'grants/0/beneficiaryLocation/1/name']]],
    ['an award of £0', { amountAwarded: 0 }, [[Code.ZeroAmountTest, 'grants/0/amountAwarded']]],
    ['an award date in the future', { awardDate: '2026-11-25', plannedDates: [{ startDate: '2027-04-01', endDate: '2028-03-31' }] }, [[Code.PostDatedAwardDates, 'grants/0/awardDate']]],
    ['a date over 25 years ago', { awardDate: '2001-11-23' }, [[Code.FarPastDates, 'grants/0/awardDate']]],
    ['a planned date over 12 years ahead', { plannedDates: [{ startDate: '2014-04-01', endDate: '2038-11-25' }] }, [[Code.FarFuturePlannedDates, 'grants/0/plannedDates/0/endDate']]],
    ['a date that does not exist', { awardDate: '2014-02-29' }, [[Code.ImpossibleDates, 'grants/0/awardDate']]],
    ['a planned start after its end', { awardDate: '2014-01-01', plannedDates: [{ startDate: '2015-03-31', endDate: '2014-04-01' }] }, [[Code.PlannedStartDateBeforeEndDate, 'grants/0/plannedDates/0/startDate']]],
    ['an email address in the description', { description: 'Contact j.bloggs@cheshire.pnn.police.uk.' }, [[Code.LooksLikeEmail, 'grants/0/description']]],
    ['a line break in the grant id', { id: '360G-ringfence-A\nB' }, [[Code.GrantIdUnexpectedChars, 'grants/0/id']]],
    ['a decision after the planned end (our own check)', { awardDate: '2015-04-01' }, [[Code.AwardDateAfterPlannedEnd, 'grants/0/awardDate']]],
  ])('flags %s', (_, fields, expected) => {
    expect(extraOf(grant(fields as Partial<Giving360Grant>))).toEqual(expected);
  });

  it('flags a recipient known only by our prefix, with no location: three notices, none ignorable', () => {
    const yots = { id: '360G-ringfence-org-6f1d3c52-0000-4000-8000-000000000009', name: 'Youth Offending Teams across Cheshire' };
    const warnings = warningsOf(grant({ recipientOrganization: [yots] })).filter((w) => w.path.includes('recipientOrganization'));
    expect(warnings.map((w) => [w.code, w.ignorable])).toEqual([
      [Code.RecipientOrg360GPrefix, undefined],
      [Code.NoRecipientOrgCompanyCharityNumber, undefined],
      [Code.IncompleteRecipientOrg, undefined],
      [Code.BeneficiaryButNotRecipientGeoData, undefined],
    ]);
  });

  it('checks the numbers and identifiers a recipient gives, as the tool does', () => {
    const charity = (fields: object) => grant({ recipientOrganization: [{ id: 'GB-CHC-1234567', name: 'A charity', postalCode: 'CH1 2HS', ...fields }] });
    expect(extraOf(charity({ charityNumber: '1234567' }))).toEqual([]);
    expect(extraOf(charity({ charityNumber: 'SC012345' }))).toEqual([]);
    expect(extraOf(charity({ charityNumber: '1234' }))).toEqual([[Code.RecipientOrgCharityNumber, 'grants/0/recipientOrganization/0/charityNumber']]);
    expect(extraOf(charity({ charityNumber: '1234567', companyNumber: '123' }))).toEqual([[Code.RecipientOrgCompanyNumber, 'grants/0/recipientOrganization/0/companyNumber']]);
    expect(extraOf(charity({ id: 'GB-CHC-12', charityNumber: '1234567' }))).toEqual([[Code.OrganizationIdLooksInvalid, 'grants/0/recipientOrganization/0/id']]);
    expect(extraOf(charity({ id: 'GB-NOPE-1', charityNumber: '1234567' }))).toEqual([[Code.RecipientOrgUnrecognisedPrefix, 'grants/0/recipientOrganization/0/id']]);
  });

  it('knows the UK and international registers, and does not judge other countries\' prefixes', () => {
    for (const id of ['GB-LAE-CHW', 'GB-PLA-CRF', 'GB-GOR-D9', 'GB-COH-01234567', 'XI-IATI-GB-1', '360G-ringfence-org-x', 'US-EIN-123', 'NL-KVK-1']) expect([id, unrecognisedPrefix(id)]).toEqual([id, false]);
    for (const id of ['GB-NOPE-1', 'XI-NOPE-1', 'nonsense', '']) expect([id, unrecognisedPrefix(id)]).toEqual([id, true]);
  });

  it('looks at the whole file for funders: more than one, or one funder with two names or two ids', () => {
    const halton = { id: 'GB-LAE-HAL', name: 'Halton Borough Council' };
    expect(extraOf(grant(), grant({ id: '360G-ringfence-X', fundingOrganization: [halton] }))).toEqual([[Code.MoreThanOneFundingOrg, 'grants']]);
    expect(extraOf(grant(), grant({ id: '360G-ringfence-Y', fundingOrganization: [{ ...FUNDER, name: 'Cheshire PCC' }] }))).toEqual([[Code.MultiFundingNamesForOrgId, 'grants/1/fundingOrganization/0/name']]);
    expect(extraOf(grant(), grant({ id: '360G-ringfence-Z', fundingOrganization: [{ ...halton, name: FUNDER.name }] }))).toEqual([
      [Code.MoreThanOneFundingOrg, 'grants'],
      [Code.MultiFundingOrgIdsForName, 'grants/1/fundingOrganization/0/id'],
    ]);
  });

  it('marks the number notice ignorable only for bodies on a public-sector register', () => {
    for (const id of ['GB-LAE-CHW', 'GB-LAS-ABE', 'GB-LANI-BEL', 'GB-PLA-CRF', 'GB-GOR-D9', 'GB-GOVUK-home_office', 'GB-NHS-RBT', 'gb-lae-chw']) {
      expect([id, isPublicSector(id)]).toEqual([id, true]);
    }
    for (const id of ['GB-EDU-123456', 'GB-UKPRN-10007792', 'GB-SHPE-L0001', 'GB-SC-SC012345', 'GB-LAE', 'GB-LAE-', 'GB-LAEX-1', '360G-ringfence-org-x', 'XI-PB-GB-LAE-CHW']) {
      expect([id, isPublicSector(id)]).toEqual([id, false]);
    }
  });

  it('summarises each check that found something: grants concerned, notices and ignorable ones', () => {
    const warnings = warningsOf(grant(), grant({ id: '360G-ringfence-B', dataSource: undefined }));
    expect(summariseChecks(warnings)).toEqual([
      { code: Code.FundingOrg360GPrefix, kind: 'usefulness', grants: 2, notices: 2, ignorable: 0 },
      { code: Code.NoRecipientOrgCompanyCharityNumber, kind: 'usefulness', grants: 2, notices: 2, ignorable: 2 },
      { code: Code.NoDataSource, kind: 'usefulness', grants: 1, notices: 1, ignorable: 0 },
    ]);
  });

  it('moves dates by whole years', () => {
    expect([yearsFrom('2026-11-24', 12), yearsFrom('2026-11-24', -25), yearsFrom('2024-02-29', 1)]).toEqual(['2038-11-24', '2001-11-24', '2025-03-01']);
  });
});

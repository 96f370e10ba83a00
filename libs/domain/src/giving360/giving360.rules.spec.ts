import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { penceToPounds } from '#platform/index.js';
import { giving360PackageValidator } from '../../../../test/helpers/giving360-validator.js';
import { Giving360ErrorCode } from './giving360.errors.js';
import { buildPackage, chooseFunder, dataSourceFor, formatPounds, grantDescription, londonDate, organisationId, poundsFromPence, toOrganization } from './giving360.rules.js';
import type { Giving360AwardRow, Giving360OrganisationRow } from './giving360.types.js';

const PREFIX = '360G-ringfence';

function organisation(fields: Partial<Giving360OrganisationRow> = {}): Giving360OrganisationRow {
  return { id: '6f1d3c52-0000-4000-8000-000000000001', name: 'Some Organisation', identifier360: null, charityNumber: null, companyNumber: null, postcode: null, geoCode: null, ...fields };
}

const PCC = organisation({ id: '6f1d3c52-0000-4000-8000-0000000000aa', name: 'Police and Crime Commissioner for Cheshire' });
const WARRINGTON = organisation({ id: '6f1d3c52-0000-4000-8000-0000000000bb', name: 'Warrington Borough Council', identifier360: 'GB-LAE-WRT' });

function award(fields: Partial<Giving360AwardRow> = {}): Giving360AwardRow {
  return {
    awardId: '0c6a0e4e-0000-4000-8000-000000000001',
    reference: 'CHES-1415-07',
    title: 'Community Safety Funding 2014/15: Warrington Borough Council',
    description: null,
    grantType: 'Community Safety Funding',
    amountPence: 13291700,
    startDate: '2014-04-01',
    endDate: '2015-03-31',
    approvedAt: new Date('2014-03-20T10:00:00Z'),
    decisionDate: '2014-03-20',
    updatedAt: new Date('2014-03-20T10:00:00.123Z'),
    fundingStreamId: '2b5e8f00-0000-4000-8000-000000000001',
    fundingStreamName: 'Crime and Disorder Reduction Grants 2014/15',
    recipient: WARRINGTON,
    commissioner: PCC,
    coFunders: [],
    includedLines: [],
    beneficiaryLocations: [],
    ...fields,
  };
}

/** The exact decimal 360Giving should print: penceToPounds without trailing zeros. */
const canonical = (pence: number) => penceToPounds(pence).replace(/\.00$/, '').replace(/(\.\d)0$/, '$1');

describe('poundsFromPence: exact pounds for amountAwarded', () => {
  it.each([
    [13291700, 132917],
    [80145600, 801456],
    [5, 0.05],
    [10, 0.1],
    [1, 0.01],
    [0, 0],
    [123456789012, 1234567890.12],
  ])('%d pence is %d pounds', (pence, pounds) => {
    expect(poundsFromPence(pence)).toBe(pounds);
    expect(JSON.stringify(poundsFromPence(pence))).toBe(canonical(pence));
  });

  it('writes every amount up to £9,999,999,999,999.99 as the exact decimal in JSON', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999_999_999 }), (pence) => JSON.stringify(poundsFromPence(pence)) === canonical(pence)),
      { numRuns: 5000 },
    );
  });

  it('refuses what it cannot write exactly rather than rounding', () => {
    expect(() => poundsFromPence(1.5)).toThrow(/whole number of pence/);
    expect(() => poundsFromPence(Number.MAX_SAFE_INTEGER)).toThrow(/exactly/);
  });
});

describe('londonDate: the approval date in Europe/London', () => {
  it.each([
    ['2014-06-30T23:30:00Z', '2014-07-01'], // BST: already the next day in London
    ['2014-12-31T23:30:00Z', '2014-12-31'], // GMT
    ['2015-03-29T00:30:00Z', '2015-03-29'], // the night the clocks go forward
    ['2014-10-25T23:30:00Z', '2014-10-26'], // the night the clocks go back, still BST
  ])('%s is %s', (instant, date) => expect(londonDate(new Date(instant))).toBe(date));
});

describe('organisations', () => {
  it('uses the org-id.guide identifier when there is one, else the publisher prefix and our uuid', () => {
    expect(organisationId(WARRINGTON, PREFIX)).toBe('GB-LAE-WRT');
    expect(organisationId(PCC, PREFIX)).toBe(`${PREFIX}-org-${PCC.id}`);
    expect(organisationId(organisation({ identifier360: '  ' }), PREFIX)).toBe(`${PREFIX}-org-6f1d3c52-0000-4000-8000-000000000001`);
  });

  it('gives a recipient its charity number, company number and postcode, leaving out what is blank', () => {
    expect(toOrganization(organisation({ identifier360: 'GB-CHC-1234567', charityNumber: '1234567', companyNumber: '01234567', postcode: 'CH1 2HS' }), PREFIX, true)).toEqual({
      id: 'GB-CHC-1234567',
      name: 'Some Organisation',
      charityNumber: '1234567',
      companyNumber: '01234567',
      postalCode: 'CH1 2HS',
    });
    expect(toOrganization(organisation({ charityNumber: ' ', postcode: '' }), PREFIX, true)).toEqual({ id: `${PREFIX}-org-6f1d3c52-0000-4000-8000-000000000001`, name: 'Some Organisation' });
  });

  it('reads the number from a charity or company register identifier when the column is empty, never overriding the column', () => {
    expect(toOrganization(organisation({ identifier360: 'GB-CHC-1099876' }), PREFIX, true)).toMatchObject({ charityNumber: '1099876' });
    expect(toOrganization(organisation({ identifier360: 'GB-SC-SC012345' }), PREFIX, true)).toMatchObject({ charityNumber: 'SC012345' });
    expect(toOrganization(organisation({ identifier360: 'GB-COH-09876543' }), PREFIX, true)).toMatchObject({ companyNumber: '09876543' });
    expect(toOrganization(organisation({ identifier360: 'GB-COH-09876543', companyNumber: '09876543', charityNumber: '1111111' }), PREFIX, true)).toMatchObject({
      companyNumber: '09876543',
      charityNumber: '1111111',
    });
    const council = toOrganization(WARRINGTON, PREFIX, true);
    expect(council).not.toHaveProperty('charityNumber');
    expect(council).not.toHaveProperty('companyNumber');
  });

  it('gives a funder only its id and name', () => {
    expect(toOrganization(organisation({ identifier360: 'GB-CHC-1234567', postcode: 'CH1 2HS' }), PREFIX, false)).toEqual({ id: 'GB-CHC-1234567', name: 'Some Organisation' });
  });
});

describe('chooseFunder: exactly one funding organisation', () => {
  const otherPcc = organisation({ id: '6f1d3c52-0000-4000-8000-0000000000cc', name: 'Police and Crime Commissioner for Merseyside' });
  it('is the stream\'s commissioning body when it names one, whatever the PCCs', () => {
    expect(chooseFunder(WARRINGTON, [PCC, otherPcc])).toBe(WARRINGTON);
  });
  it('falls back to the only PCC', () => expect(chooseFunder(null, [PCC])).toBe(PCC));
  it('does not guess between two PCCs or without any', () => {
    expect(chooseFunder(null, [PCC, otherPcc])).toBeNull();
    expect(chooseFunder(null, [])).toBeNull();
  });
});

describe('grantDescription: never empty', () => {
  it('keeps the award\'s own description', () => {
    expect(grantDescription(award({ description: 'Reducing reoffending in Warrington.' }), PCC.name)).toBe('Reducing reoffending in Warrington.');
  });

  it('builds a sentence from grant type, funder, recipient and stream when the description is empty', () => {
    for (const description of [null, '', '   ']) {
      expect(grantDescription(award({ description }), PCC.name)).toBe(
        'Community Safety Funding from Police and Crime Commissioner for Cheshire to Warrington Borough Council, under Crime and Disorder Reduction Grants 2014/15.',
      );
    }
  });

  it('tells "included within" lines and co-funders in words (co-funders are not funding organisations)', () => {
    const text = grantDescription(
      award({ description: 'Rape and sexual abuse support.', includedLines: ['Positive Futures'], coFunders: [{ name: 'NHS England', amountPence: 5000000 }, { name: 'Halton Borough Council', amountPence: 1234505 }] }),
      PCC.name,
    );
    expect(text).toBe('Rape and sexual abuse support. Includes Positive Futures. Jointly commissioned with NHS England (contributing £50,000.00) and Halton Borough Council (contributing £12,345.05).');
  });

  it('formats pounds exactly with thousands separators', () => {
    expect([formatPounds(5), formatPounds(100), formatPounds(80145600), formatPounds(123456789)]).toEqual(['£0.05', '£1.00', '£801,456.00', '£1,234,567.89']);
  });
});

describe('buildPackage', () => {
  it('makes one valid 360Giving grant per award, with the id from the publisher prefix and the award reference', () => {
    const pkg = buildPackage([award(), award({ reference: 'CHES-1415-08', amountPence: 5, awardId: '0c6a0e4e-0000-4000-8000-000000000002' })], [], PREFIX);
    expect(pkg.grants.map((g) => g.id)).toEqual(['360G-ringfence-CHES-1415-07', '360G-ringfence-CHES-1415-08']);
    expect(pkg.grants[0]).toEqual({
      id: '360G-ringfence-CHES-1415-07',
      title: 'Community Safety Funding 2014/15: Warrington Borough Council',
      description: 'Community Safety Funding from Police and Crime Commissioner for Cheshire to Warrington Borough Council, under Crime and Disorder Reduction Grants 2014/15.',
      currency: 'GBP',
      amountAwarded: 132917,
      awardDate: '2014-03-20',
      plannedDates: [{ startDate: '2014-04-01', endDate: '2015-03-31' }],
      recipientOrganization: [
        { id: 'GB-LAE-WRT', name: 'Warrington Borough Council', location: [{ name: 'Warrington Borough Council', geoCode: 'E06000007', geoCodeType: 'UA', countryCode: 'GB' }] },
      ],
      fundingOrganization: [{ id: `${PREFIX}-org-${PCC.id}`, name: 'Police and Crime Commissioner for Cheshire' }],
      grantProgramme: [{ code: '2b5e8f00-0000-4000-8000-000000000001', title: 'Crime and Disorder Reduction Grants 2014/15' }],
      dateModified: '2014-03-20T10:00:00.123Z',
    });
    expect(pkg.grants[1]!.amountAwarded).toBe(0.05);
    const result = giving360PackageValidator()(pkg);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('is checked by a validator that does refuse what the standard refuses', () => {
    const validate = giving360PackageValidator();
    const [good] = buildPackage([award()], [], PREFIX).grants;
    const { description: _description, ...undescribed } = good!;
    expect(validate({ grants: [] }).valid).toBe(false);
    expect(validate({ grants: [undescribed] }).valid).toBe(false);
    expect(validate({ grants: [{ ...good, amountAwarded: '132917.00' }] }).valid).toBe(false);
    expect(validate({ grants: [{ ...good, currency: 'XYZ' }] }).valid).toBe(false);
    expect(validate({ grants: [{ ...good, awardDate: '20/03/2014' }] }).valid).toBe(false);
    expect(validate({ grants: [{ ...good, fundingOrganization: [{ name: 'No id' }] }] }).valid).toBe(false);
  });

  it('gives beneficiary locations with their types and country, and the data source, on every grant', () => {
    const served = award({
      beneficiaryLocations: [
        { name: 'Cheshire police force area', geoCode: 'E23000006', geoCodeType: null },
        { name: 'Halton', geoCode: 'E06000006', geoCodeType: 'UA' },
        { name: 'Grange, Runcorn', geoCode: null, geoCodeType: null },
      ],
    });
    const [grant] = buildPackage([served], [], PREFIX, dataSourceFor('https://grants.example.org/360?financialYear={financialYear}', '2014/15')).grants;
    expect(grant!.beneficiaryLocation).toEqual([
      { name: 'Cheshire police force area', geoCode: 'E23000006', geoCodeType: 'PFA', countryCode: 'GB' },
      { name: 'Halton', geoCode: 'E06000006', geoCodeType: 'UA', countryCode: 'GB' },
      { name: 'Grange, Runcorn' },
    ]);
    expect(grant!.dataSource).toBe('https://grants.example.org/360?financialYear=2014%2F15');
    expect(giving360PackageValidator()({ grants: [grant] }).errors).toEqual([]);
    const [bare] = buildPackage([award()], [], PREFIX).grants;
    expect(bare).not.toHaveProperty('beneficiaryLocation');
    expect(bare).not.toHaveProperty('dataSource');
  });

  it('locates a recipient by its recorded GSS code, else a council by its org-id, else not at all', () => {
    expect(toOrganization(organisation({ geoCode: 'E23000006' }), PREFIX, true).location).toEqual([{ name: 'Cheshire police force area', geoCode: 'E23000006', geoCodeType: 'PFA', countryCode: 'GB' }]);
    expect(toOrganization(organisation({ identifier360: 'GB-PLA-CRF' }), PREFIX, true).location).toEqual([{ name: 'City of Cardiff Council', geoCode: 'W06000015', geoCodeType: 'UA', countryCode: 'GB' }]);
    expect(toOrganization(organisation({ identifier360: 'GB-LAE-CHW', geoCode: 'E06000049' }), PREFIX, true).location![0]!.geoCode).toBe('E06000049');
    expect(toOrganization(organisation({ identifier360: 'GB-CHC-1234567' }), PREFIX, true)).not.toHaveProperty('location');
    expect(toOrganization(organisation({ identifier360: 'GB-LAE-CHW' }), PREFIX, false)).not.toHaveProperty('location');
  });

  it('falls back to the only PCC when a stream names no commissioner', () => {
    const pkg = buildPackage([award({ commissioner: null })], [PCC], PREFIX);
    expect(pkg.grants[0]!.fundingOrganization).toEqual([{ id: `${PREFIX}-org-${PCC.id}`, name: PCC.name }]);
  });

  it('refuses with FUNDER_UNKNOWN naming every stream to fix when the funder cannot be determined', () => {
    const orphan = { fundingStreamId: '2b5e8f00-0000-4000-8000-000000000009', fundingStreamName: 'Hotspot policing 2024/25', commissioner: null };
    const run = () => buildPackage([award(), award({ ...orphan, reference: 'X-1' }), award({ ...orphan, reference: 'X-2' })], [], PREFIX);
    expect(run).toThrow(expect.objectContaining({ code: Giving360ErrorCode.FunderUnknown, details: { fundingStreamIds: [orphan.fundingStreamId], pccCount: 0 } }));
    expect(run).toThrow(/"Hotspot policing 2024\/25" \(2b5e8f00-0000-4000-8000-000000000009\).*commissionerOrganisationId/);
    expect(() => buildPackage([award(orphan)], [PCC, organisation()], PREFIX)).toThrow(/there are 2 PCC organisations/);
  });
});

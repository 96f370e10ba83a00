import { describe, expect, it } from '@jest/globals';
import { giving360QualityWarnings, isPublicSector } from './giving360-quality.js';
import { Giving360QualityCode as Code, type Giving360Grant, type Giving360Package } from './giving360.types.js';

const TODAY = '2026-11-24';
const FUNDER = { id: '360G-ringfence-org-6f1d3c52-0000-4000-8000-0000000000aa', name: 'Police and Crime Commissioner for Cheshire' };

function grant(fields: Partial<Giving360Grant> = {}): Giving360Grant {
  return {
    id: '360G-ringfence-CHES-1415-01',
    title: 'Community Safety Funding 2014/15: Cheshire West and Chester Council',
    description: 'Community Safety Funding from Police and Crime Commissioner for Cheshire to Cheshire West and Chester Council.',
    currency: 'GBP',
    amountAwarded: 158100,
    awardDate: '2014-03-20',
    plannedDates: [{ startDate: '2014-04-01', endDate: '2015-03-31' }],
    recipientOrganization: [{ id: 'GB-LAE-CHW', name: 'Cheshire West and Chester Council' }],
    fundingOrganization: [FUNDER],
    grantProgramme: [{ code: 'stream-1', title: 'Crime and Disorder Reduction Grants 2014/15' }],
    dateModified: '2014-03-20T10:00:00.000Z',
    ...fields,
  };
}

const warningsOf = (...grants: Giving360Grant[]) => giving360QualityWarnings({ grants } satisfies Giving360Package, TODAY);
const codesOf = (...grants: Giving360Grant[]) => warningsOf(...grants).map((w) => [w.code, w.path]);

describe('360Giving data quality warnings', () => {
  it('finds nothing in a clean grant to a council', () => {
    expect(warningsOf(grant())).toEqual([]);
  });

  it('flags an award of £0, and only £0', () => {
    expect(codesOf(grant({ amountAwarded: 0 }))).toEqual([[Code.ZeroAmount, 'grants/0/amountAwarded']]);
    expect(warningsOf(grant({ amountAwarded: 0.01 }))).toEqual([]);
  });

  it('flags a grant with more than one funding organisation', () => {
    const second = { id: 'GB-GOVUK-home_office', name: 'Home Office' };
    expect(codesOf(grant({ fundingOrganization: [FUNDER, second] }))).toEqual([
      [Code.MoreThanOneFundingOrganisation, 'grants'],
      [Code.MoreThanOneFundingOrganisation, 'grants/0/fundingOrganization'],
    ]);
  });

  it('flags a package whose grants name different funders (360Giving counts distinct funder ids in the file)', () => {
    const warnings = warningsOf(grant(), grant({ id: '360G-ringfence-X', fundingOrganization: [{ id: 'GB-LAE-HAL', name: 'Halton Borough Council' }] }));
    expect(warnings).toEqual([{ code: Code.MoreThanOneFundingOrganisation, path: 'grants', grantId: null, message: expect.stringContaining(`${FUNDER.id}, GB-LAE-HAL`) }]);
    expect(warningsOf(grant(), grant({ id: '360G-ringfence-Y' }))).toEqual([]);
  });

  it('flags text that looks like an email address in any text field, with where it is', () => {
    expect(codesOf(grant({ description: 'Contact j.bloggs@cheshire.pnn.police.uk for the agreement.' }))).toEqual([[Code.LooksLikeEmail, 'grants/0/description']]);
    expect(codesOf(grant({ title: 'Grant (queries: info@example.org)' }))).toEqual([[Code.LooksLikeEmail, 'grants/0/title']]);
    expect(codesOf(grant({ recipientOrganization: [{ id: 'GB-LAE-CHW', name: 'CWAC community.safety@cheshirewestandchester.gov.uk' }] }))).toEqual([
      [Code.LooksLikeEmail, 'grants/0/recipientOrganization/0/name'],
    ]);
    expect(warningsOf(grant({ description: 'Funded at 10@5% rates; see www.example.org.' }))).toEqual([]);
  });

  it('leaves alone a field that is meant to hold an email address, as 360Giving does', () => {
    const recipient = { id: 'GB-LAE-CHW', name: 'Cheshire West and Chester Council', email: 'community.safety@cheshirewestandchester.gov.uk' };
    expect(warningsOf(grant({ recipientOrganization: [recipient] }))).toEqual([]);
  });

  it('flags an award date in the future, but not today', () => {
    expect(codesOf(grant({ awardDate: '2026-11-25', plannedDates: [{ startDate: '2027-04-01', endDate: '2028-03-31' }] }))).toEqual([[Code.FutureAwardDate, 'grants/0/awardDate']]);
    expect(warningsOf(grant({ awardDate: TODAY, plannedDates: [{ startDate: '2027-04-01', endDate: '2028-03-31' }] }))).toEqual([]);
  });

  it('flags an award date before 1990', () => {
    expect(codesOf(grant({ awardDate: '1989-12-31' }))).toEqual([[Code.AwardDateBefore1990, 'grants/0/awardDate']]);
    expect(warningsOf(grant({ awardDate: '1990-01-01' }))).toEqual([]);
  });

  it('flags an award decided after its planned end (a date-time award date is compared by its date)', () => {
    expect(codesOf(grant({ awardDate: '2015-04-01' }))).toEqual([[Code.AwardDateAfterPlannedEnd, 'grants/0/awardDate']]);
    expect(codesOf(grant({ awardDate: '2015-04-01T09:00:00+01:00' }))).toEqual([[Code.AwardDateAfterPlannedEnd, 'grants/0/awardDate']]);
    expect(warningsOf(grant({ awardDate: '2015-03-31' }))).toEqual([]);
  });

  it('reads a partial planned end as the last day it can mean', () => {
    expect(warningsOf(grant({ awardDate: '2015-12-31', plannedDates: [{ startDate: '2015', endDate: '2015' }] }))).toEqual([]);
    expect(codesOf(grant({ awardDate: '2016-03-01', plannedDates: [{ startDate: '2016-01', endDate: '2016-02' }] }))).toEqual([[Code.AwardDateAfterPlannedEnd, 'grants/0/awardDate']]);
    expect(warningsOf(grant({ awardDate: '2016-02-29', plannedDates: [{ startDate: '2016-01', endDate: '2016-02' }] }))).toEqual([]);
  });

  it('flags dates that do not exist', () => {
    expect(codesOf(grant({ awardDate: '2014-02-29' }))).toEqual([[Code.ImpossibleDate, 'grants/0/awardDate']]);
    expect(codesOf(grant({ plannedDates: [{ startDate: '2014-09-31', endDate: '2015-03-31' }] }))).toEqual([[Code.ImpossibleDate, 'grants/0/plannedDates/0/startDate']]);
  });

  it('flags a planned start after the planned end', () => {
    expect(codesOf(grant({ awardDate: '2014-01-01', plannedDates: [{ startDate: '2015-03-31', endDate: '2014-04-01' }] }))).toEqual([[Code.PlannedStartAfterEnd, 'grants/0/plannedDates/0/startDate']]);
  });

  describe('recipients with neither a charity nor a company number', () => {
    it('flags an organisation identified only by our prefix', () => {
      const yots = { id: '360G-ringfence-org-6f1d3c52-0000-4000-8000-000000000009', name: 'Youth Offending Teams across Cheshire' };
      expect(warningsOf(grant({ recipientOrganization: [yots] }))).toEqual([
        {
          code: Code.NoRecipientCharityOrCompanyNumber,
          path: 'grants/0/recipientOrganization/0/id',
          grantId: '360G-ringfence-CHES-1415-01',
          message: expect.stringContaining('Youth Offending Teams across Cheshire'),
        },
      ]);
    });

    it('flags a charity identified by its register but without the number given', () => {
      expect(codesOf(grant({ recipientOrganization: [{ id: 'GB-SHPE-L0001', name: 'A Housing Association' }] }))).toEqual([
        [Code.NoRecipientCharityOrCompanyNumber, 'grants/0/recipientOrganization/0/id'],
      ]);
    });

    it('accepts either number', () => {
      expect(warningsOf(grant({ recipientOrganization: [{ id: 'GB-CHC-1234567', name: 'A charity', charityNumber: '1234567' }] }))).toEqual([]);
      expect(warningsOf(grant({ recipientOrganization: [{ id: 'GB-COH-01234567', name: 'A company', companyNumber: '01234567' }] }))).toEqual([]);
    });

    it('exempts public bodies identified on a public-sector register, and nothing else', () => {
      for (const id of ['GB-LAE-CHW', 'GB-LAS-ABE', 'GB-LANI-BEL', 'GB-PLA-W06000001', 'GB-GOR-D9', 'GB-GOVUK-home_office', 'GB-NHS-RBT', 'gb-lae-chw']) {
        expect([id, isPublicSector(id)]).toEqual([id, true]);
      }
      for (const id of ['GB-EDU-123456', 'GB-UKPRN-10007792', 'GB-SHPE-L0001', 'GB-SC-SC012345', 'GB-LAE', 'GB-LAE-', 'GB-LAEX-1', '360G-ringfence-org-x', 'XI-PB-GB-LAE-CHW']) {
        expect([id, isPublicSector(id)]).toEqual([id, false]);
      }
    });
  });

  it('lists warnings grant by grant, each naming its grant', () => {
    const warnings = warningsOf(grant({ amountAwarded: 0 }), grant({ id: '360G-ringfence-B', awardDate: '2030-01-01' }));
    expect(warnings.map((w) => [w.grantId, w.code])).toEqual([
      ['360G-ringfence-CHES-1415-01', Code.ZeroAmount],
      ['360G-ringfence-B', Code.FutureAwardDate],
      ['360G-ringfence-B', Code.AwardDateAfterPlannedEnd],
    ]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cheshire201415 } from '../../apps/api/src/seed/data/cheshire-2014-15.js';
import { giving360QualityWarnings, Giving360QualityCode, summariseChecks, type Giving360Grant, type Giving360Package, type Giving360QualityWarning } from '../../libs/domain/src/giving360/index.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { giving360PackageValidator } from '../helpers/giving360-validator.js';
import { createTestEnv, loadDemo, loginAs, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/** The plan's figures, from the plan's own data file (apps/api/src/seed/data, docs/data.md#demo-plans), not restated here. */
const PLAN = cheshire201415;
/** GRANTS_PREFIX's default: the test environment does not set it. */
const PREFIX = '360G-ringfence';

const validate = giving360PackageValidator();

/** Exact pence from a JSON amount of pounds, by its decimal text (never by float arithmetic). */
function penceOf(pounds: number): number {
  const [whole, fraction = ''] = String(pounds).split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** Recipients of the year's committed awards that no register identifies, from the database. */
async function unidentifiedRecipients(env: TestEnv, financialYear: string): Promise<string[]> {
  const rows = (await env.db.query(
    `SELECT a.reference FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id JOIN organisation o ON o.id = a.recipient_organisation_id
      WHERE s.financial_year = $1 AND a.status <> 'draft' AND a.status <> 'cancelled' AND o.identifier360 IS NULL`,
    [financialYear],
  )) as { reference: string }[];
  return rows.map((r) => `${PREFIX}-${r.reference}`);
}

/**
 * The notices the data does not explain. Explained: the funder known by our prefix (the plan gives
 * the PCC no org-id); no charity or company number for a council (ignorable, the tool says) or for
 * a recipient no register identifies, which is then also known by our prefix.
 */
function noticesBeyondExplained(pkg: Giving360Package, warnings: Giving360QualityWarning[], unidentified: string[]): Giving360QualityWarning[] {
  return warnings.filter((w) => {
    const grant = pkg.grants.find((g) => g.id === w.grantId);
    if (w.code === Giving360QualityCode.FundingOrg360GPrefix) return !grant?.fundingOrganization[0]!.id.startsWith(`${PREFIX}-org-`);
    if (w.code === Giving360QualityCode.NoRecipientOrgCompanyCharityNumber) return !(w.ignorable && grant?.recipientOrganization[0]!.id.startsWith('GB-LAE-')) && !unidentified.includes(w.grantId!);
    if (w.code === Giving360QualityCode.RecipientOrg360GPrefix) return !unidentified.includes(w.grantId!);
    return true;
  });
}

describe('the 360Giving export', () => {
  let env: TestEnv;
  let viewer: string;
  let commissioner: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    env = await demoEnv();
    ({ viewer, commissioner } = await demoAs(env, 'viewer', 'commissioner'));
  }, 120_000);
  afterAll(() => env.close());

  describe('Cheshire 2014/15', () => {
    let pkg: Giving360Package;
    beforeAll(async () => {
      const res = await env.http().get('/api/exports/360giving?financialYear=2014/15').set(as(viewer));
      expect(res.status).toBe(200);
      pkg = res.body as Giving360Package;
    });

    it('is a valid 360Giving package', () => {
      const result = validate(pkg);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
    });

    it('has the nine grants of the plan, to the penny: £801,456', () => {
      expect(pkg.grants).toHaveLength(9);
      expect(pkg.grants.map((g) => penceOf(g.amountAwarded))).toEqual(PLAN.awards.map((a) => a.amountPence));
      expect(pkg.grants.reduce((sum, g) => sum + g.amountAwarded, 0)).toBe(801456);
      expect(pkg.grants.reduce((sum, g) => sum + penceOf(g.amountAwarded), 0)).toBe(PLAN.totalPence);
      const warrington = pkg.grants.find((g) => g.recipientOrganization[0]!.id === 'GB-LAE-WRT' && g.title.startsWith('Community Safety Funding'));
      expect(warrington?.amountAwarded).toBe(132917);
      expect(warrington?.description).toContain('Includes Positive Futures.');
    });

    it('gives each grant the publisher prefix and its award reference as id', async () => {
      const references = (await env.db.query(
        `SELECT a.reference FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = '2014/15' ORDER BY a.created_at, a.reference`,
      )) as { reference: string }[];
      expect(pkg.grants.map((g) => g.id)).toEqual(references.map((r) => `${PREFIX}-${r.reference}`));
      for (const g of pkg.grants) expect(g.id).toMatch(/^360G-ringfence-CHES-1415-\d{2}$/);
      expect(new Set(pkg.grants.map((g) => g.id)).size).toBe(9);
    });

    it('names exactly one funder per grant: the PCC, by our prefix since the plan gives it no org-id', async () => {
      const [pcc] = (await env.db.query(`SELECT id, name FROM organisation WHERE kind = 'pcc'`)) as { id: string; name: string }[];
      for (const g of pkg.grants) expect(g.fundingOrganization).toEqual([{ id: `${PREFIX}-org-${pcc!.id}`, name: PLAN.commissioner.name }]);
    });

    it('identifies councils by their org-id and the Youth Offending Teams by our prefix', async () => {
      expect(pkg.grants.map((g) => g.recipientOrganization[0]!.id.replace(/-org-[0-9a-f-]{36}$/, '-org-<uuid>'))).toEqual(
        PLAN.awards.map((a) => a.identifier360 ?? `${PREFIX}-org-<uuid>`),
      );
      expect(pkg.grants.map((g) => g.recipientOrganization[0]!.name)).toEqual(PLAN.awards.map((a) => a.organisation));
    });

    it('dates each grant by its recorded decision date, and plans it over the financial year', async () => {
      const approvals = (await env.db.query(
        `SELECT a.decision_date::text AS day FROM award a
           JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = '2014/15' ORDER BY a.created_at, a.reference`,
      )) as { day: string }[];
      expect(pkg.grants.map((g) => g.awardDate)).toEqual(approvals.map((r) => r.day));
      for (const g of pkg.grants) expect(g.plannedDates).toEqual([{ startDate: '2014-04-01', endDate: '2015-03-31' }]);
    });

    it('puts every grant in its stream\'s programme and never leaves a description empty', async () => {
      const [stream] = (await env.db.query(`SELECT id, name FROM funding_stream WHERE financial_year = '2014/15'`)) as { id: string; name: string }[];
      for (const g of pkg.grants) {
        expect(g.grantProgramme).toEqual([{ code: stream!.id, title: PLAN.fundingStream.name }]);
        expect(g.description.trim().length).toBeGreaterThan(20);
        expect(g.description).not.toBe(g.title);
        expect(g.currency).toBe('GBP');
      }
      const yots = pkg.grants.find((g) => g.recipientOrganization[0]!.name === 'Youth Offending Teams across Cheshire')!;
      expect(yots.description).toBe(
        `Preventing Youth Offending from ${PLAN.commissioner.name} to Youth Offending Teams across Cheshire, under ${PLAN.fundingStream.name}.`,
      );
    });

    it('locates every recipient and every grant\'s beneficiaries, and names the file as its data source', () => {
      const areas = [['Cheshire West and Chester', 'E06000050'], ['Cheshire East', 'E06000049'], ['Halton', 'E06000006'], ['Warrington', 'E06000007']];
      for (const g of pkg.grants) {
        const recipient = g.recipientOrganization[0]!;
        const council = areas.find(([name]) => recipient.name.startsWith(name!));
        const [name, geoCode, geoCodeType] = council ? [council[0]!, council[1]!, 'UA'] : ['Cheshire police force area', 'E23000006', 'PFA'];
        expect([g.id, recipient.location]).toEqual([g.id, [{ name: council ? recipient.name : name, geoCode, geoCodeType, countryCode: 'GB' }]]);
        expect([g.id, g.beneficiaryLocation]).toEqual([g.id, [{ name, geoCode, geoCodeType, countryCode: 'GB' }]]);
        expect(g.dataSource).toBe('http://localhost:3000/api/exports/360giving?financialYear=2014%2F15');
        expect(Date.parse(g.dateModified)).not.toBeNaN();
      }
    });

    it('leaves only the notices its data explains: the funder\'s prefix, and no charity or company number for the councils', async () => {
      const res = await env.http().get('/api/exports/360giving/quality?financialYear=2014/15').set(as(viewer));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ financialYear: '2014/15', grantCount: 9, checks: summariseChecks(res.body.warnings), warnings: giving360QualityWarnings(pkg, todayInLondon()) });
      expect(noticesBeyondExplained(pkg, res.body.warnings, await unidentifiedRecipients(env, '2014/15'))).toEqual([]);
      const byCheck = Object.fromEntries((res.body.checks as { code: string; grants: number; ignorable: number }[]).map((c) => [c.code, [c.grants, c.ignorable]]));
      // The Youth Offending Teams: no org-id in the plan, so our prefix and no number (not ignorable).
      expect(byCheck).toEqual({ FundingOrg360GPrefix: [9, 0], NoRecipientOrgCompanyCharityNumber: [9, 8], RecipientOrg360GPrefix: [1, 0] });
    });
  });

  describe('the victims\' services 2024/25', () => {
    it('is valid, located and sourced on every grant, with only the notices its data explains', async () => {
      const res = await env.http().get('/api/exports/360giving?financialYear=2024/25').set(as(viewer));
      expect(res.status).toBe(200);
      const pkg = res.body as Giving360Package;
      expect(validate(pkg).errors).toEqual([]);
      expect(pkg.grants).toHaveLength(4);
      const cheshire = [{ name: 'Cheshire police force area', geoCode: 'E23000006', geoCodeType: 'PFA', countryCode: 'GB' }];
      for (const g of pkg.grants) {
        expect([g.id, g.recipientOrganization[0]!.location, g.beneficiaryLocation]).toEqual([g.id, cheshire, cheshire]);
        expect(g.dataSource).toBe('http://localhost:3000/api/exports/360giving?financialYear=2024%2F25');
      }
      const quality = await env.http().get('/api/exports/360giving/quality?financialYear=2024/25').set(as(viewer));
      expect(noticesBeyondExplained(pkg, quality.body.warnings, await unidentifiedRecipients(env, '2024/25'))).toEqual([]);
      // The plan's data gives no org-id or charity number for CARES, RASASC or Remedi.
      expect(quality.body.checks.map((c: { code: string }) => c.code)).toEqual(['RecipientOrg360GPrefix', 'FundingOrg360GPrefix', 'NoRecipientOrgCompanyCharityNumber']);
    });
  });

  describe('a publisher fixing what the checks say', () => {
    it('sets beneficiary locations on create and PATCH, each type taken from its code, and exports them', async () => {
      const streamId = (await givenStream(env, commissioner, 1_000_000, '2027/28')).id;
      const recipient = await givenOrganisation(env, commissioner, { name: 'Halton Community Group', kind: 'community_group', postcode: 'WA7 2GW' });
      const award = await givenDraftAward(env, commissioner, {
        fundingStreamId: streamId,
        recipientOrganisationId: recipient.id,
        amountPence: 100_000,
        startDate: '2027-04-01',
        endDate: '2028-03-31',
        beneficiaryLocations: [{ name: 'Halton', geoCode: 'e06000006' }, { name: 'Grange, Runcorn' }],
      });
      const created = await env.http().get(`/api/awards/${award.id}`).set(as(commissioner));
      expect(created.body.beneficiaryLocations).toEqual([
        { name: 'Halton', geoCode: 'E06000006', geoCodeType: 'UA' },
        { name: 'Grange, Runcorn', geoCode: null, geoCodeType: null },
      ]);
      const patched = await env.http().patch(`/api/awards/${award.id}`).set(as(commissioner)).send({ beneficiaryLocations: [{ name: 'Cheshire', geoCode: 'E23000006' }] });
      expect(patched.status).toBe(200);
      expect(patched.body.beneficiaryLocations).toEqual([{ name: 'Cheshire', geoCode: 'E23000006', geoCodeType: 'PFA' }]);
      expect((await env.http().post(`/api/awards/${award.id}/approve`).set(as(commissioner)).send({})).status).toBe(200);
      const pkg = (await env.http().get('/api/exports/360giving?financialYear=2027/28').set(as(viewer))).body as Giving360Package;
      expect(validate(pkg).errors).toEqual([]);
      expect(pkg.grants[0]!.beneficiaryLocation).toEqual([{ name: 'Cheshire', geoCode: 'E23000006', geoCodeType: 'PFA', countryCode: 'GB' }]);
      expect(pkg.grants[0]!.recipientOrganization[0]!.postalCode).toBe('WA7 2GW');
      const cleared = await env.http().patch(`/api/awards/${award.id}`).set(as(commissioner)).send({ beneficiaryLocations: [] });
      expect(cleared.body.beneficiaryLocations).toEqual([]);
    });

    it.each([
      [[{ name: 'Halton', geoCode: 'WA7 2GW' }], 'beneficiaryLocations.0.geoCode'],
      [[{ name: 'Halton', geoCode: 'E06000006', geoCodeType: 'Town' }], 'beneficiaryLocations.0.geoCodeType'],
      [[{ name: '', geoCode: 'E06000006' }], 'beneficiaryLocations.0.name'],
      [[{ name: 'Halton', geoCode: 'E06000006' }, { name: 'Halton again', geoCode: 'E06000006' }], 'beneficiaryLocations[1].geoCode'],
      [[{ name: 'Somewhere', geoCode: 'E99000001' }], 'beneficiaryLocations[0].geoCodeType'],
      [[{ name: 'Somewhere', geoCodeType: 'UA' }], 'beneficiaryLocations[0].geoCodeType'],
      [['Halton'], 'beneficiaryLocations'],
    ])('refuses beneficiary locations %j with a 400 naming %s, and writes nothing', async (locations, field) => {
      const [award] = (await env.db.query(`SELECT id, version FROM award WHERE reference = 'CHES-1415-05'`)) as { id: string }[];
      const before = await env.db.query(`SELECT name, geo_code FROM award_beneficiary_location WHERE award_id = $1`, [award!.id]);
      const res = await env.http().patch(`/api/awards/${award!.id}`).set(as(commissioner)).send({ beneficiaryLocations: locations });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
      expect(await env.db.query(`SELECT name, geo_code FROM award_beneficiary_location WHERE award_id = $1`, [award!.id])).toEqual(before);
    });

    it('lets a partner read its own awards\' beneficiary locations through row-level security, and no one else\'s', async () => {
      const { partner } = await demoAs(env, 'partner');
      const rows = (await env.db.query(
        `SELECT a.id, o.identifier360 FROM award a JOIN organisation o ON o.id = a.recipient_organisation_id WHERE a.reference IN ('CHES-1415-07', 'CHES-1415-01') ORDER BY a.reference`,
      )) as { id: string; identifier360: string }[];
      const [chw, wrt] = rows;
      const own = await env.http().get(`/api/awards/${wrt!.id}`).set(as(partner));
      expect(own.status).toBe(200);
      expect(own.body.beneficiaryLocations).toEqual([{ name: 'Warrington', geoCode: 'E06000007', geoCodeType: 'UA' }]);
      expect((await env.http().get(`/api/awards/${chw!.id}`).set(as(partner))).status).toBe(404);
    });

    it('locates a recipient by the geoCode recorded on it, which wins over the one its org-id gives', async () => {
      const [cwac] = (await env.db.query(`SELECT id, version FROM organisation WHERE identifier360 = 'GB-LAE-CHW'`)) as { id: string }[];
      const refused = await env.http().patch(`/api/organisations/${cwac!.id}`).set(as(commissioner)).send({ geoCode: 'CH1 2HS' });
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain('geoCode');
      expect((await env.http().patch(`/api/organisations/${cwac!.id}`).set(as(commissioner)).send({ geoCode: 'E23000006' })).status).toBe(200);
      const pkg = (await env.http().get('/api/exports/360giving?financialYear=2014/15').set(as(viewer))).body as Giving360Package;
      const grant = pkg.grants.find((g) => g.recipientOrganization[0]!.id === 'GB-LAE-CHW')!;
      expect(grant.recipientOrganization[0]!.location).toEqual([{ name: 'Cheshire police force area', geoCode: 'E23000006', geoCodeType: 'PFA', countryCode: 'GB' }]);
      expect((await env.http().patch(`/api/organisations/${cwac!.id}`).set(as(commissioner)).send({ geoCode: null })).status).toBe(200);
    });

    it('gives dataSource from GRANTS_DATA_SOURCE_URL, and says NoDataSource on every grant when production has none', async () => {
      const sourced = await createTestEnv({ GRANTS_DATA_SOURCE_URL: 'https://grants.example.org/360giving-{financialYear}.json' });
      const bare = await createTestEnv({ NODE_ENV: 'production' });
      try {
        for (const e of [sourced, bare]) await loadDemo(e);
        const sourcedPkg = (await sourced.http().get('/api/exports/360giving?financialYear=2014/15').set(as(await loginAs(sourced, 'viewer')))).body as Giving360Package;
        for (const g of sourcedPkg.grants) expect(g.dataSource).toBe('https://grants.example.org/360giving-2014%2F15.json');
        const quality = await bare.http().get('/api/exports/360giving/quality?financialYear=2014/15').set(as(await loginAs(bare, 'viewer')));
        expect(quality.body.checks).toContainEqual({ code: 'NoDataSource', kind: 'usefulness', grants: 9, notices: 9, ignorable: 0 });
      } finally {
        await sourced.close();
        await bare.close();
      }
    }, 240_000);
  });

  it('refuses a financial year that is not one, naming the field', async () => {
    for (const fy of ['2014/16', '2014-15', '']) {
      const res = await env.http().get(`/api/exports/360giving?financialYear=${fy}`).set(as(viewer));
      expect([fy, res.status]).toEqual([fy, 400]);
      expect(res.body.message).toMatch(/financialYear/);
    }
    const res = await env.http().get('/api/exports/360giving').set(as(viewer));
    expect(res.status).toBe(400);
  });

  it('answers 404 for a year with no committed awards: a 360Giving package needs at least one grant', async () => {
    const res = await env.http().get('/api/exports/360giving?financialYear=2030/31').set(as(viewer));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('2030/31') });
  });

  it('is for staff: admin, commissioner, finance and viewer read it; a partner is refused', async () => {
    for (const role of ['admin', 'commissioner', 'finance', 'viewer'] as const) {
      const res = await env.http().get('/api/exports/360giving?financialYear=2014/15').set(as(await loginAs(env, role)));
      expect([role, res.status]).toEqual([role, 200]);
    }
    const { partner } = await demoAs(env, 'partner');
    expect((await env.http().get('/api/exports/360giving?financialYear=2014/15').set(as(partner))).status).toBe(403);
    expect((await env.http().get('/api/exports/360giving/quality?financialYear=2014/15').set(as(partner))).status).toBe(403);
    expect((await env.http().get('/api/exports/360giving?financialYear=2014/15')).status).toBe(401);
  });

  describe('recipients and funders beyond the demo (2019/20, a year the demo never seeds: it seeds 2014/15, 2024/25 and the current year)', () => {
    const FY = '2019/20';
    let streamId: string;
    let charity: { id: string; name: string };
    let group: { id: string; name: string };
    const approve = async (awardId: string) => {
      const res = await env.http().post(`/api/awards/${awardId}/approve`).set(as(commissioner)).send({});
      expect(res.status).toBe(200);
    };
    const exportOf = () => env.http().get(`/api/exports/360giving?financialYear=${encodeURIComponent(FY)}`).set(as(viewer));
    const grantOf = (pkg: Giving360Package, recipientName: string) => pkg.grants.find((g) => g.recipientOrganization[0]!.name === recipientName) as Giving360Grant;

    beforeAll(async () => {
      streamId = (await givenStream(env, commissioner, 5_000_000, FY)).id;
      charity = await givenOrganisation(env, commissioner, {
        name: 'Cheshire Victims Support Trust',
        kind: 'charity',
        identifier360: 'GB-CHC-1234567',
        charityNumber: '1234567',
        companyNumber: '01234567',
        postcode: 'CH1 2HS',
      });
      group = await givenOrganisation(env, commissioner, { name: 'Grange Residents Group', kind: 'community_group' });
      const toCharity = await givenDraftAward(env, commissioner, { fundingStreamId: streamId, recipientOrganisationId: charity.id, amountPence: 1_250_005, reference: 'VS-2627-01' });
      const toGroup = await givenDraftAward(env, commissioner, {
        fundingStreamId: streamId,
        recipientOrganisationId: group.id,
        amountPence: 5,
        reference: 'PB-2627-01',
        description: 'Participatory budgeting: litter picking kit.',
      });
      await givenDraftAward(env, commissioner, { fundingStreamId: streamId, recipientOrganisationId: group.id, amountPence: 100, reference: 'PB-2627-DRAFT' });
      await approve(toCharity.id);
      await approve(toGroup.id);
    });

    it('gives a charity its org-id, charity number, company number and postcode', async () => {
      const res = await exportOf();
      expect(res.status).toBe(200);
      expect(validate(res.body).errors).toEqual([]);
      const grant = grantOf(res.body, charity.name);
      expect(grant.id).toBe(`${PREFIX}-VS-2627-01`);
      expect(grant.amountAwarded).toBe(12500.05);
      expect(grant.recipientOrganization).toEqual([{ id: 'GB-CHC-1234567', name: charity.name, charityNumber: '1234567', companyNumber: '01234567', postalCode: 'CH1 2HS' }]);
    });

    it('identifies an organisation with no org-id by the publisher prefix and its uuid, and keeps drafts out', async () => {
      const res = await exportOf();
      const grant = grantOf(res.body, group.name);
      expect(grant.recipientOrganization).toEqual([{ id: `${PREFIX}-org-${group.id}`, name: group.name }]);
      expect(grant.amountAwarded).toBe(0.05);
      expect(JSON.stringify(grant.amountAwarded)).toBe('0.05');
      expect(grant.description).toBe('Participatory budgeting: litter picking kit.');
      expect(res.body.grants.map((g: Giving360Grant) => g.id).sort()).toEqual([`${PREFIX}-PB-2627-01`, `${PREFIX}-VS-2627-01`]);
    });

    it('falls back to the only PCC as funder when the stream names no commissioning body', async () => {
      const [pcc] = (await env.db.query(`SELECT id FROM organisation WHERE kind = 'pcc'`)) as { id: string }[];
      const res = await exportOf();
      for (const g of res.body.grants as Giving360Grant[]) expect(g.fundingOrganization).toEqual([{ id: `${PREFIX}-org-${pcc!.id}`, name: PLAN.commissioner.name }]);
    });

    it('refuses with 409 FUNDER_UNKNOWN naming the stream when two PCCs make the funder ambiguous, until the stream names one', async () => {
      const merseyside = await givenOrganisation(env, commissioner, { name: 'Police and Crime Commissioner for Merseyside', kind: 'pcc' });
      const [stream] = (await env.db.query(`SELECT name FROM funding_stream WHERE id = $1`, [streamId])) as { name: string }[];
      const refused = await exportOf();
      expect(refused.status).toBe(409);
      expect(refused.body).toMatchObject({ code: 'FUNDER_UNKNOWN', fundingStreamIds: [streamId], pccCount: 2 });
      expect(refused.body.message).toContain(stream!.name);
      expect(refused.body.message).toContain('commissionerOrganisationId');
      // The other year is not affected: its stream names its commissioning body.
      expect((await env.http().get('/api/exports/360giving?financialYear=2014/15').set(as(viewer))).status).toBe(200);

      const patched = await env.http().patch(`/api/funding-streams/${streamId}`).set(as(commissioner)).send({ commissionerOrganisationId: merseyside.id });
      expect(patched.status).toBe(200);
      const res = await exportOf();
      expect(res.status).toBe(200);
      for (const g of res.body.grants as Giving360Grant[]) expect(g.fundingOrganization).toEqual([{ id: `${PREFIX}-org-${merseyside.id}`, name: merseyside.name }]);
      expect(validate(res.body).errors).toEqual([]);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cheshire201415 } from '../../apps/api/src/seed/data/cheshire-2014-15.js';
import { giving360QualityWarnings, Giving360QualityCode, type Giving360Grant, type Giving360Package, type Giving360QualityWarning } from '../../libs/domain/src/giving360/index.js';
import { givenDraftAward, givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { giving360PackageValidator } from '../helpers/giving360-validator.js';
import { createTestEnv, loadDemo, loginAs, type TestEnv } from '../helpers/test-env.js';

/** The plan's figures, from the plan's own data file (shared/data), not restated here. */
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

describe('the 360Giving export', () => {
  let env: TestEnv;
  let viewer: string;
  let commissioner: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    env = await createTestEnv();
    await loadDemo(env);
    viewer = await loginAs(env, 'viewer');
    commissioner = await loginAs(env, 'commissioner');
  });
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

    /**
     * The warnings the data explains, computed from the database rather than asserted empty:
     * - a recipient with no org-id and neither number (the Youth Offending Teams): 360Giving's
     *   "neither a charity nor a company number" notice, a true one for a partnership that no
     *   register identifies; the councils are exempt as GB-LAE bodies;
     * - an award decided after its planned end (none in the demo: it records the plan's year
     *   start as the decision date, the plan giving none).
     */
    it('has exactly the data quality warnings its data explains', async () => {
      const unidentified = (await env.db.query(
        `SELECT a.reference, o.name FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id JOIN organisation o ON o.id = a.recipient_organisation_id
          WHERE s.financial_year = '2014/15' AND o.identifier360 IS NULL AND coalesce(o.charity_number, '') = '' AND coalesce(o.company_number, '') = ''`,
      )) as { reference: string; name: string }[];
      const lateDecisions = (await env.db.query(
        `SELECT a.reference FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id
          WHERE s.financial_year = '2014/15' AND a.decision_date > a.end_date`,
      )) as { reference: string }[];
      expect(unidentified).toEqual([{ reference: 'CHES-1415-09', name: 'Youth Offending Teams across Cheshire' }]);

      const indexOf = (reference: string) => pkg.grants.findIndex((g) => g.id === `${PREFIX}-${reference}`);
      const expected = [
        ...lateDecisions.map((r) => [indexOf(r.reference), `grants/${indexOf(r.reference)}/awardDate`, Giving360QualityCode.AwardDateAfterPlannedEnd]),
        ...unidentified.map((r) => [indexOf(r.reference), `grants/${indexOf(r.reference)}/recipientOrganization/0/id`, Giving360QualityCode.NoRecipientCharityOrCompanyNumber]),
      ].sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[2]).localeCompare(String(b[2])));

      const warnings = giving360QualityWarnings(pkg, todayInLondon());
      const byGrant = (w: Giving360QualityWarning) => [pkg.grants.findIndex((g) => g.id === w.grantId), w.path, w.code];
      expect(warnings.map(byGrant).sort((a, b) => (a[0] as number) - (b[0] as number) || String(a[2]).localeCompare(String(b[2])))).toEqual(expected);
      expect(warnings.find((w) => w.code === Giving360QualityCode.NoRecipientCharityOrCompanyNumber)?.message).toContain('Youth Offending Teams across Cheshire');

      const res = await env.http().get('/api/exports/360giving/quality?financialYear=2014/15').set(as(viewer));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ financialYear: '2014/15', grantCount: 9, warnings });
    });
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
    const partner = await loginAs(env, 'partner');
    expect((await env.http().get('/api/exports/360giving?financialYear=2014/15').set(as(partner))).status).toBe(403);
    expect((await env.http().get('/api/exports/360giving/quality?financialYear=2014/15').set(as(partner))).status).toBe(403);
    expect((await env.http().get('/api/exports/360giving?financialYear=2014/15')).status).toBe(401);
  });

  describe('recipients and funders beyond the demo (2026/27)', () => {
    const FY = '2026/27';
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

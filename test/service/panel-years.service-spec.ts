import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GrantsPublicationService } from '../../libs/domain/src/reports/grants-publication.service.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * The viewer's home lists the panel's years with whether each is published, read in one
 * statement (GrantsPublicationService.panelYears): every year that has a funding stream, newest
 * first, flagged by its own publication and no other year's.
 */
describe("the panel's years and their publications, on a real database", () => {
  let env: ServiceEnv;
  let publications: GrantsPublicationService;

  beforeAll(async () => {
    env = await createServiceEnv();
    publications = env.get(GrantsPublicationService);
  });
  afterAll(() => env?.close());

  it('lists every year with a funding stream, newest first, published only where that year is', async () => {
    const streamYears = ((await env.db.query(`SELECT DISTINCT financial_year FROM funding_stream`)) as { financial_year: string }[]).map((r) => r.financial_year).sort().reverse();
    expect(streamYears.length).toBeGreaterThan(1);
    expect(await publications.panelYears()).toEqual(streamYears.map((financialYear) => ({ financialYear, published: false })));

    // A year whose grants table has rows (a committed award), so it can be published.
    const [{ financial_year: year }] = (await env.db.query(
      `SELECT s.financial_year FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE a.status IN ('approved', 'active', 'closed') ORDER BY 1 LIMIT 1`,
    )) as { financial_year: string }[];
    await publications.publish(await demoActor(env.db, 'commissioner'), year);
    expect(await publications.panelYears()).toEqual(streamYears.map((financialYear) => ({ financialYear, published: financialYear === year })));
  });
});

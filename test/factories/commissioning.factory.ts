import { randomBytes } from 'node:crypto';
import type { TestEnv } from '../helpers/test-env.js';

const uid = () => randomBytes(4).toString('hex');

function ok<T>(res: { status: number; body: T }, what: string): T {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Factories go through the API, so what they build is what a user could build. */
export async function givenOrganisation(env: TestEnv, token: string, fields: Record<string, unknown> = {}): Promise<{ id: string; name: string }> {
  const res = await env.http().post('/api/organisations').set('Authorization', `Bearer ${token}`).send({ name: `Org ${uid()}`, kind: 'charity', ...fields });
  return ok(res, 'create organisation') as { id: string; name: string };
}

/** A stream funded by one fresh source: budget exactly `budgetPence`. */
export async function givenStream(
  env: TestEnv,
  token: string,
  budgetPence: number,
  financialYear = '2026/27',
): Promise<{ id: string; fundingSourceId: string; funderId: string }> {
  const funder = await givenOrganisation(env, token, { kind: 'government' });
  const source = ok(
    await env.http().post('/api/funding-sources').set('Authorization', `Bearer ${token}`).send({
      funderOrganisationId: funder.id,
      name: `Grant ${uid()}`,
      financialYear,
      amountPence: budgetPence,
      restricted: true,
    }),
    'create funding source',
  ) as { id: string };
  const stream = ok(
    await env.http().post('/api/funding-streams').set('Authorization', `Bearer ${token}`).send({
      name: `Stream ${uid()}`,
      financialYear,
      purpose: 'victims_services',
      sources: [{ fundingSourceId: source.id, amountPence: budgetPence }],
    }),
    'create funding stream',
  ) as { id: string };
  return { id: stream.id, fundingSourceId: source.id, funderId: funder.id };
}

export async function givenDraftAward(
  env: TestEnv,
  token: string,
  fields: { fundingStreamId: string; recipientOrganisationId: string; amountPence: number } & Record<string, unknown>,
): Promise<{ id: string; reference: string; status: string }> {
  const res = await env.http().post('/api/awards').set('Authorization', `Bearer ${token}`).send({
    title: `Award ${uid()}`,
    grantType: 'Victims services',
    startDate: '2026-04-01',
    endDate: '2027-03-31',
    ...fields,
  });
  return ok(res, 'create award') as { id: string; reference: string; status: string };
}

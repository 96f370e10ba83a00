import { randomBytes } from 'node:crypto';
import type { TestEnv } from '../helpers/test-env.js';
import { givenOrganisation, givenStream } from './commissioning.factory.js';

const uid = () => randomBytes(4).toString('hex');
const as = (token: string) => ({ Authorization: `Bearer ${token}` });

async function ok<T = Record<string, unknown>>(what: string, request: PromiseLike<{ status: number; body: unknown }>): Promise<T> {
  const res = await request;
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`);
  return res.body as T;
}

/** Where an award stands after the factory: each stage is reached through the API, in order. */
export type AwardStage = 'draft' | 'approved' | 'active' | 'suspended';

/** An award of `amountPence` (default 1,000) in a stream, walked to `stage` by a commissioner. */
export async function givenAwardAt(
  env: TestEnv,
  commissioner: string,
  stage: AwardStage,
  fields: { fundingStreamId: string; recipientOrganisationId: string; amountPence?: number; startDate?: string; endDate?: string },
): Promise<{ id: string }> {
  const award = await ok<{ id: string }>(
    'create award',
    env.http().post('/api/awards').set(as(commissioner)).send({
      title: `Award ${uid()}`,
      grantType: "Victims' services",
      startDate: '2026-04-01',
      endDate: '2027-03-31',
      amountPence: 1_000,
      ...fields,
    }),
  );
  const steps: [AwardStage, string][] = [['approved', 'approve'], ['active', 'activate'], ['suspended', 'suspend']];
  for (const [reached, action] of steps) {
    if (stage === 'draft') break;
    await ok(`${action} award`, env.http().post(`/api/awards/${award.id}/${action}`).set(as(commissioner)).send({}));
    if (stage === reached) break;
  }
  return award;
}

/**
 * A year with more grants than a page of the grants table shows: one stream of `financialYear`
 * and `count` approved awards to one fresh recipient, the i-th (from 1) of `i` pounds (so the
 * year's total is known without reading it back), ten made at a time. The first award has a condition.
 */
export async function givenYearOfGrants(env: TestEnv, commissioner: string, financialYear: string, count: number): Promise<{ totalPence: number; streamId: string }> {
  const first = Number(financialYear.slice(0, 4));
  const stream = await givenStream(env, commissioner, (count * (count + 1) * 100) / 2, financialYear);
  const recipient = await givenOrganisation(env, commissioner);
  const dates = { startDate: `${first}-04-01`, endDate: `${first + 1}-03-31` };
  for (let i = 1; i <= count; i += 10) {
    const batch = Array.from({ length: Math.min(10, count - i + 1) }, (_, k) => i + k);
    await Promise.all(batch.map((n) => givenAwardAt(env, commissioner, 'approved', { fundingStreamId: stream.id, recipientOrganisationId: recipient.id, amountPence: n * 100, ...dates })));
  }
  return { totalPence: (count * (count + 1) * 100) / 2, streamId: stream.id };
}

/** An open condition on an award; `holdsPayments` false unless asked, so payments stay possible. */
export async function givenCondition(env: TestEnv, commissioner: string, awardId: string, holdsPayments = false): Promise<{ id: string }> {
  return ok(
    'create condition',
    env.http().post(`/api/awards/${awardId}/conditions`).set(as(commissioner)).send({ title: `Condition ${uid()}`, category: 'monitoring', holdsPayments }),
  );
}

/**
 * A payment line on an (active) award, created by the commissioner so that any finance officer
 * may approve it, then approved by `finance` when asked.
 */
export async function givenPayment(
  env: TestEnv,
  tokens: { commissioner: string; finance: string },
  awardId: string,
  stage: 'scheduled' | 'approved',
  amountPence = 100,
): Promise<{ id: string }> {
  const payment = await ok<{ id: string }>(
    'create payment',
    env.http().post(`/api/awards/${awardId}/payments`).set(as(tokens.commissioner)).send({ amountPence, plannedDate: '2026-07-01', kind: 'payment' }),
  );
  if (stage === 'approved') await ok('approve payment', env.http().post(`/api/payments/${payment.id}/approve`).set(as(tokens.finance)).send({}));
  return payment;
}

/** Where a monitoring return stands after the factory. */
export type ReturnStage = 'draft' | 'submitted' | 'accepted';

/**
 * A fresh extra reporting period of an award with its return walked to `stage`: the draft and
 * the submission are entered by the commissioner on the partner's behalf (recorded as such), so
 * this works for any organisation's award. `values` must satisfy the award's targets.
 */
export async function givenReturnAt(
  env: TestEnv,
  commissioner: string,
  awardId: string,
  stage: ReturnStage,
  values: { indicatorCode: string; value: number | string }[],
): Promise<{ periodId: string }> {
  const period = await ok<{ id: string }>(
    'add reporting period',
    env.http().post(`/api/awards/${awardId}/reporting-periods`).set(as(commissioner)).send({ periodStart: '2026-05-01', periodEnd: '2026-05-31', dueWorkingDays: 5 }),
  );
  const url = `/api/reporting-periods/${period.id}/return`;
  await ok('save return draft', env.http().put(url).set(as(commissioner)).send({ values, spendPence: 1_000, narrative: 'Entered for the partner', onBehalf: true }));
  if (stage !== 'draft') await ok('submit return', env.http().post(`${url}/submit`).set(as(commissioner)).send({ certified: true, onBehalf: true }));
  if (stage === 'accepted') await ok('accept return', env.http().post(`${url}/accept`).set(as(commissioner)).send({}));
  return { periodId: period.id };
}

import { randomBytes } from 'node:crypto';
import { givenStream } from './commissioning.factory.js';
import type { TestEnv } from '../helpers/test-env.js';

/**
 * An approved award to a fresh organisation (with a contact email) on a quarterly schedule:
 * its periods, through the API.
 */
export async function givenScheduledAward(
  env: TestEnv,
  commissioner: string,
  options: { startDate?: string; endDate?: string; dueWorkingDays?: number; contactEmail?: string | null; streamId?: string } = {},
): Promise<{ awardId: string; organisationId: string; streamId: string; reference: string; periods: { id: string; key: string; dueDate: string; periodEnd: string }[] }> {
  const auth = { Authorization: `Bearer ${commissioner}` };
  const tag = randomBytes(3).toString('hex');
  const startDate = options.startDate ?? '2025-04-01';
  const fy = `${startDate.slice(0, 4)}/${String((Number(startDate.slice(0, 4)) + 1) % 100).padStart(2, '0')}`;
  const streamId = options.streamId ?? (await givenStream(env, commissioner, 10_000_000, fy)).id;
  const org = await env.http().post('/api/organisations').set(auth).send({
    name: `Service ${tag}`,
    kind: 'charity',
    contactEmail: options.contactEmail === undefined ? `returns-${tag}@partner.example.org` : options.contactEmail,
  });
  const award = await env.http().post('/api/awards').set(auth).send({
    fundingStreamId: streamId,
    recipientOrganisationId: org.body.id,
    title: `Victim support ${tag}`,
    grantType: "Victims' services",
    amountPence: 10_000,
    startDate,
    endDate: options.endDate ?? `${Number(startDate.slice(0, 4)) + 1}-03-31`,
  });
  if (award.status !== 201) throw new Error(`award: ${award.status} ${JSON.stringify(award.body)}`);
  await env.http().post(`/api/awards/${award.body.id}/approve`).set(auth).send({ decisionDate: '2025-03-01' }).expect(200);
  const schedule = await env.http().put(`/api/awards/${award.body.id}/reporting-schedule`).set(auth).send({ frequency: 'quarterly', dueWorkingDays: options.dueWorkingDays ?? 10 });
  if (schedule.status !== 200) throw new Error(`schedule: ${schedule.status} ${JSON.stringify(schedule.body)}`);
  return { awardId: award.body.id, organisationId: org.body.id, streamId, reference: award.body.reference, periods: schedule.body.periods };
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConditionCategory, ConditionsService, PaymentsService, Role, type Actor } from '#domain/index.js';

/**
 * The finance states the demo needs to show (issue 16): on the victims' services awards of
 * 2024/25, instalments waiting for approval (one set up by the demo finance officer above the
 * second-approver threshold, so someone else must approve it) and a payment held by an open
 * condition. ILLUSTRATIVE amounts and dates, like the awards'. Only scheduled lines: nothing is
 * approved or paid, so the year's paid and committed figures stay those of shared/data.
 * Idempotent: skipped once the first award has any payment.
 */
export async function seedFinanceStates(app: INestApplicationContext): Promise<number> {
  const db = app.get(DataSource);
  const payments = app.get(PaymentsService);
  const conditions = app.get(ConditionsService);
  const awards = (await db.query(`SELECT id, reference FROM award WHERE reference IN ('CHES-VS-2425-01', 'CHES-VS-2425-02') ORDER BY reference`)) as { id: string; reference: string }[];
  const users = (await db.query(`SELECT id, role FROM app_user WHERE email IN ('finance@demo.ringfence.local', 'commissioner@demo.ringfence.local')`)) as { id: string; role: Role }[];
  const [cares, rasasc] = awards;
  const finance = users.find((u) => u.role === Role.Finance);
  const officer = users.find((u) => u.role === Role.Commissioner);
  if (!cares || !rasasc || !finance || !officer) return 0;
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM payment WHERE award_id = $1`, [cares.id])) as [{ n: number }];
  if (n > 0) return 0;

  const as = (u: { id: string; role: Role }): Actor => ({ userId: u.id, role: u.role, organisationId: null, requestId: 'demo-seed' });
  const note = 'Illustrative instalment for the demo.';
  await payments.create(as(officer), cares.id, { kind: 'payment', amountPence: 15_000_000, plannedDate: '2024-04-15', note });
  await payments.create(as(finance), cares.id, { kind: 'payment', amountPence: 15_000_000, plannedDate: '2024-07-15', note });
  await conditions.create(as(officer), rasasc.id, {
    title: 'Updated safeguarding policy received (illustrative)',
    description: 'Payments wait until the policy is received and checked.',
    category: ConditionCategory.Safeguarding,
    holdsPayments: true,
    dueDate: '2024-06-30',
  });
  await payments.create(as(officer), rasasc.id, { kind: 'payment', amountPence: 6_250_000, plannedDate: '2024-07-01', note });
  return 4;
}

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import { AwardsService } from '../../libs/domain/src/awards/awards.service.js';
import { ConditionCategory } from '../../libs/domain/src/conditions/condition.rules.js';
import { ConditionsService } from '../../libs/domain/src/conditions/conditions.service.js';
import { FundingService } from '../../libs/domain/src/funding/funding.service.js';
import { PaymentsService } from '../../libs/domain/src/payments/payments.service.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * What the web's stream page adds to the domain: changing and removing a stream's condition
 * templates (audited; awards already made keep their copies), and what a stream paid per
 * financial year of the payment date.
 */
describe('stream templates and totals over time, on a real database', () => {
  let env: ServiceEnv;
  let conditions: ConditionsService;
  let funding: FundingService;
  let commissioner: Actor;
  let streamId: string;

  beforeAll(async () => {
    env = await createServiceEnv();
    conditions = env.get(ConditionsService);
    funding = env.get(FundingService);
    commissioner = await demoActor(env.db, 'commissioner');
    [{ id: streamId }] = (await env.db.query(`SELECT id FROM funding_stream WHERE financial_year = '2014/15' ORDER BY created_at LIMIT 1`)) as { id: string }[];
  });
  afterAll(() => env?.close());

  it('changes a template for later awards only, and removes it leaving the copies on their awards', async () => {
    const input = { title: 'Safeguarding policy', category: ConditionCategory.Safeguarding, holdsPayments: true, dueDaysAfterStart: 30 };
    const template = await conditions.createTemplate(commissioner, streamId, input);
    const [{ id: awardId }] = (await env.db.query(`SELECT id FROM award WHERE funding_stream_id = $1 ORDER BY reference LIMIT 1`, [streamId])) as { id: string }[];
    await env.db.query(`INSERT INTO award_condition (award_id, title, category, holds_payments, template_id) VALUES ($1, 'Safeguarding policy', 'safeguarding', false, $2)`, [awardId, template.id]);

    const changed = await conditions.updateTemplate(commissioner, streamId, template.id, { ...input, title: 'Safeguarding policy signed off', dueDaysAfterStart: null });
    expect(changed).toMatchObject({ title: 'Safeguarding policy signed off', dueDaysAfterStart: null, holdsPayments: true });
    expect(await conditions.getTemplate(streamId, template.id)).toMatchObject({ title: 'Safeguarding policy signed off' });
    const [audit] = (await env.db.query(`SELECT before->>'title' AS before, after->>'title' AS after FROM audit_entry WHERE entity_id = $1 AND action = 'condition-template.update'`, [template.id])) as { before: string; after: string }[];
    expect(audit).toEqual({ before: 'Safeguarding policy', after: 'Safeguarding policy signed off' });

    // Another stream's template id, or an unknown one, is NOT_FOUND.
    const [{ id: otherStream }] = (await env.db.query(`SELECT id FROM funding_stream WHERE id <> $1 LIMIT 1`, [streamId])) as { id: string }[];
    await expect(conditions.updateTemplate(commissioner, otherStream, template.id, input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(conditions.removeTemplate(commissioner, otherStream, template.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await conditions.removeTemplate(commissioner, streamId, template.id);
    expect((await conditions.listTemplates(streamId)).map((t) => t.id)).not.toContain(template.id);
    const copies = (await env.db.query(`SELECT template_id FROM award_condition WHERE award_id = $1 AND title = 'Safeguarding policy'`, [awardId])) as { template_id: string | null }[];
    expect(copies).toEqual([{ template_id: null }]);
    const [{ n }] = (await env.db.query(`SELECT count(*)::int AS n FROM audit_entry WHERE entity_id = $1 AND action = 'condition-template.remove'`, [template.id])) as { n: number }[];
    expect(n).toBe(1);
  });

  it('sums what a stream paid per financial year of the payment date', async () => {
    const finance = await demoActor(env.db, 'finance');
    const [{ id: awardId }] = (await env.db.query(`SELECT id FROM award WHERE funding_stream_id = $1 AND status = 'approved' ORDER BY reference LIMIT 1`, [streamId])) as { id: string }[];
    await env.get(AwardsService).activate(commissioner, awardId, { agreementSignedOn: '2014-04-01' });
    const payments = env.get(PaymentsService);
    for (const [amountPence, paidDate] of [[100_00, '2015-03-31'], [250_00, '2015-04-01'], [50_00, '2015-06-30']] as const) {
      const p = await payments.create(finance, awardId, { amountPence, plannedDate: paidDate, kind: 'payment' });
      await payments.approve(finance, p.id);
      await payments.markPaid(finance, p.id, { paidDate, reference: `BACS-${paidDate}` });
    }
    expect(await funding.paidByYear(streamId)).toEqual([
      { financialYear: '2014/15', paidPence: 100_00, payments: 1 },
      { financialYear: '2015/16', paidPence: 300_00, payments: 2 },
    ]);
    await expect(funding.paidByYear('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

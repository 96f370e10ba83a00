import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../../libs/domain/src/access/actor.js';
import { systemActor } from '../../libs/domain/src/access/actor.js';
import { AwardsService } from '../../libs/domain/src/awards/awards.service.js';
import { OutcomesService } from '../../libs/domain/src/outcomes/outcomes.service.js';
import type { OutcomeFrameworkView } from '../../libs/domain/src/outcomes/outcomes.types.js';
import { ensureVictimsServicesFramework, victimsServicesFrameworkInput } from '../../libs/domain/src/outcomes/victims-framework.example.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * Outcome frameworks below the HTTP layer: the database's own rules on targets and indicators
 * (held whatever the code does) and the demo seed's example framework. The routes, and the
 * story of a framework and its targets through them, are test/e2e/outcomes.e2e-spec.ts.
 */
describe('outcome frameworks on a real database', () => {
  let env: ServiceEnv;
  let commissioner: Actor;
  let framework: OutcomeFrameworkView;
  let ownAward: { id: string };

  beforeAll(async () => {
    env = await createServiceEnv();
    commissioner = await demoActor(env.db, 'commissioner');
    const partner = await demoActor(env.db, 'partner');
    const outcomes = env.get(OutcomesService);
    const [{ id: streamId }] = (await env.db.query(`SELECT id FROM funding_stream WHERE financial_year = '2024/25' AND purpose = 'victims_services'`)) as { id: string }[];
    // The example framework with a text indicator added, on an award of the partner's with a whole-award REF target.
    const created = await outcomes.createFramework(commissioner, victimsServicesFrameworkInput({ fundingStreamId: streamId }));
    framework = await outcomes.addIndicator(commissioner, created.id, { code: 'STORY', title: 'A case study of a victim supported', level: 'impact', unit: 'text', direction: 'higher_is_better', aggregation: 'latest' });
    ownAward = await env.get(AwardsService).create(commissioner, {
      fundingStreamId: streamId,
      recipientOrganisationId: partner.organisationId!,
      title: 'Outcome rules award',
      grantType: 'Victims services',
      amountPence: 10_000,
      startDate: '2024-04-01',
      endDate: '2025-03-31',
    });
    await outcomes.assignFramework(commissioner, ownAward.id, framework.id);
    await outcomes.replaceTargets(commissioner, ownAward.id, [{ indicatorCode: 'REF', baseline: 18000, target: 21000 }]);
    // Another framework with indicators, for the cross-framework refusals.
    await outcomes.createFramework(commissioner, victimsServicesFrameworkInput({ financialYear: '2031/32' }));
  });
  afterAll(() => env?.close());

  describe('the database holds the rules, whatever the code does', () => {
    const indicatorId = (code: string) => framework.indicators.find((i) => i.code === code)!.id;
    const insertTarget = (code: string, target: number | string, periodKey: string | null = '2026/27-Q3') =>
      env.db.query(`INSERT INTO award_target (award_id, outcome_framework_id, indicator_id, period_key, target) VALUES ($1, $2, $3, $4, $5)`, [
        ownAward.id,
        framework.id,
        indicatorId(code),
        periodKey,
        target,
      ]);

    it('refuses targets that do not fit the indicator or the period rules', async () => {
      await expect(insertTarget('COPE', 101)).rejects.toThrow(/does not fit indicator COPE/);
      await expect(insertTarget('COPE', '50.125')).rejects.toThrow(/does not fit indicator COPE/);
      await expect(insertTarget('REF', '1.5')).rejects.toThrow(/does not fit indicator REF/);
      await expect(insertTarget('REF', -1)).rejects.toThrow(/award_target_target_check/);
      await expect(insertTarget('STORY', 1)).rejects.toThrow(/text indicators take no targets/);
      await expect(insertTarget('REF', 1, '2026/28-Q1')).rejects.toThrow(/award_target_period_key_check/);
      await expect(insertTarget('REF', 1, null)).rejects.toThrow(/award_target_whole_award_unique/);
      await insertTarget('REF', 1, '2026/27-Q3');
      await expect(insertTarget('REF', 2, '2026/27-Q3')).rejects.toThrow(/award_target_period_unique/);
      await env.db.query(`DELETE FROM award_target WHERE award_id = $1 AND period_key = '2026/27-Q3'`, [ownAward.id]);
    });

    it("refuses a target of another framework than the award's", async () => {
      const [{ id: other }] = (await env.db.query(`SELECT id FROM outcome_framework WHERE id <> $1 LIMIT 1`, [framework.id])) as { id: string }[];
      const [{ id: otherIndicator }] = (await env.db.query(`SELECT id FROM outcome_indicator WHERE framework_id = $1 LIMIT 1`, [other])) as { id: string }[];
      await expect(
        env.db.query(`INSERT INTO award_target (award_id, outcome_framework_id, indicator_id, target) VALUES ($1, $2, $3, 1)`, [ownAward.id, other, otherIndicator]),
      ).rejects.toThrow(/award_target_award_framework_fk/);
      await expect(
        env.db.query(`INSERT INTO award_target (award_id, outcome_framework_id, indicator_id, target) VALUES ($1, $2, $3, 1)`, [ownAward.id, framework.id, otherIndicator]),
      ).rejects.toThrow(/award_target_indicator_fk/);
    });

    it('never deletes an indicator or changes its code, unit or aggregation', async () => {
      await expect(env.db.query(`DELETE FROM outcome_indicator WHERE id = $1`, [indicatorId('INFO')])).rejects.toThrow(/never deleted/);
      await expect(env.db.query(`UPDATE outcome_indicator SET code = 'INFORMED' WHERE id = $1`, [indicatorId('INFO')])).rejects.toThrow(/never change/);
      await expect(env.db.query(`UPDATE outcome_indicator SET aggregation = 'sum' WHERE id = $1`, [indicatorId('INFO')])).rejects.toThrow(/never change/);
      await env.db.query(`UPDATE outcome_indicator SET title = 'Victims reporting they were kept informed throughout' WHERE id = $1`, [indicatorId('INFO')]);
    });

    it('refuses a framework for nothing and indicators that break the enums', async () => {
      await expect(env.db.query(`INSERT INTO outcome_framework (name) VALUES ('Nothing')`)).rejects.toThrow(/outcome_framework_scoped/);
      await expect(env.db.query(`INSERT INTO outcome_framework (name, financial_year) VALUES ('Bad year', '2026/28')`)).rejects.toThrow(/outcome_framework_financial_year_check/);
      const add = (fields: string) =>
        env.db.query(
          `INSERT INTO outcome_indicator (framework_id, code, title, level, unit, direction, aggregation, is_victim_count, position) VALUES ($1, ${fields}, 99)`,
          [framework.id],
        );
      await expect(add(`'TXT', 't', 'output', 'text', 'higher_is_better', 'sum', false`)).rejects.toThrow(/outcome_indicator_text_latest/);
      await expect(add(`'PCT', 't', 'output', 'percentage', 'higher_is_better', 'mean', true`)).rejects.toThrow(/outcome_indicator_victim_count_is_count/);
      await expect(add(`'lower', 't', 'output', 'count', 'higher_is_better', 'sum', true`)).rejects.toThrow(/outcome_indicator_code_check/);
      await expect(add(`'REF', 't', 'output', 'count', 'higher_is_better', 'sum', true`)).rejects.toThrow(/outcome_indicator_code_unique/);
      await expect(add(`'LVL', 't', 'vibes', 'count', 'higher_is_better', 'sum', true`)).rejects.toThrow(/outcome_indicator_level_check/);
    });
  });

  describe('for the demo seed', () => {
    it('creates the example framework once, however often the seed runs', async () => {
      const outcomes = env.app.get(OutcomesService);
      const year = '2030/31';
      const first = await ensureVictimsServicesFramework(outcomes, systemActor('demo-seed'), { financialYear: year });
      const again = await ensureVictimsServicesFramework(outcomes, systemActor('demo-seed'), { financialYear: year });
      expect(again.id).toBe(first.id);
      expect(first.indicators).toHaveLength(5);
    });
  });
});

import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AwardsService,
  ConditionCategory,
  ConditionsService,
  FundingService,
  FundingStreamPurpose,
  MonitoringReturnsService,
  OutcomesService,
  PaymentsService,
  ReportingService,
  Role,
  type Actor,
} from '#domain/index.js';
import { CalendarService, financialYearBounds, financialYearOf } from '#platform/index.js';

/** The council the demo partner signs in for. */
const WARRINGTON = { name: 'Warrington Borough Council', kind: 'local_authority', identifier360: 'GB-LAE-WRT' } as const;

const FRAMEWORK_NAME = 'Community safety partnership return (illustrative)';

/** Whole days from a `YYYY-MM-DD` date (calendar days, UTC arithmetic on a date has no clock). */
function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * ILLUSTRATIVE, like every figure here: the demo partner's award in the CURRENT financial year
 * (by the real clock), so a new user signing in as the partner sees every state of the partner's
 * journey: a return due, one overdue, one sent back with the officer's comment, a condition
 * waiting for evidence, a payment made and one coming. Periods are dated from the day the seed
 * first runs. Idempotent: nothing is created when the award's reference exists; the historic
 * 2014/15 plan's figures are not touched (a stream and a source of their own).
 */
export async function seedPartnerJourney(
  app: INestApplicationContext,
  organisation: (name: string, kind: string, identifier360: string | null) => Promise<string>,
  commissionerOrganisationId: string,
  systemActor: Actor,
): Promise<number> {
  const dataSource = app.get(DataSource);
  const tx = dataSource.manager;
  const today = app.get(CalendarService).today();
  const fy = financialYearOf(today);
  const reference = `CHES-CSP-${fy.replace('/', '').slice(2)}-01`;
  const awards = app.get(AwardsService);
  if (await awards.findByReference(tx, reference)) return 0;

  const funding = app.get(FundingService);
  const outcomes = app.get(OutcomesService);
  const reporting = app.get(ReportingService);
  const returns = app.get(MonitoringReturnsService);
  const conditions = app.get(ConditionsService);
  const payments = app.get(PaymentsService);
  const userOf = async (role: Role): Promise<Actor> => {
    const [row] = (await tx.query(`SELECT id, organisation_id FROM app_user WHERE role = $1 AND email LIKE '%@demo.ringfence.local' ORDER BY created_at LIMIT 1`, [role])) as { id: string; organisation_id: string | null }[];
    return { userId: row!.id, role, organisationId: row!.organisation_id, requestId: 'demo-seed' };
  };
  const [partner, officer, finance] = [await userOf(Role.Partner), await userOf(Role.Commissioner), await userOf(Role.Finance)];

  const sourceName = `Community safety fund ${fy} (illustrative)`;
  let source = await funding.findSourceByName(tx, fy, sourceName);
  if (!source) {
    await funding.createSource(systemActor, { funderOrganisationId: commissionerOrganisationId, name: sourceName, financialYear: fy, amountPence: 50_000_000, restricted: false });
    source = await funding.findSourceByName(tx, fy, sourceName);
  }
  const streamName = `Community safety partnerships ${fy} (illustrative)`;
  let stream = await funding.findStreamByName(tx, fy, streamName);
  if (!stream) {
    await funding.createStream(systemActor, {
      name: streamName,
      financialYear: fy,
      purpose: FundingStreamPurpose.CrimeAndDisorderReduction,
      commissionerOrganisationId,
      leadOfficerUserId: officer.userId,
      sources: [{ fundingSourceId: source!.id, amountPence: 50_000_000 }],
    });
    stream = await funding.findStreamByName(tx, fy, streamName);
  }
  const framework =
    (await outcomes.findFramework({ name: FRAMEWORK_NAME, fundingStreamId: stream!.id })) ??
    (await outcomes.createFramework(systemActor, {
      name: FRAMEWORK_NAME,
      fundingStreamId: stream!.id,
      indicators: [
        { code: 'PEOPLE', title: 'People supported', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' },
        { code: 'SESSIONS', title: 'Outreach sessions delivered', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum', isVictimCount: false },
        { code: 'REOFF', title: 'People who did not reoffend within six months', level: 'outcome', unit: 'percentage', direction: 'higher_is_better', aggregation: 'mean' },
        { code: 'MATCH', title: 'Match funding secured', level: 'outcome', unit: 'pence', direction: 'higher_is_better', aggregation: 'sum' },
        { code: 'STORY', title: 'A case study from the period', level: 'impact', unit: 'text', direction: 'higher_is_better', aggregation: 'latest' },
      ],
    }));

  const { start: fyStart, end: fyEnd } = financialYearBounds(fy);
  const startDate = plusDays(today, -200) < fyStart ? plusDays(today, -200) : fyStart;
  const award = await awards.create(systemActor, {
    reference,
    fundingStreamId: stream!.id,
    recipientOrganisationId: await organisation(WARRINGTON.name, WARRINGTON.kind, WARRINGTON.identifier360),
    title: `Community safety partnership ${fy}: Warrington Borough Council (illustrative)`,
    grantType: 'Community Safety Funding',
    description: 'Illustrative award for the demo: amounts, dates and figures are invented.',
    amountPence: 8_000_000,
    startDate,
    endDate: fyEnd,
  });
  await awards.approve(systemActor, award.id, { decisionReference: `Community safety partnerships ${fy} (illustrative)`, decisionDate: startDate });
  await awards.activate(systemActor, award.id, { agreementSignedOn: startDate });
  await outcomes.assignFramework(systemActor, award.id, framework.id);
  await outcomes.replaceTargets(systemActor, award.id, [
    { indicatorCode: 'PEOPLE', target: 120 },
    { indicatorCode: 'REOFF', target: 75 },
  ]);

  // Three periods dated from today: one sent back for changes, one overdue, one due.
  const sentBack = await reporting.addExtraPeriod(systemActor, award.id, { periodStart: plusDays(today, -200), periodEnd: plusDays(today, -141), dueDate: plusDays(today, -131) });
  await reporting.addExtraPeriod(systemActor, award.id, { periodStart: plusDays(today, -140), periodEnd: plusDays(today, -61), dueDate: plusDays(today, -45) });
  await reporting.addExtraPeriod(systemActor, award.id, { periodStart: plusDays(today, -60), periodEnd: plusDays(today, -3), dueDate: plusDays(today, 12) });
  await returns.saveDraft(partner, sentBack.id, {
    spendPence: 1_850_000,
    narrative: 'Outreach started in the town centre and at two secondary schools.',
    values: [
      { indicatorCode: 'PEOPLE', value: 46 },
      { indicatorCode: 'SESSIONS', value: 12 },
      { indicatorCode: 'REOFF', value: 71.5 },
    ],
  });
  await returns.submit(partner, sentBack.id, { certified: true });
  await returns.review(officer, sentBack.id, 'request-revision', 'Please split the spend between staff and venue costs in the narrative, and add the match funding you secured.');

  await conditions.create(officer, award.id, {
    title: 'Safeguarding policy approved by the partnership board',
    description: 'Upload the signed policy.',
    category: ConditionCategory.Safeguarding,
    holdsPayments: false,
    dueDate: plusDays(today, 20),
  });

  // Set up by the seed, approved by the demo finance officer: a second person, as large payments need.
  const first = await payments.create(systemActor, award.id, { amountPence: 2_000_000, plannedDate: startDate, kind: 'payment', note: 'First instalment (illustrative)' });
  await payments.approve(finance, first.id);
  await payments.markPaid(finance, first.id, { paidDate: startDate, reference: 'DEMO-BACS-0001' });
  await payments.create(systemActor, award.id, { amountPence: 2_000_000, plannedDate: plusDays(today, 30), kind: 'payment', note: 'Next instalment (illustrative)' });
  return 1;
}

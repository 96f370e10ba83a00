import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AwardsService,
  ensureVictimsServicesFramework,
  FundingService,
  FundingStreamPurpose,
  MonitoringReturnsService,
  OutcomesService,
  ReportingService,
  Role,
  type Actor,
} from '#domain/index.js';
import { CHESHIRE_POLICE_FORCE_AREA as CHESHIRE } from './data/places.js';
import { victimsServicesExample } from './data/victims-services-example.js';

const DATA = victimsServicesExample;
const FY = DATA.financialYear;
export const VICTIMS_FINANCIAL_YEAR = FY;

/** The plan's streams: name, purpose, and which of its funding sources funds it. */
export const VICTIMS_STREAMS: readonly (readonly [string, FundingStreamPurpose, number])[] = [
  ["Victims' services 2024/25", FundingStreamPurpose.VictimsServices, 0],
  ['Anti-social behaviour hotspots 2024/25', FundingStreamPurpose.Other, 1],
];
const START = '2024-04-01';
const END = '2025-03-31';

/**
 * ILLUSTRATIVE amounts: the plan names the services and some 2023/24 figures but not what each
 * is paid. Every invented figure below says so in its title or note, as docs/data.md#demo-plans asks.
 * The contact addresses are the demo's own (`.demo.ringfence.local`, never delivered beyond the
 * mail sink), so the demo's reminders and their escalations have somewhere to go.
 */
const SERVICES = [
  {
    reference: 'CHES-VS-2425-01',
    recipient: { name: 'Cheshire CARES (Cope and Recovery Enhanced Service)', kind: 'other', contactEmail: 'returns@cares.demo.ringfence.local' },
    title: "Cheshire CARES core victims' service 2024/25 (illustrative amount)",
    amountPence: 60_000_000,
    coFunders: [] as { name: string; amountPence: number }[],
    targets: [
      { indicatorCode: 'REF', baseline: 22_597, target: 22_000 },
      { indicatorCode: 'SUP', baseline: 19_630, target: 19_000 },
      { indicatorCode: 'COPE', target: 80 },
    ],
  },
  {
    reference: 'CHES-VS-2425-02',
    recipient: { name: 'Rape and Sexual Abuse Support Centre (RASASC)', kind: 'charity', contactEmail: 'returns@rasasc.demo.ringfence.local' },
    title: 'Specialist sexual violence support 2024/25, jointly commissioned (illustrative amount)',
    amountPence: 25_000_000,
    // Jointly commissioned with the four councils and NHS England (the plan); contributions illustrative.
    coFunders: [
      { name: 'Cheshire East Council', amountPence: 1_000_000 },
      { name: 'Cheshire West and Chester Council', amountPence: 1_000_000 },
      { name: 'Halton Borough Council', amountPence: 1_000_000 },
      { name: 'Warrington Borough Council', amountPence: 1_000_000 },
      { name: 'NHS England', amountPence: 5_000_000 },
    ],
    targets: [
      { indicatorCode: 'SUP', baseline: 1_818, target: 1_800 },
      { indicatorCode: 'COPE', target: 80 },
    ],
  },
  {
    reference: 'CHES-VS-2425-03',
    recipient: { name: 'Remedi', kind: 'charity', contactEmail: 'returns@remedi.demo.ringfence.local' },
    title: 'Restorative justice and mediation 2024/25 (illustrative amount)',
    amountPence: 15_000_000,
    coFunders: [],
    targets: [{ indicatorCode: 'REF', target: 900 }],
  },
  {
    reference: 'CHES-VS-2425-04',
    recipient: { name: 'Remedi', kind: 'charity', contactEmail: 'returns@remedi.demo.ringfence.local' },
    title: 'Hate crime victim support 2024/25 (illustrative amount)',
    amountPence: 10_000_000,
    coFunders: [],
    targets: [{ indicatorCode: 'SUP', target: 150 }],
  },
];

/**
 * The victims' services of the later Cheshire plan (apps/api/src/seed/data/victims-services-example.ts, docs/data.md#demo-plans):
 * the MoJ and Home Office grants, a victims' services stream, four awards with the example
 * outcome framework, half-yearly returns ("twice-yearly monitoring returns") and one accepted
 * return so the outcomes report has data. Idempotent: found by reference or name first.
 */
export async function seedVictimsServices(
  app: INestApplicationContext,
  organisation: (name: string, kind: string, identifier360: string | null, geoCode?: string | null, contactEmail?: string) => Promise<string>,
  commissionerOrganisationId: string,
  systemActor: Actor,
): Promise<number> {
  const dataSource = app.get(DataSource);
  const funding = app.get(FundingService);
  const awards = app.get(AwardsService);
  const outcomes = app.get(OutcomesService);
  const reporting = app.get(ReportingService);
  const returns = app.get(MonitoringReturnsService);
  const tx = dataSource.manager;
  let created = 0;

  const sourceIds: string[] = [];
  for (const s of DATA.fundingSources) {
    const funderId = await organisation(s.funder.name, s.funder.kind, s.funder.identifier360);
    let source = await funding.findSourceByName(tx, FY, s.name);
    if (!source) {
      await funding.createSource(systemActor, {
        funderOrganisationId: funderId,
        name: s.name,
        financialYear: FY,
        amountPence: s.amountPence,
        restricted: s.restricted,
        reportingRequirements: 'reportingRequirements' in s ? s.reportingRequirements : s.note,
      });
      source = await funding.findSourceByName(tx, FY, s.name);
      created++;
    }
    sourceIds.push(source!.id);
  }

  const streamIds: string[] = [];
  for (const [name, purpose, sourceIndex] of VICTIMS_STREAMS) {
    let stream = await funding.findStreamByName(tx, FY, name);
    if (!stream) {
      await funding.createStream(systemActor, {
        name,
        financialYear: FY,
        purpose,
        commissionerOrganisationId,
        sources: [{ fundingSourceId: sourceIds[sourceIndex]!, amountPence: DATA.fundingSources[sourceIndex]!.amountPence }],
      });
      stream = await funding.findStreamByName(tx, FY, name);
      created++;
    }
    streamIds.push(stream!.id);
  }

  // Returns are entered by the demo commissioner on the partners' behalf, and say so.
  const [commissioner] = (await tx.query(`SELECT id FROM app_user WHERE role = 'commissioner' ORDER BY created_at LIMIT 1`)) as { id: string }[];
  const officer: Actor = { userId: commissioner!.id, role: Role.Commissioner, organisationId: null, requestId: 'demo-seed' };
  const framework = await ensureVictimsServicesFramework(outcomes, systemActor, { fundingStreamId: streamIds[0]! });

  for (const s of SERVICES) {
    if (await awards.findByReference(tx, s.reference)) continue;
    // ILLUSTRATIVE location, like the amounts: the plan gives no addresses, so each service is
    // located in the area it is commissioned for (Cheshire CARES is the Constabulary's own service;
    // RASASC and Remedi deliver these services across Cheshire). No org-id or charity number is
    // given: none is in the plan's data, and none is invented.
    const recipientId = await organisation(s.recipient.name, s.recipient.kind, null, CHESHIRE.geoCode, s.recipient.contactEmail);
    const coFunders = [];
    for (const c of s.coFunders) coFunders.push({ organisationId: await organisation(c.name, c.name === 'NHS England' ? 'nhs' : 'local_authority', null), amountPence: c.amountPence });
    const award = await awards.create(systemActor, {
      reference: s.reference,
      fundingStreamId: streamIds[0]!,
      recipientOrganisationId: recipientId,
      title: s.title,
      grantType: "Victims' services",
      description: 'Amount illustrative: the plan does not publish it.',
      amountPence: s.amountPence,
      startDate: START,
      endDate: END,
      coFunders,
      beneficiaryLocations: [CHESHIRE],
    });
    await awards.approve(systemActor, award.id, { decisionReference: "Victims' services commissioning 2024/25 (illustrative)", decisionDate: START });
    await awards.activate(systemActor, award.id, { agreementSignedOn: START });
    const schedule = await reporting.setSchedule(systemActor, award.id, { frequency: 'half_yearly', dueWorkingDays: 10, outcomeFrameworkId: framework.id });
    await outcomes.replaceTargets(systemActor, award.id, s.targets);
    if (s.reference === 'CHES-VS-2425-01') {
      // One accepted half-year (illustrative figures) so the outcomes report has something to show.
      const h1 = schedule.periods.find((p) => p.key === '2024/25-H1')!;
      await returns.saveDraft(officer, h1.id, {
        onBehalf: true,
        spendPence: 30_000_000,
        narrative: 'Illustrative figures for the demo.',
        values: [
          { indicatorCode: 'REF', value: 11_240 },
          { indicatorCode: 'SUP', value: 9_710 },
          { indicatorCode: 'COPE', value: 82 },
          { indicatorCode: 'SAFE', value: 78 },
          { indicatorCode: 'INFO', value: 90 },
        ],
      });
      await returns.submit(officer, h1.id, { certified: true, onBehalf: true });
      await returns.review(officer, h1.id, 'accept');
    }
    created++;
  }
  return created;
}

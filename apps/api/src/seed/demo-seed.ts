import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  AwardsService,
  councilArea,
  FundingService,
  FundingStreamPurpose,
  ObjectivesService,
  OrganisationKind,
  OrganisationsService,
  Role,
  systemActor,
  UsersService,
  type Actor,
} from '#domain/index.js';
import { cheshire201415 } from './data/cheshire-2014-15.js';
import { CHESHIRE_POLICE_FORCE_AREA } from './data/places.js';
import { seedPartnerJourney } from './partner-journey.seed.js';
import { seedFinanceStates } from './finance-states.seed.js';
import { seedVictimsServices, VICTIMS_FINANCIAL_YEAR, VICTIMS_STREAMS } from './victims-services.seed.js';

/** Demo logins, one per role. Printed by `npm start`; never created outside the demo seed. */
export const DEMO_PASSWORD = 'ringfence-demo-2014';
export const DEMO_USERS = [
  { email: 'admin@demo.ringfence.local', name: 'Demo Administrator', role: Role.Admin },
  { email: 'commissioner@demo.ringfence.local', name: 'Demo Commissioning Officer', role: Role.Commissioner },
  { email: 'finance@demo.ringfence.local', name: 'Demo Finance Officer', role: Role.Finance },
  { email: 'partner@demo.ringfence.local', name: 'Demo Partner (Warrington Borough Council)', role: Role.Partner, organisation: 'GB-LAE-WRT' },
  { email: 'viewer@demo.ringfence.local', name: 'Demo Panel Member', role: Role.Viewer },
] as const;

export const PLAN_NAME = 'Cheshire Police and Crime Plan 2014-16';
const PLAN = cheshire201415;
const FY = PLAN.financialYear;
const { start: FY_START, end: FY_END } = { start: '2014-04-01', end: '2015-03-31' };


/** The area a council's grant serves: the council's own, its GSS code from the shipped register data. */
function areaOfCouncil(identifier360: string): { name: string; geoCode: string } {
  const area = councilArea(identifier360);
  if (!area) throw new Error(`no GSS code in the shipped register data for ${identifier360}`);
  return { name: area.name.replace(/ (Borough |County )?Council$/, ''), geoCode: area.geoCode };
}

export interface SeedReport {
  created: Record<string, number>;
}

/**
 * Loads the Cheshire 2014/15 plan through the domain services (so every row is validated and
 * audited like any other write). Idempotent: each record is looked up by its natural key first,
 * so a second run creates nothing.
 */
export async function seedDemo(app: INestApplicationContext): Promise<SeedReport> {
  const logger = new Logger('DemoSeed');
  const dataSource = app.get(DataSource);
  const organisations = app.get(OrganisationsService);
  const funding = app.get(FundingService);
  const objectives = app.get(ObjectivesService);
  const awards = app.get(AwardsService);
  const users = app.get(UsersService);
  const actor: Actor = systemActor('demo-seed');
  const created: Record<string, number> = { organisations: 0, fundingSources: 0, fundingStreams: 0, objectives: 0, awards: 0, users: 0 };
  const tx = dataSource.manager;

  // Only one seeder at a time (npm start and npm run seed:demo could race).
  return dataSource.transaction(async (lockTx) => {
    await lockTx.query(`SELECT pg_advisory_xact_lock(hashtext('ringfence:demo-seed'))`);

    const orgIds = new Map<string, string>();
    async function organisation(name: string, kind: string, identifier360: string | null, geoCode: string | null = null, contactEmail?: string): Promise<string> {
      const key = identifier360 ?? name;
      const known = orgIds.get(key);
      if (known) return known;
      const found = await organisations.findByIdentifierOrName(tx, identifier360, name);
      const id = found?.id ?? (await organisations.create(actor, { name, kind: kind as OrganisationKind, identifier360, geoCode, contactEmail })).id;
      if (!found) created['organisations']!++;
      orgIds.set(key, id);
      return id;
    }

    // The plan gives no org-id.guide identifier for the PCC, so none is invented (360Giving falls back to our prefix).
    const commissionerId = await organisation(PLAN.commissioner.name, PLAN.commissioner.kind, null);

    const sources: { fundingSourceId: string; amountPence: number }[] = [];
    for (const s of PLAN.fundingSources) {
      const funderId = s.funder === 'commissioner' ? commissionerId : await organisation(s.funder.name, s.funder.kind, s.funder.identifier360);
      let source = await funding.findSourceByName(tx, FY, s.name);
      if (!source) {
        await funding.createSource(actor, { funderOrganisationId: funderId, name: s.name, financialYear: FY, amountPence: s.amountPence, restricted: s.restricted });
        source = await funding.findSourceByName(tx, FY, s.name);
        created['fundingSources']!++;
      }
      sources.push({ fundingSourceId: source!.id, amountPence: s.amountPence });
    }

    let stream = await funding.findStreamByName(tx, FY, PLAN.fundingStream.name);
    if (!stream) {
      await funding.createStream(actor, {
        name: PLAN.fundingStream.name,
        financialYear: FY,
        purpose: FundingStreamPurpose.CrimeAndDisorderReduction,
        commissionerOrganisationId: commissionerId,
        sources,
      });
      stream = await funding.findStreamByName(tx, FY, PLAN.fundingStream.name);
      created['fundingStreams']!++;
    }

    const objectiveIds: string[] = [];
    for (const o of PLAN.planObjectives) {
      const found = await objectives.findByCode(tx, PLAN_NAME, o.code);
      objectiveIds.push(found?.id ?? (await objectives.create(actor, { planName: PLAN_NAME, code: o.code, title: o.title, measures: [...o.measures] })).id);
      if (!found) created['objectives']!++;
    }

    for (const [index, a] of PLAN.awards.entries()) {
      const reference = `CHES-1415-${String(index + 1).padStart(2, '0')}`;
      if (await awards.findByReference(tx, reference)) continue;
      // The Youth Offending Teams have no org-id (the plan names none); they work across the
      // Cheshire police force area, which is their location and the grant's beneficiaries'.
      const served = a.identifier360 ? areaOfCouncil(a.identifier360) : CHESHIRE_POLICE_FORCE_AREA;
      const recipientId = await organisation(a.organisation, a.kind, a.identifier360, a.identifier360 ? null : CHESHIRE_POLICE_FORCE_AREA.geoCode);
      const award = await awards.create(actor, {
        reference,
        fundingStreamId: stream!.id,
        recipientOrganisationId: recipientId,
        title: `${a.grantType} 2014/15: ${a.organisation}`,
        grantType: a.grantType,
        amountPence: a.amountPence,
        startDate: FY_START,
        endDate: FY_END,
        // Crime and disorder reduction grants serve objective 1 (drive down crime) and 2 (protect communities).
        objectiveIds: objectiveIds.slice(0, 2),
        beneficiaryLocations: [served],
      });
      for (const line of 'lines' in a ? a.lines : []) {
        await awards.addLine(actor, award.id, { label: line.label, amountPence: line.amountPence, note: line.note });
      }
      // The plan publishes the allocations but no decision date: record the first day of the
      // grant year, the latest date the decision can have been taken, rather than the seed's run.
      await awards.approve(actor, award.id, { decisionReference: 'Police and Crime Plan 2014-16: Crime & Disorder Reduction Grants', decisionDate: FY_START });
      created['awards']!++;
    }

    for (const u of DEMO_USERS) {
      const exists = await tx.query(`SELECT 1 FROM app_user WHERE email = $1`, [u.email]);
      if (exists.length) continue;
      const organisationId = 'organisation' in u ? await organisation('Warrington Borough Council', 'local_authority', u.organisation) : null;
      await users.create(actor, { email: u.email, name: u.name, role: u.role, organisationId, password: DEMO_PASSWORD });
      created['users']!++;
    }

    created['victimsServices'] = await seedVictimsServices(app, organisation, commissionerId, actor);
    created['partnerJourney'] = await seedPartnerJourney(app, organisation, commissionerId, actor);
    created['financeStates'] = await seedFinanceStates(app);

    // Every demo stream names the demo commissioning officer as its lead officer, so an overdue
    // return escalates to someone who can log in and act on it (docs/design.md#escalation).
    const officerEmail = DEMO_USERS.find((u) => u.role === Role.Commissioner)!.email;
    const [officer] = (await tx.query(`SELECT id FROM app_user WHERE email = $1`, [officerEmail])) as { id: string }[];
    created['leadOfficers'] = 0;
    for (const [financialYear, name] of [[FY, PLAN.fundingStream.name], ...VICTIMS_STREAMS.map(([n]) => [VICTIMS_FINANCIAL_YEAR, n])] as [string, string][]) {
      const stream = await funding.findStreamByName(tx, financialYear, name);
      if (!officer || !stream || stream.leadOfficerUserId) continue;
      await funding.updateStream(actor, stream.id, { leadOfficerUserId: officer.id });
      created['leadOfficers']++;
    }

    const total = Object.values(created).reduce((a, b) => a + b, 0);
    logger.log(`${total ? 'demo data loaded' : 'demo data already present; nothing created'} ${JSON.stringify(created)}`);
    return { created };
  });
}

/** True when the database holds no business data yet (users alone do not count). */
export async function isEmpty(app: INestApplicationContext): Promise<boolean> {
  const [{ n }] = (await app.get(DataSource).query(`SELECT count(*)::int AS n FROM organisation`)) as [{ n: number }];
  return n === 0;
}

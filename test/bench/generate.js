// A deterministic synthetic national dataset for the benchmarks (issue 8, item 1).
//
// Scale 1: 43 commissioners (PCCs), 2,000 recipient organisations, 10,000 awards, about 36,000
// reporting periods with a return for most of them (5 indicator values per submitted version)
// and about 30,000 payments. Scale N multiplies everything but the commissioners and their
// streams. Loads through COPY with every trigger and constraint ON: the database itself checks
// the money invariants (docs/design.md#money-invariants) on every row, so the dataset cannot hold what the app could not.
//
// The dataset's "today" is fixed (AS_OF), so its findings and reminders do not drift with the
// calendar: 2025/26 is the main, full, just-finished year (its final returns are being chased),
// 2024/25 is history (mostly closed), 2026/27 has just started.
//
// Usage: node test/bench/generate.js --scale 10 --database-url postgres://postgres@127.0.0.1:5432/x
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { copyInto } from './lib/copy.js';
import { createLog } from './lib/measure.js';
import { rng } from './lib/prng.js';

/** Bump whenever the rows change: run.js rebuilds a database whose marker names another version. */
export const GENERATOR_VERSION = 6;
export const AS_OF = '2026-05-20';
export const MAIN_FY = '2025/26';
export const HISTORY_FY = '2024/25';
export const NEXT_FY = '2026/27';
const YEARS = [HISTORY_FY, MAIN_FY, NEXT_FY];
const YEAR_SHARE = { [HISTORY_FY]: 0.25, [MAIN_FY]: 0.65, [NEXT_FY]: 0.1 };
export const COMMISSIONERS = 43;
/** Password of the bench's staff users (bench-<role>@bench.ringfence.test), for API benchmarks. */
export const BENCH_PASSWORD = 'bench-password-2026';
export const BENCH_USERS = ['admin', 'finance', 'commissioner', 'viewer'].map((role) => ({ role, email: `bench-${role}@bench.ringfence.test` }));
const SEED = 'ringfence-bench';

const PCC_AREAS = [
  'Avon and Somerset', 'Bedfordshire', 'Cambridgeshire', 'Cheshire', 'Cleveland', 'Cumbria', 'Derbyshire', 'Devon and Cornwall', 'Dorset',
  'Durham', 'Dyfed-Powys', 'Essex', 'Gloucestershire', 'Greater Manchester', 'Gwent', 'Hampshire', 'Hertfordshire', 'Humberside', 'Kent',
  'Lancashire', 'Leicestershire', 'Lincolnshire', 'London', 'Merseyside', 'Norfolk', 'North Wales', 'North Yorkshire', 'Northamptonshire',
  'Northumbria', 'Nottinghamshire', 'South Wales', 'South Yorkshire', 'Staffordshire', 'Suffolk', 'Surrey', 'Sussex', 'Thames Valley',
  'Warwickshire', 'West Mercia', 'West Midlands', 'West Yorkshire', 'Wiltshire', 'City of London',
];
const STREAM_KINDS = [
  { key: 'victims', name: "Victims' services", purpose: 'victims_services', share: 0.5 },
  { key: 'safety', name: 'Community safety', purpose: 'crime_and_disorder_reduction', share: 0.3 },
  { key: 'community', name: 'Community fund', purpose: 'community_fund', share: 0.2 },
];
const INDICATORS = [
  { code: 'SUPPORTED', title: 'Victims supported', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum', victim: true },
  { code: 'SESSIONS', title: 'Support sessions delivered', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum', victim: false },
  { code: 'COPING', title: 'Victims reporting they cope better', level: 'outcome', unit: 'percentage', direction: 'higher_is_better', aggregation: 'mean', victim: false },
  { code: 'WAIT_DAYS', title: 'Days from referral to first contact', level: 'output', unit: 'count', direction: 'lower_is_better', aggregation: 'mean', victim: false },
  { code: 'STORY', title: 'Case study', level: 'impact', unit: 'text', direction: 'higher_is_better', aggregation: 'latest', victim: false },
];
const OBJECTIVES = ['Put victims first', 'Prevent crime and harm', 'Safer communities', 'Tackle violence against women and girls', 'Reduce reoffending', 'Support young people'];
const ORG_KINDS = { charity: 60, company: 15, community_group: 15, local_authority: 5, nhs: 5 };
const ORG_WORDS = ['Hope', 'Harbour', 'Bridge', 'Beacon', 'Haven', 'Compass', 'Anchor', 'Oak', 'Willow', 'Circle', 'Lighthouse', 'Pathway', 'Phoenix', 'Rise', 'Shelter'];
const ORG_SUFFIX = { charity: 'Trust', company: 'CIC', community_group: 'Community Group', local_authority: 'Council', nhs: 'NHS Foundation Trust' };
const COMMITTED = new Set(['approved', 'active', 'suspended', 'closed']);

// ---- dates -------------------------------------------------------------------------------------

const DAY = 86_400_000;
const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const fyStartYear = (fy) => Number(fy.slice(0, 4));
const fyStart = (fy) => `${fyStartYear(fy)}-04-01`;
const fyEnd = (fy) => `${fyStartYear(fy) + 1}-03-31`;
const ts = (iso, hour = 10) => `${iso} ${String(hour).padStart(2, '0')}:00:00+00`;
/** Quarter q (1..4) of a financial year. */
function quarter(fy, q) {
  const y = fyStartYear(fy);
  const starts = [`${y}-04-01`, `${y}-07-01`, `${y}-10-01`, `${y + 1}-01-01`];
  const ends = [`${y}-06-30`, `${y}-09-30`, `${y}-12-31`, `${y + 1}-03-31`];
  return { start: starts[q - 1], end: ends[q - 1] };
}
/** Roughly 20 working days. The app computes due dates with the bank-holiday calendar; the bench only needs them plausible. */
const dueAfter = (end) => addDays(end, 28);

// ---- the plan: reference data and awards, in memory (small), everything else per award, lazily --

function counts(scale) {
  return { organisations: 2_000 * scale, awards: 10_000 * scale };
}

function planReference(scale) {
  const r = rng(`${SEED}:reference`);
  const moj = { id: r.uuid(), name: 'Ministry of Justice', kind: 'government' };
  const pccs = PCC_AREAS.slice(0, COMMISSIONERS).map((area, i) => ({
    i,
    id: r.uuid(),
    area,
    name: `Office of the Police and Crime Commissioner for ${area}`,
    slug: area.toLowerCase().replace(/[^a-z]+/g, '-'),
    weight: 1 + r.int(0, 8),
  }));
  const orgs = [];
  for (let i = 0; i < counts(scale).organisations; i++) {
    const kind = r.weighted(ORG_KINDS);
    orgs.push({
      i,
      id: r.uuid(),
      kind,
      name: `${r.pick(ORG_WORDS)} ${r.pick(ORG_WORDS)} ${ORG_SUFFIX[kind]} ${i + 1}`,
      pcc: r.int(0, COMMISSIONERS - 1),
      // Most organisations have a contact email; some have partner users too; a few have neither,
      // which the reminder scan must record as undeliverable.
      contactEmail: r.chance(0.85) ? `contact${i + 1}@org${i + 1}.bench.ringfence.test` : null,
      partners: r.chance(0.7) ? r.int(1, 2) : 0,
      charityNumber: kind === 'charity' ? String(1_000_000 + i) : null,
      postcode: `AB${r.int(1, 99)} ${r.int(1, 9)}CD`,
    });
  }
  const users = [];
  const staff = {};
  for (const u of BENCH_USERS) {
    const row = { id: r.uuid(), email: u.email, name: `Bench ${u.role}`, role: u.role, organisationId: null, known: true };
    users.push(row);
    staff[u.role] = row;
  }
  const finance = [staff.finance];
  for (let k = 1; k <= 5; k++) finance.push({ id: r.uuid(), email: `finance${k}@bench.ringfence.test`, name: `Finance officer ${k}`, role: 'finance', organisationId: null });
  users.push(...finance.slice(1));
  for (const p of pccs) {
    p.officers = [1, 2].map((k) => ({ id: r.uuid(), email: `officer${k}.${p.slug}@bench.ringfence.test`, name: `Commissioning officer ${k}, ${p.area}`, role: 'commissioner', organisationId: null }));
    users.push(...p.officers);
  }
  for (const o of orgs) {
    o.partnerUsers = [];
    for (let k = 1; k <= o.partners; k++) {
      const u = { id: r.uuid(), email: `partner${k}@org${o.i + 1}.bench.ringfence.test`, name: `Partner ${k} of ${o.name}`, role: 'partner', organisationId: o.id };
      o.partnerUsers.push(u);
      users.push(u);
    }
  }
  const streams = [];
  const sources = [];
  for (const fy of YEARS) {
    for (const p of pccs) {
      const mojSource = { id: r.uuid(), funder: moj.id, name: `MoJ victims grant ${fy}: ${p.area}`, fy, restricted: true, carryForward: false, pcc: p.i, streams: [] };
      const coreSource = { id: r.uuid(), funder: p.id, name: `PCC core grant ${fy}: ${p.area}`, fy, restricted: false, carryForward: true, pcc: p.i, streams: [] };
      sources.push(mojSource, coreSource);
      for (const kind of STREAM_KINDS) {
        const s = { id: r.uuid(), i: streams.length, name: `${kind.name} ${fy} (${p.area})`, fy, purpose: kind.purpose, pcc: p.i, commissioner: p.id, lead: p.officers[0].id, kind: kind.key, committed: 0, source: kind.key === 'victims' ? mojSource : coreSource };
        s.source.streams.push(s);
        streams.push(s);
      }
    }
  }
  const frameworks = YEARS.map((fy) => ({
    id: r.uuid(),
    fy,
    name: `Victims and community outcomes ${fy}`,
    indicators: INDICATORS.map((x, position) => ({ ...x, id: r.uuid(), position })),
  }));
  const objectives = OBJECTIVES.map((title, i) => ({ id: r.uuid(), code: `OBJ${i + 1}`, title }));
  return { moj, pccs, orgs, users, staff, finance, streams, sources, frameworks, objectives };
}

const MAIN_STATUS = { draft: 3, approved: 3, active: 72, suspended: 3, closed: 14, cancelled: 5 };
const HISTORY_STATUS = { draft: 0.5, active: 4, suspended: 1, closed: 88.5, cancelled: 6 };
const NEXT_STATUS = { draft: 15, approved: 15, active: 68, suspended: 1, cancelled: 1 };

function planAwards(scale, ref) {
  const r = rng(`${SEED}:awards`);
  const pccWeights = Object.fromEntries(ref.pccs.map((p) => [p.i, p.weight]));
  const streamIndex = new Map(ref.streams.map((s) => [`${s.fy}:${s.pcc}:${s.kind}`, s]));
  const kindShare = Object.fromEntries(STREAM_KINDS.map((k) => [k.key, k.share]));
  const awards = [];
  const n = counts(scale).awards;
  for (let i = 0; i < n; i++) {
    const fy = r.weighted(YEAR_SHARE);
    const pcc = Number(r.weighted(pccWeights));
    const stream = streamIndex.get(`${fy}:${pcc}:${r.weighted(kindShare)}`);
    // Recipients are mostly local to their commissioner: pick among a tenth of the organisations.
    const org = ref.orgs[(pcc * 47 + r.int(0, Math.max(1, Math.floor(ref.orgs.length / 10)))) % ref.orgs.length];
    const status = r.weighted(fy === MAIN_FY ? MAIN_STATUS : fy === HISTORY_FY ? HISTORY_STATUS : NEXT_STATUS);
    const startQ = r.weighted({ 1: 92, 2: 5, 3: 3 });
    const start = quarter(fy, Number(startQ)).start;
    const end = r.chance(0.04) && startQ === '1' ? quarter(fy, 2).end : fyEnd(fy);
    const amount = Math.round(r.logUniform(2_000, 300_000) / 10) * 1_000; // pence, whole tens of pounds
    // Planted: a cancelled award that had already been paid (the DB allows cancelling it; the app
    // would not), which reconciliation must report as PAYMENT_ON_INACTIVE_AWARD.
    const paidThenCancelled = status === 'cancelled' && fy !== NEXT_FY && r.chance(0.05);
    const insertStatus =
      status === 'suspended' || status === 'closed' || paidThenCancelled ? 'active' : status === 'cancelled' ? 'draft' : status;
    const approvedOn = addDays(start, -r.int(7, 60));
    const officer = ref.pccs[pcc].officers;
    const a = {
      i,
      id: r.uuid(),
      reference: `AW-${fy.slice(0, 4)}-B${String(i + 1).padStart(7, '0')}`,
      fy,
      stream,
      org,
      status,
      insertStatus,
      paidThenCancelled,
      start,
      end,
      amount,
      approvedOn,
      activatedOn: addDays(approvedOn, r.int(2, 6)),
      createdBy: officer[0],
      approvedBy: officer[1],
      title: `${r.pick(['Independent advocacy', 'Outreach', 'Restorative justice', 'Helpline', 'Counselling', 'Youth diversion', 'Night-time economy', 'Refuge support'])} service`,
      grantType: r.pick(['Grant', 'Grant', 'Grant', 'Contract for services']),
      objective: ref.objectives[r.int(0, ref.objectives.length - 1)],
      createdAt: ts(addDays(approvedOn, -r.int(5, 30)), 9 + (i % 8)),
    };
    if (COMMITTED.has(insertStatus)) stream.committed += amount;
    awards.push(a);
  }
  return awards;
}

/** Everything that hangs off one award, decided by the award's own random stream (so each table pass agrees). */
function planAward(a, ref) {
  const r = rng(`${SEED}:award:${a.i}`);
  const plan = { schedule: null, periods: [], payments: [], conditions: [], targets: [] };
  const scheduled = a.insertStatus !== 'draft';
  if (!scheduled) return plan;
  const frequency = r.weighted({ quarterly: 95, half_yearly: 3, annual: 2 });
  plan.schedule = { frequency, dueWorkingDays: 20 };
  const quarters = [1, 2, 3, 4].map((q) => ({ q, ...quarter(a.fy, q) })).filter((x) => x.end >= a.start && x.start <= a.end);
  const spans =
    frequency === 'quarterly'
      ? quarters.map((x) => ({ key: `${a.fy}-Q${x.q}`, start: x.start, end: x.end }))
      : frequency === 'half_yearly'
        ? [
            { key: `${a.fy}-H1`, start: quarter(a.fy, 1).start, end: quarter(a.fy, 2).end },
            { key: `${a.fy}-H2`, start: quarter(a.fy, 3).start, end: quarter(a.fy, 4).end },
          ].filter((x) => x.end >= a.start && x.start <= a.end)
        : [{ key: a.fy, start: fyStart(a.fy), end: fyEnd(a.fy) }];
  const total = spans.length;
  // An extra period (kind 'extra'): the year-end evaluation some commissioners ask of larger grants.
  const extra = a.amount > 5_000_000 && r.chance(0.3) ? { key: `${a.fy}-X1`, start: a.start, end: a.end, extra: true } : null;

  // Payments: one instalment per period, at its start; the last is held back until the final return.
  const payable = a.insertStatus === 'active';
  let paidSoFar = 0;
  const paidBy = new Map();
  if (payable) {
    const share = Math.floor(a.amount / total);
    spans.forEach((s, k) => {
      const last = k === total - 1;
      const amount = last ? a.amount - share * (total - 1) : share;
      const planned = s.start < a.start ? a.start : s.start;
      let status = planned <= AS_OF ? 'paid' : planned <= addDays(AS_OF, 30) ? 'approved' : 'scheduled';
      if (last && status === 'paid' && a.fy === MAIN_FY && a.status !== 'closed') status = r.weighted({ paid: 75, approved: 10, scheduled: 15 });
      // Closed early or underdelivered: the final instalment was never paid (UNDERSPEND_AT_END).
      if (last && a.status === 'closed' && r.chance(0.1)) status = 'cancelled';
      const creator = ref.finance[r.int(0, ref.finance.length - 1)];
      let approver = ref.finance[r.int(0, ref.finance.length - 1)];
      if (approver === creator) approver = ref.finance[(ref.finance.indexOf(creator) + 1) % ref.finance.length];
      const approved = status === 'approved' || status === 'paid';
      const paidDate = status === 'paid' ? addDays(planned, r.int(0, 5)) : null;
      plan.payments.push({
        id: r.uuid(),
        kind: 'payment',
        amount,
        planned,
        status,
        createdBy: creator.id,
        requiresSecond: amount > 5_000_000,
        approvedBy: approved ? approver.id : null,
        approvedAt: approved ? ts(addDays(planned, -3)) : null,
        paidDate,
        paidReference: paidDate ? `BACS-${a.i + 1}-${k + 1}` : null,
        paidBy: paidDate ? approver.id : null,
        createdAt: ts(addDays(planned, -20)),
      });
      if (status === 'paid') {
        paidSoFar += amount;
        paidBy.set(k, paidSoFar);
      }
    });
    // A few closed awards returned unspent money.
    if (a.status === 'closed' && paidSoFar > 0 && r.chance(0.04)) {
      const back = Math.max(100, Math.round((paidSoFar * r.int(5, 20)) / 100 / 100) * 100);
      const planned = addDays(a.end, 40);
      const approver = ref.finance[1];
      plan.payments.push({
        id: r.uuid(), kind: 'recovery', amount: -back, planned, status: 'paid', createdBy: ref.finance[2].id, requiresSecond: false,
        approvedBy: approver.id, approvedAt: ts(planned), paidDate: addDays(planned, 3), paidReference: `REC-${a.i + 1}`, paidBy: approver.id, createdAt: ts(addDays(planned, -5)),
      });
    }
  }

  // Periods and returns. A period past due mostly has an accepted return; the main year's last
  // period (due a few weeks before AS_OF) is the one partners are late with.
  const partners = a.org.partnerUsers;
  [...spans, ...(extra ? [extra] : [])].forEach((s, k) => {
    const due = s.extra ? addDays(s.end, 60) : dueAfter(s.end);
    const last = k === total - 1 || Boolean(s.extra);
    const period = { id: r.uuid(), key: s.key, kind: s.extra ? 'extra' : 'scheduled', start: s.start < a.start ? a.start : s.start, end: s.end > a.end ? a.end : s.end, due, ret: null };
    plan.periods.push(period);
    let status;
    if (a.status === 'cancelled' && !a.paidThenCancelled) status = 'none';
    else if (due < AS_OF) status = last && a.fy === MAIN_FY ? r.weighted({ accepted: 55, submitted: 20, revision_requested: 3, draft: 10, none: 12 }) : r.weighted({ accepted: 90, submitted: 3, revision_requested: 2, draft: 2, none: 3 });
    else if (s.end < AS_OF) status = r.weighted({ submitted: 20, draft: 30, none: 50 });
    else status = r.weighted({ draft: 10, none: 90 });
    if (status === 'none') return;
    const ret = { id: r.uuid(), status, versions: [], reviews: [] };
    period.ret = ret;
    if (status === 'draft') return;
    const fraction = Math.min(1, (k + 1) / total);
    const versionCount = status === 'accepted' && r.chance(0.1) ? 2 : 1;
    for (let v = 1; v <= versionCount; v++) {
      const certifiedOn = addDays(due, r.int(-15, v === 1 ? 10 : 25));
      const late = certifiedOn > due;
      const onBehalf = partners.length === 0;
      // Spend to date; by the last period most partners have spent (nearly) all of it.
      const spent = last ? (r.chance(0.85) ? 0.99 + r.next() * 0.01 : 0.7 + r.next() * 0.28) : fraction * (0.9 + r.next() * 0.1);
      const spend = Math.min(a.amount, Math.round(a.amount * spent));
      const supported = r.chance(0.08) ? r.int(0, 4) : r.int(5, 220);
      ret.versions.push({
        id: r.uuid(),
        n: v,
        spend,
        certifiedBy: onBehalf ? a.createdBy.id : partners[0].id,
        certifiedAt: ts(certifiedOn, 14),
        onBehalf,
        late,
        workingDaysLate: late ? Math.round(((Date.parse(certifiedOn) - Date.parse(due)) / DAY) * (5 / 7)) : 0,
        values: [
          ['SUPPORTED', supported, null],
          ['SESSIONS', supported * r.int(2, 6), null],
          ['COPING', Math.round(r.next() * 4000 + 5500) / 100, null],
          ['WAIT_DAYS', r.int(1, 30), null],
          ['STORY', null, `Quarter ${k + 1}: a client was supported to ${r.pick(['give evidence', 'move to safe housing', 'return to work', 'access counselling'])}.`],
        ],
      });
      const reviewOn = addDays(certifiedOn, r.int(2, 12));
      if (v < versionCount || status === 'revision_requested') {
        ret.reviews.push({ id: r.uuid(), n: v, decision: 'revision_requested', comment: 'Please explain the spend against the budget lines.', by: a.approvedBy.id, at: ts(reviewOn, 11) });
      } else if (status === 'accepted') {
        ret.reviews.push({ id: r.uuid(), n: v, decision: 'accepted', comment: null, by: a.approvedBy.id, at: ts(reviewOn, 11) });
      }
    }
    ret.firstSubmittedAt = ret.versions[0].certifiedAt;
    ret.latestVersion = ret.versions.length;
    ret.acceptedVersion = status === 'accepted' ? ret.versions.length : null;
  });

  // Conditions: the grant agreement (met) on a third of awards; safeguarding evidence open on some live ones.
  if (r.chance(0.33)) {
    const on = addDays(a.activatedOn, 1);
    plan.conditions.push({ id: r.uuid(), title: 'Signed grant agreement returned', category: 'grant_agreement', holds: true, due: addDays(a.start, 14), status: 'met', note: 'Signed copy on file', by: a.createdBy.id, at: ts(on) });
  }
  if (r.chance(0.08)) {
    const open = a.insertStatus === 'approved' || a.fy === NEXT_FY;
    plan.conditions.push({ id: r.uuid(), title: 'Safeguarding policy reviewed', category: 'safeguarding', holds: false, due: addDays(a.start, 60), status: open ? 'open' : 'met', note: open ? null : 'Policy dated this year', by: open ? null : a.createdBy.id, at: open ? null : ts(addDays(a.start, 30)) });
  }
  const fw = ref.frameworks.find((f) => f.fy === a.fy);
  for (const ind of fw.indicators) {
    if (ind.unit === 'text') continue;
    const target = ind.unit === 'percentage' ? 70 : ind.code === 'WAIT_DAYS' ? 10 : ind.code === 'SUPPORTED' ? r.int(20, 400) : r.int(100, 2000);
    plan.targets.push({ id: r.uuid(), indicator: ind.id, framework: fw.id, target, baseline: ind.code === 'SUPPORTED' ? Math.floor(target * 0.8) : null });
  }
  return plan;
}

// ---- load ------------------------------------------------------------------------------------

async function hashPassword() {
  const argon2 = (await import('argon2')).default;
  return argon2.hash(BENCH_PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
}

/** Builds the whole dataset into an empty, migrated database; returns the summary. */
export async function generate({ databaseUrl, scale = 1, log = createLog('generate') }) {
  const started = performance.now();
  if (!Number.isInteger(scale) || scale < 1) throw new Error(`scale must be a whole number >= 1, not ${scale}`);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'ringfence-bench-generate' });
  await client.connect();
  try {
    // The triggers stay on (session_replication_role is left at origin): every row below passed
    // the same checks as the app's own writes. Commits are asynchronous: a crash mid-load loses
    // the load, which is rebuilt from scratch anyway.
    await client.query(`SET synchronous_commit = off`);
    const ref = planReference(scale);
    const awards = planAwards(scale, ref);
    log('planned', { scale, awards: awards.length, organisations: ref.orgs.length, streams: ref.streams.length, users: ref.users.length });
    const hash = await hashPassword();
    const rowsLoaded = {};
    const copy = async (table, columns, rows) => {
      rowsLoaded[table] = (rowsLoaded[table] ?? 0) + (await copyInto(client, table, columns, rows, log));
    };

    await copy('organisation', ['id', 'name', 'kind', 'charity_number', 'postcode', 'contact_email', 'identifier360'], (function* () {
      yield [ref.moj.id, ref.moj.name, 'government', null, 'SW1H 9AJ', 'grants@moj.bench.ringfence.test', 'GB-GOR-D18'];
      for (const p of ref.pccs) yield [p.id, p.name, 'pcc', null, null, `grants@${p.slug}.bench.ringfence.test`, `GB-PCC-${p.slug}`];
      for (const o of ref.orgs) yield [o.id, o.name, o.kind, o.charityNumber, o.postcode, o.contactEmail, o.charityNumber ? `GB-CHC-${o.charityNumber}` : null];
    })());
    await copy('app_user', ['id', 'email', 'name', 'role', 'organisation_id', 'password_hash'], ref.users.map((u) => [u.id, u.email, u.name, u.role, u.organisationId, hash]));
    await copy('plan_objective', ['id', 'plan_name', 'code', 'title'], ref.objectives.map((o) => [o.id, 'Police and crime plan 2024-2029', o.code, o.title]));

    // Budgets cover what the awards commit, with headroom, so approvals in the API benches fit.
    for (const s of ref.streams) s.budget = Math.max(1_000_000, Math.ceil((s.committed * 1.12) / 100_000) * 100_000);
    for (const src of ref.sources) src.amount = src.streams.reduce((sum, s) => sum + s.budget, 0) + 5_000_000;
    await copy('funding_source', ['id', 'funder_organisation_id', 'name', 'financial_year', 'amount_pence', 'restricted', 'carry_forward_allowed'],
      ref.sources.map((s) => [s.id, s.funder, s.name, s.fy, s.amount, s.restricted, s.carryForward]));
    // Each stream's lead officer receives its escalations (docs/design.md#escalation), as in a real deployment.
    await copy('funding_stream', ['id', 'name', 'financial_year', 'purpose', 'commissioner_organisation_id', 'lead_officer_user_id'], ref.streams.map((s) => [s.id, s.name, s.fy, s.purpose, s.commissioner, s.lead]));
    // The assignment trigger keeps funding_stream.budget_pence (docs/design.md#invariant-2).
    await copy('funding_stream_source', ['funding_stream_id', 'funding_source_id', 'amount_pence'], ref.streams.map((s) => [s.id, s.source.id, s.budget]));
    await copy('outcome_framework', ['id', 'name', 'financial_year', 'description'], ref.frameworks.map((f) => [f.id, f.name, f.fy, 'Bench framework: outputs and outcomes of victims services']));
    await copy('outcome_indicator', ['id', 'framework_id', 'code', 'title', 'level', 'unit', 'direction', 'aggregation', 'is_victim_count', 'position'],
      ref.frameworks.flatMap((f) => f.indicators.map((x) => [x.id, f.id, x.code, x.title, x.level, x.unit, x.direction, x.aggregation, x.victim, x.position])));

    // Awards, in their first committed status. The stream totals are the triggers' work done in
    // bulk: award_commitment (migrations/1764004500000) would update a stream row once per award
    // at the end of the COPY, and in one statement each update walks every earlier version of
    // that row (none can be pruned before commit), so a stream of n awards cost n squared again.
    // Off for this COPY only, in its transaction; one UPDATE then sets every stream's total, and
    // the CHECK refuses any above its budget (docs/design.md#invariant-3); verify() looks again.
    await client.query('BEGIN');
    await client.query('ALTER TABLE award DISABLE TRIGGER award_commitment');
    await copy('award', ['id', 'reference', 'funding_stream_id', 'recipient_organisation_id', 'title', 'grant_type', 'description', 'amount_pence', 'start_date', 'end_date', 'status',
      'decision_reference', 'approved_by_user_id', 'approved_at', 'decision_date', 'created_by_user_id', 'activated_at', 'agreement_signed_on', 'created_at', 'updated_at'],
    (function* () {
      for (const a of awards) {
        const approved = a.insertStatus !== 'draft';
        const active = a.insertStatus === 'active';
        yield [a.id, a.reference, a.stream.id, a.org.id, a.title, a.grantType, `Delivered by ${a.org.name} for ${a.stream.name}`, a.amount, a.start, a.end, a.insertStatus,
          approved ? `DEC-${a.fy.slice(0, 4)}-${a.i + 1}` : null, approved ? a.approvedBy.id : null, approved ? ts(a.approvedOn) : null, approved ? a.approvedOn : null,
          a.createdBy.id, active ? ts(a.activatedOn) : null, active ? a.activatedOn : null, a.createdAt, a.createdAt];
      }
    })());
    await client.query(`
      UPDATE funding_stream s SET committed_pence = t.committed
        FROM (SELECT funding_stream_id, sum(amount_pence)::bigint AS committed FROM award
               WHERE status IN ('approved','active','suspended','closed') GROUP BY funding_stream_id) t
       WHERE t.funding_stream_id = s.id`);
    await client.query('ALTER TABLE award ENABLE TRIGGER award_commitment');
    await client.query('COMMIT');
    await copy('award_objective', ['award_id', 'plan_objective_id'], awards.map((a) => [a.id, a.objective.id]));
    const plans = function* () {
      for (const a of awards) yield [a, planAward(a, ref)];
    };
    const fwOf = new Map(ref.frameworks.map((f) => [f.fy, f]));
    await copy('award_outcome_framework', ['award_id', 'outcome_framework_id'], (function* () {
      for (const a of awards) if (a.insertStatus !== 'draft') yield [a.id, fwOf.get(a.fy).id];
    })());
    await copy('award_target', ['id', 'award_id', 'outcome_framework_id', 'indicator_id', 'period_key', 'baseline', 'target'], (function* () {
      for (const [a, p] of plans()) if (a.insertStatus !== 'draft') for (const t of p.targets) yield [t.id, a.id, t.framework, t.indicator, null, t.baseline, t.target];
    })());
    await copy('award_condition', ['id', 'award_id', 'title', 'category', 'holds_payments', 'due_date', 'status', 'note', 'resolved_by_user_id', 'resolved_at', 'created_by_user_id'], (function* () {
      for (const [a, p] of plans()) for (const c of p.conditions) yield [c.id, a.id, c.title, c.category, c.holds, c.due, c.status, c.note, c.by, c.at, a.createdBy.id];
    })());
    await copy('reporting_schedule', ['award_id', 'frequency', 'due_working_days'], (function* () {
      for (const [a, p] of plans()) if (p.schedule) yield [a.id, p.schedule.frequency, p.schedule.dueWorkingDays];
    })());
    await copy('reporting_period', ['id', 'award_id', 'key', 'kind', 'period_start', 'period_end', 'due_date'], (function* () {
      for (const [a, p] of plans()) for (const x of p.periods) yield [x.id, a.id, x.key, x.kind, x.start, x.end, x.due];
    })());
    // Payments while the awards are active (the payment trigger refuses them on any other status).
    await copy('payment', ['id', 'award_id', 'kind', 'amount_pence', 'planned_date', 'status', 'created_by_user_id', 'requires_second_approver', 'approved_by_user_id', 'approved_at',
      'paid_date', 'paid_reference', 'paid_by_user_id', 'created_at'], (function* () {
      for (const [a, p] of plans())
        for (const x of p.payments) yield [x.id, a.id, x.kind, x.amount, x.planned, x.status, x.createdBy, x.requiresSecond, x.approvedBy, x.approvedAt, x.paidDate, x.paidReference, x.paidBy, x.createdAt];
    })());
    await copy('monitoring_return', ['id', 'reporting_period_id', 'status', 'latest_version', 'accepted_version', 'first_submitted_at', 'draft_values'], (function* () {
      for (const [, p] of plans()) for (const x of p.periods) if (x.ret) yield [x.ret.id, x.id, x.ret.status, x.ret.latestVersion ?? 0, x.ret.acceptedVersion ?? null, x.ret.firstSubmittedAt ?? null, '[]'];
    })());
    // Versions and their values in one transaction: values join a version only in the transaction that creates it (docs/design.md#invariant-7).
    await client.query('BEGIN');
    await copy('return_version', ['id', 'monitoring_return_id', 'version_number', 'spend_pence', 'narrative', 'certified_by_user_id', 'certified_at', 'submitted_on_behalf', 'late', 'working_days_late'], (function* () {
      for (const [, p] of plans())
        for (const x of p.periods) for (const v of x.ret?.versions ?? []) yield [v.id, x.ret.id, v.n, v.spend, 'Delivery on plan.', v.certifiedBy, v.certifiedAt, v.onBehalf, v.late, v.workingDaysLate];
    })());
    await copy('return_value', ['return_version_id', 'indicator_code', 'value_numeric', 'value_text'], (function* () {
      for (const [, p] of plans()) for (const x of p.periods) for (const v of x.ret?.versions ?? []) for (const [code, num, text] of v.values) yield [v.id, code, num, text];
    })());
    await copy('return_review', ['id', 'monitoring_return_id', 'version_number', 'decision', 'comment', 'reviewed_by_user_id', 'reviewed_at'], (function* () {
      for (const [, p] of plans()) for (const x of p.periods) for (const v of x.ret?.reviews ?? []) yield [v.id, x.ret.id, v.n, v.decision, v.comment, v.by, v.at];
    })());
    await client.query('COMMIT');

    // Final statuses: suspended, closed, and the planted paid-then-cancelled awards (each UPDATE
    // passes the award triggers: budget, year lock).
    const t0 = performance.now();
    const finals = awards.filter((a) => a.status !== a.insertStatus);
    await client.query(`CREATE TEMP TABLE bench_final (id uuid PRIMARY KEY, status text, at timestamptz)`);
    await copyInto(client, 'bench_final', ['id', 'status', 'at'], finals.map((a) => [a.id, a.status, ts(a.status === 'closed' ? addDays(a.end, 60) : addDays(a.start, 100))]));
    await client.query(`
      UPDATE award a SET status = f.status, updated_at = f.at,
             closed_at = CASE WHEN f.status = 'closed' THEN f.at END,
             cancelled_at = CASE WHEN f.status = 'cancelled' THEN f.at END,
             status_reason = CASE f.status WHEN 'suspended' THEN 'Performance review' WHEN 'cancelled' THEN 'Provider withdrew' END
        FROM bench_final f WHERE f.id = a.id`);
    log('award statuses set', { awards: finals.length, seconds: ((performance.now() - t0) / 1000).toFixed(1) });

    await client.query('ANALYZE');
    const violations = await verify(client, ref);
    const summary = await summarise(client, scale);
    summary.generatorVersion = GENERATOR_VERSION;
    summary.asOf = AS_OF;
    summary.plantedPaidThenCancelled = awards.filter((a) => a.paidThenCancelled).length;
    summary.users = { password: BENCH_PASSWORD, staff: BENCH_USERS };
    summary.generationSeconds = Math.round((performance.now() - started) / 100) / 10;
    summary.invariantViolations = violations;
    await client.query(`CREATE TABLE IF NOT EXISTS bench_dataset (scale int NOT NULL, generator_version int NOT NULL, finished_at timestamptz NOT NULL DEFAULT now(), summary jsonb NOT NULL)`);
    await client.query(`DELETE FROM bench_dataset`);
    await client.query(`INSERT INTO bench_dataset (scale, generator_version, summary) VALUES ($1, $2, $3)`, [scale, GENERATOR_VERSION, summary]);
    log('generated', { seconds: summary.generationSeconds, awards: summary.awards, periods: summary.periods, returns: summary.returns, payments: summary.payments });
    return summary;
  } finally {
    await client.end();
  }
}

/**
 * the money invariants (docs/design.md#money-invariants), checked by SQL over the loaded data (the triggers already held
 * them row by row; this is the second look the issue asks of any load). Only the planted
 * PAYMENT_ON_INACTIVE_AWARD rows are expected; anything else is an error.
 */
async function verify(client) {
  const checks = {
    // 2: a stream's budget is the sum of its assignments; no source is over-assigned.
    streamBudgetMismatch: `SELECT count(*) FROM funding_stream s WHERE s.budget_pence <> coalesce((SELECT sum(amount_pence) FROM funding_stream_source x WHERE x.funding_stream_id = s.id), 0)`,
    overAssignedSource: `SELECT count(*) FROM funding_source f WHERE f.amount_pence < coalesce((SELECT sum(amount_pence) FROM funding_stream_source x WHERE x.funding_source_id = f.id), 0)`,
    // 3: committed awards within the budget.
    overCommittedStream: `SELECT count(*) FROM funding_stream s WHERE s.budget_pence < coalesce((SELECT sum(amount_pence) FROM award a WHERE a.funding_stream_id = s.id AND a.status IN ('approved','active','suspended','closed')), 0)`,
    // 3, as stored: each stream's committed total is the sum of its committed awards.
    committedTotalMismatch: `SELECT count(*) FROM funding_stream s WHERE s.committed_pence <> coalesce((SELECT sum(amount_pence) FROM award a WHERE a.funding_stream_id = s.id AND a.status IN ('approved','active','suspended','closed')), 0)`,
    // 4: approved plus paid, net of paid recoveries, within the award.
    overpaidAward: `SELECT count(*) FROM award a JOIN LATERAL (
        SELECT coalesce(sum(amount_pence) FILTER (WHERE kind = 'payment' AND status IN ('approved','paid')), 0) + coalesce(sum(amount_pence) FILTER (WHERE kind = 'recovery' AND status = 'paid'), 0) AS out
          FROM payment p WHERE p.award_id = a.id) x ON true WHERE x.out > a.amount_pence`,
    // 7: every accepted return names a version it has; every submitted version has its 5 values.
    acceptedWithoutVersion: `SELECT count(*) FROM monitoring_return r WHERE r.accepted_version IS NOT NULL AND NOT EXISTS (SELECT 1 FROM return_version v WHERE v.monitoring_return_id = r.id AND v.version_number = r.accepted_version)`,
    versionWithoutValues: `SELECT count(*) FROM return_version v WHERE (SELECT count(*) FROM return_value x WHERE x.return_version_id = v.id) <> 5`,
    periodOutsideAward: `SELECT count(*) FROM reporting_period p JOIN award a ON a.id = p.award_id WHERE p.period_start < a.start_date OR p.period_end > a.end_date`,
  };
  const found = {};
  for (const [name, sql] of Object.entries(checks)) found[name] = Number((await client.query(sql)).rows[0].count);
  const bad = Object.entries(found).filter(([, n]) => n > 0);
  if (bad.length) throw new Error(`generated data breaks invariants: ${JSON.stringify(Object.fromEntries(bad))}`);
  return found;
}

async function summarise(client, scale) {
  const { rows } = await client.query(`
    SELECT (SELECT count(*) FROM organisation WHERE kind = 'pcc')::int AS commissioners,
           (SELECT count(*) FROM organisation WHERE kind NOT IN ('pcc','government'))::int AS organisations,
           (SELECT count(*) FROM award)::int AS awards,
           (SELECT count(*) FROM award a JOIN funding_stream s ON s.id = a.funding_stream_id WHERE s.financial_year = $1)::int AS "mainYearAwards",
           (SELECT count(*) FROM reporting_period)::int AS periods,
           (SELECT count(*) FROM monitoring_return)::int AS returns,
           (SELECT count(*) FROM return_version)::int AS "returnVersions",
           (SELECT count(*) FROM return_value)::int AS "returnValues",
           (SELECT count(*) FROM payment)::int AS payments,
           (SELECT count(*) FROM funding_stream)::int AS "fundingStreams",
           (SELECT count(*) FROM funding_source)::int AS "fundingSources",
           (SELECT count(*) FROM app_user)::int AS "userCount",
           (SELECT count(*) FROM award_condition)::int AS conditions,
           (SELECT count(*) FROM award_target)::int AS targets,
           pg_database_size(current_database())::bigint AS "databaseBytes"`, [MAIN_FY]);
  return { scale, financialYear: MAIN_FY, years: YEARS, ...rows[0], databaseBytes: Number(rows[0].databaseBytes) };
}

// ---- CLI ---------------------------------------------------------------------------------------

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const scale = Number(arg('scale') ?? process.env.BENCH_SCALE ?? 1);
  const databaseUrl = arg('database-url') ?? process.env.BENCH_DATABASE_URL;
  if (!databaseUrl) {
    process.stderr.write('usage: node test/bench/generate.js --scale N --database-url postgres://... (an empty, migrated database)\n');
    process.exit(2);
  }
  generate({ databaseUrl, scale })
    .then((summary) => process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`))
    .catch((error) => {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    });
}

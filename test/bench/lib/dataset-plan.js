// The plan of the benchmarks' synthetic dataset (generate.js loads it): the fixed "today", the
// years, the reference data and every award with what hangs off it, decided by a seeded random
// stream so that every run and every table pass agree.
import { rng } from './prng.js';

/** Bump whenever the rows change: run.js rebuilds a database whose marker names another version. */
export const GENERATOR_VERSION = 7;
export const AS_OF = '2026-05-20';
export const MAIN_FY = '2025/26';
export const HISTORY_FY = '2024/25';
export const NEXT_FY = '2026/27';
export const YEARS = [HISTORY_FY, MAIN_FY, NEXT_FY];
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
export const addDays = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const fyStartYear = (fy) => Number(fy.slice(0, 4));
const fyStart = (fy) => `${fyStartYear(fy)}-04-01`;
const fyEnd = (fy) => `${fyStartYear(fy) + 1}-03-31`;
export const ts = (iso, hour = 10) => `${iso} ${String(hour).padStart(2, '0')}:00:00+00`;
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

export function planReference(scale) {
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

export function planAwards(scale, ref) {
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
export function planAward(a, ref) {
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

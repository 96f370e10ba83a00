import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { givenOrganisation } from '../factories/commissioning.factory.js';
import { type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/** What an attacker types as a name or title, hoping a spreadsheet runs it (issue 12, item 10). */
const FORMULA = '=HYPERLINK("http://x","y")';
/** The same, as the one CSV writer must write it: a leading quote, then CSV quoting. */
const NEUTRALISED = `"'=HYPERLINK(""http://x"",""y"")"`;
const FY = '2025/26';

/** Every cell of a CSV text (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks). */
function cells(csv: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i]!;
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') (quoted = true), (any = true);
    else if (c === ',') out.push(cell), (cell = ''), (any = true);
    else if (c === '\n') {
      if (any || cell) out.push(cell);
      (cell = ''), (any = false);
    } else (cell += c), (any = true);
  }
  if (any || cell) out.push(cell);
  return out;
}

/**
 * One CSV writer for every download: a stream, an organisation, an award, a condition and an
 * outcome framework all named like a formula come out neutralised in the public grants CSV and in
 * the finance, returns and outcomes CSVs.
 */
describe('CSV downloads', () => {
  let env: TestEnv;
  let commissioner: string;
  let finance: string;
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    env = await demoEnv();
    ({ commissioner, finance } = await demoAs(env, 'commissioner', 'finance'));
    const funder = await givenOrganisation(env, commissioner, { kind: 'government' });
    const source = await env.http().post('/api/funding-sources').set(as(commissioner)).send({ funderOrganisationId: funder.id, name: 'Grant', financialYear: FY, amountPence: 1_000_000, restricted: true });
    const stream = await env.http().post('/api/funding-streams').set(as(commissioner)).send({
      name: FORMULA, financialYear: FY, purpose: 'victims_services', sources: [{ fundingSourceId: source.body.id, amountPence: 1_000_000 }],
    });
    expect(stream.status).toBe(201);
    const recipient = await givenOrganisation(env, commissioner, { name: FORMULA });
    const award = await env.http().post('/api/awards').set(as(commissioner)).send({
      fundingStreamId: stream.body.id, recipientOrganisationId: recipient.id, title: FORMULA, grantType: '@SUM(A1:A9)', amountPence: 500_000, startDate: '2025-04-01', endDate: '2026-03-31',
    });
    expect(award.status).toBe(201);
    await env.http().post(`/api/awards/${award.body.id}/conditions`).set(as(commissioner)).send({ title: FORMULA, category: 'monitoring', holdsPayments: false }).expect(201);
    await env.http().post(`/api/awards/${award.body.id}/approve`).set(as(commissioner)).send({ decisionDate: '2025-04-01' }).expect(200);
    const framework = await env.http().post('/api/outcome-frameworks').set(as(commissioner)).send({
      name: FORMULA, fundingStreamId: stream.body.id, indicators: [{ code: 'REF', title: '+cmd|/C calc!A0', level: 'output', unit: 'count', direction: 'higher_is_better', aggregation: 'sum' }],
    });
    expect(framework.status).toBe(201);
    // Quarterly returns for 2025/26, all now past due: the overdue list names the recipient.
    await env.http().put(`/api/awards/${award.body.id}/reporting-schedule`).set(as(commissioner)).send({ frequency: 'quarterly', dueWorkingDays: 5, outcomeFrameworkId: framework.body.id }).expect(200);
    await env.http().post('/api/grants-publications').set(as(commissioner)).send({ financialYear: FY }).expect(201);
  }, 120_000);
  afterAll(() => env.close());

  const expectNeutralised = (csv: string) => {
    expect(csv).toContain(NEUTRALISED);
    for (const cell of cells(csv)) {
      // Only plain decimals (negative amounts) may start with a formula character.
      if (/^[=+\-@\t\r]/.test(cell)) expect([cell, /^-?\d+(\.\d+)?$/.test(cell)]).toEqual([cell, true]);
    }
  };

  it('neutralises the organisation, purpose and condition in the public grants CSV, read without logging in', async () => {
    const res = await env.http().get(`/api/reports/grants?financialYear=${encodeURIComponent(FY)}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="grants-2025-26.csv"');
    expectNeutralised(res.text);
    const row = res.text.split('\n').find((l) => l.includes('@SUM'))!;
    expect(row.startsWith(NEUTRALISED)).toBe(true);
    expect(row).toContain(`'@SUM(A1:A9)`);
    // Organisation, purpose (the award's title) and the condition: three neutralised cells.
    expect(row.split(NEUTRALISED).length - 1).toBe(3);
    // The JSON answer keeps the text as it was given: neutralising is for spreadsheets only.
    const json = await env.http().get(`/api/reports/grants?financialYear=${encodeURIComponent(FY)}`);
    expect(json.body.rows[0]).toMatchObject({ organisation: FORMULA, grantType: '@SUM(A1:A9)' });
  });

  it('neutralises the stream in the finance CSV', async () => {
    const res = await env.http().get(`/api/reports/finance?financialYear=${encodeURIComponent(FY)}&format=csv`).set(as(finance));
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename="finance-2025-26.csv"');
    expectNeutralised(res.text);
  });

  it('neutralises the organisation in the returns CSV', async () => {
    const res = await env.http().get(`/api/reports/returns?financialYear=${encodeURIComponent(FY)}&format=csv`).set(as(commissioner));
    expect(res.status).toBe(200);
    expect(res.text.split('\n').filter((l) => l.includes(NEUTRALISED)).length).toBeGreaterThanOrEqual(1);
    expectNeutralised(res.text);
  });

  it('neutralises the framework and the stream in the outcomes CSV; cells that only contain a formula character later are safe', async () => {
    const res = await env.http().get(`/api/reports/outcomes?financialYear=${encodeURIComponent(FY)}&format=csv`).set(as(commissioner));
    expect(res.status).toBe(200);
    expectNeutralised(res.text);
    // "<code> <title>" and "<reference> <recipient>" start with a letter: a spreadsheet reads text.
    expect(cells(res.text)).toEqual(expect.arrayContaining(['REF +cmd|/C calc!A0', `AW-2025-00001 ${FORMULA}`]));
  });

  it('reads a CSV as the cells a spreadsheet sees', () => {
    expect(cells(`a,"b, c","d ""e""",\n'=1,-5.00\n`)).toEqual(['a', 'b, c', 'd "e"', '', "'=1", '-5.00']);
  });
});

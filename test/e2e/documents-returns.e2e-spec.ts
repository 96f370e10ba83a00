import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { DocumentsService } from '../../libs/domain/src/documents/documents.service.js';
import { FILE_STORE, newStorageKey, type FileStore } from '../../libs/platform/src/files/file-store.js';
import { runAsPartner } from '../../libs/platform/src/database/partner-rls.js';
import { givenOrganisation, givenStream } from '../factories/commissioning.factory.js';
import { givenAwardAt, givenCondition } from '../factories/lifecycle.factory.js';
import { uploadForm } from '../fixtures/documents/multipart.js';
import * as sample from '../fixtures/documents/sample-files.js';
import { count, type DemoRole, type TestEnv } from '../helpers/test-env.js';
import { demoEnv, demoAs } from '../helpers/demo.js';

/**
 * Return attachments and docs/design.md#invariant-7 (a submitted version is immutable): what is attached
 * before a submission is frozen with that version; what comes after belongs to the next draft.
 * Also the second wall (row-level security) and the file store's consistency with the rows.
 */
describe('documents on monitoring returns', () => {
  let env: TestEnv;
  const tokens = {} as Record<DemoRole, string>;
  let partnerOrg: string;
  let ownAward: string;
  let otherAward: string;
  let otherPeriod: string;

  const as = (role: DemoRole) => ({ Authorization: `Bearer ${tokens[role]}` });
  const attach = (role: DemoRole, periodId: string, name: string, fields: Record<string, string> = {}) => {
    const form = uploadForm(sample.pdf(name), name, fields);
    return env.http().post(`/api/reporting-periods/${periodId}/return/documents`).set(as(role)).set('Content-Type', form.contentType).send(form.body);
  };
  const attachments = async (periodId: string) =>
    (await env.http().get(`/api/reporting-periods/${periodId}/return/documents`).set(as('partner'))).body as { id: string; originalName: string; returnVersionNumber: number | null }[];
  const saveDraft = (periodId: string, narrative: string) => env.http().put(`/api/reporting-periods/${periodId}/return`).set(as('partner')).send({ values: [], spendPence: 100, narrative });
  const submit = (periodId: string) => env.http().post(`/api/reporting-periods/${periodId}/return/submit`).set(as('partner')).send({ certified: true });
  const newPeriod = async (awardId: string) => {
    const res = await env.http().post(`/api/awards/${awardId}/reporting-periods`).set(as('commissioner')).send({ periodStart: '2026-05-01', periodEnd: '2026-05-31', dueWorkingDays: 5 });
    if (res.status !== 201) throw new Error(`period: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  const storedFiles = () => readdirSync(env.filesDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;

  beforeAll(async () => {
    env = await demoEnv();
    Object.assign(tokens, await demoAs(env, ...['commissioner', 'partner', 'viewer'] as const));
    partnerOrg = (await env.http().get('/api/auth/me').set(as('partner'))).body.organisationId;
    const stream = await givenStream(env, tokens.commissioner, 10_000_000);
    ownAward = (await givenAwardAt(env, tokens.commissioner, 'active', { fundingStreamId: stream.id, recipientOrganisationId: partnerOrg })).id;
    const otherOrg = await givenOrganisation(env, tokens.commissioner);
    otherAward = (await givenAwardAt(env, tokens.commissioner, 'active', { fundingStreamId: stream.id, recipientOrganisationId: otherOrg.id })).id;
    otherPeriod = await newPeriod(otherAward);
    const theirs = await attach('commissioner', otherPeriod, 'theirs.pdf', { onBehalf: 'true' });
    expect(theirs.status).toBe(201);
  }, 120_000);

  afterAll(() => env?.close());

  it('freezes the attachments made before a submission with that version; later ones go to the next draft', async () => {
    const period = await newPeriod(ownAward);
    expect((await attach('partner', period, 'before-any-draft.pdf')).status).toBe(201);
    expect((await saveDraft(period, 'First quarter')).status).toBe(200);
    expect((await attach('partner', period, 'case-study.pdf')).status).toBe(201);
    expect((await submit(period)).status).toBe(200);
    expect((await attach('partner', period, 'after-submission.pdf')).status).toBe(201);
    expect((await attachments(period)).map((d) => [d.originalName, d.returnVersionNumber])).toEqual([
      ['before-any-draft.pdf', 1],
      ['case-study.pdf', 1],
      ['after-submission.pdf', null],
    ]);

    // A correction is version 2, with what was attached since version 1; version 1 keeps its own.
    expect((await saveDraft(period, 'First quarter, corrected')).status).toBe(200);
    expect((await submit(period)).status).toBe(200);
    expect((await attachments(period)).map((d) => d.returnVersionNumber)).toEqual([1, 1, 2]);
  });

  it('refuses attachments to an accepted return until it is reopened, writing nothing', async () => {
    const period = await newPeriod(ownAward);
    await saveDraft(period, 'Accepted quarter');
    expect((await attach('partner', period, 'before-acceptance.pdf')).status).toBe(201);
    await submit(period);
    expect((await env.http().post(`/api/reporting-periods/${period}/return/accept`).set(as('commissioner')).send({})).status).toBe(200);
    // Its list still reads: the accepted return's pages show what it has.
    expect((await attachments(period)).map((d) => d.originalName)).toEqual(['before-acceptance.pdf']);
    const before = [await count(env, 'document'), await count(env, 'audit_entry'), storedFiles()];
    const res = await attach('partner', period, 'too-late.pdf');
    expect([res.status, res.body.code]).toEqual([409, 'INVALID_TRANSITION']);
    expect([await count(env, 'document'), await count(env, 'audit_entry'), storedFiles()]).toEqual(before);
    await env.http().post(`/api/reporting-periods/${period}/return/reopen`).set(as('commissioner')).send({ comment: 'Add the evidence' }).expect(200);
    expect((await attach('partner', period, 'after-reopen.pdf')).status).toBe(201);
  });

  it('lets a commissioner attach to a partner\'s return only on its behalf (recorded), and a partner only to its own', async () => {
    const period = await newPeriod(ownAward);
    const without = await attach('commissioner', period, 'x.pdf');
    expect([without.status, without.body.code]).toEqual([403, 'ON_BEHALF_REQUIRED']);
    const onBehalf = await attach('commissioner', period, 'entered-for-partner.pdf', { onBehalf: 'true' });
    expect(onBehalf.status).toBe(201);
    const [{ action }] = (await env.db.query(`SELECT action FROM audit_entry WHERE entity_id = $1`, [onBehalf.body.id])) as { action: string }[];
    expect(action).toBe('document.upload-on-behalf');
    expect((await attach('partner', period, 'x.pdf', { onBehalf: 'true' })).status).toBe(400);
    expect((await attach('viewer', period, 'x.pdf')).status).toBe(403);

    const theirs = await attach('partner', otherPeriod, 'x.pdf');
    const missing = await attach('partner', '00000000-0000-4000-8000-000000000000', 'x.pdf');
    expect([theirs.status, missing.status]).toEqual([404, 404]);
    expect(theirs.body.message.replace(otherPeriod, ':id')).toBe(missing.body.message.replace('00000000-0000-4000-8000-000000000000', ':id'));
    expect((await env.http().get(`/api/reporting-periods/${otherPeriod}/return/documents`).set(as('partner'))).status).toBe(404);
  });

  it('never changes a frozen version, whatever runs at once: 12 uploads racing a submission', async () => {
    const period = await newPeriod(ownAward);
    await saveDraft(period, 'Racing quarter');
    expect((await attach('partner', period, 'before-the-race.pdf')).status).toBe(201);
    const results = await Promise.all([...Array.from({ length: 12 }, (_, i) => attach('partner', period, `race-${i}.pdf`)), submit(period)]);
    expect(results.map((r) => r.status)).toEqual([...Array(12).fill(201), 200]);
    // Each racing upload landed in version 1 or in the next draft, whichever committed first; none is lost.
    const frozen = (await attachments(period)).filter((d) => d.returnVersionNumber === 1).map((d) => d.id).sort();
    const draft = (await attachments(period)).filter((d) => d.returnVersionNumber === null);
    expect(frozen.length + draft.length).toBe(13);
    expect(frozen.length).toBeGreaterThanOrEqual(1);

    // After the race, nothing joins or leaves version 1: not a new upload, not SQL as the owner.
    await attach('partner', period, 'later.pdf');
    expect((await attachments(period)).filter((d) => d.returnVersionNumber === 1).map((d) => d.id).sort()).toEqual(frozen);
    const [{ version_id }] = (await env.db.query(`SELECT return_version_id AS version_id FROM document WHERE reporting_period_id = $1 AND return_version_id IS NOT NULL LIMIT 1`, [period])) as { version_id: string }[];
    const refusals = [
      `UPDATE document SET return_version_id = '${version_id}' WHERE reporting_period_id = '${period}' AND return_version_id IS NULL`,
      `UPDATE document SET return_version_id = NULL WHERE return_version_id = '${version_id}'`,
      `UPDATE document SET title = 'changed' WHERE return_version_id = '${version_id}'`,
      `DELETE FROM document WHERE return_version_id = '${version_id}'`,
    ];
    for (const sql of refusals) await expect(env.db.query(sql)).rejects.toThrow(/written once|cannot be removed/);
    expect((await attachments(period)).filter((d) => d.returnVersionNumber === 1).map((d) => d.id).sort()).toEqual(frozen);
  });

  it('keeps a period that has attachments when the schedule is changed, as it keeps one with a return', async () => {
    const schedule = await env.http().put(`/api/awards/${ownAward}/reporting-schedule`).set(as('commissioner')).send({ frequency: 'quarterly', dueWorkingDays: 5 });
    const quarter = (q: string) => (schedule.body.periods as { id: string; key: string }[]).find((p) => p.key === `2026/27-${q}`)!.id;
    const first = quarter('Q1');
    const second = quarter('Q2');
    expect((await attach('partner', first, 'early-evidence.pdf')).status).toBe(201);
    const changed = await env.http().put(`/api/awards/${ownAward}/reporting-schedule`).set(as('commissioner')).send({ frequency: 'quarterly', dueWorkingDays: 10 });
    expect(changed.status).toBe(200);
    const ids = changed.body.periods.map((p: { id: string }) => p.id);
    expect([ids.includes(first), ids.includes(second)]).toEqual([true, false]);
    expect((await attachments(first)).map((d) => d.originalName)).toEqual(['early-evidence.pdf']);
  });

  it('lets a partner\'s database session see only its own organisation\'s documents (row-level security)', async () => {
    const appDb = env.app.get(DataSource);
    const all = (await env.db.query(`SELECT DISTINCT award_id FROM document`)) as { award_id: string }[];
    expect(all.map((r) => r.award_id)).toEqual(expect.arrayContaining([ownAward, otherAward]));
    // No organisation filter at all: PostgreSQL applies it.
    const seen = (await runAsPartner(partnerOrg, () => appDb.query(`SELECT DISTINCT d.award_id, a.recipient_organisation_id FROM document d JOIN award a ON a.id = d.award_id`))) as { award_id: string; recipient_organisation_id: string }[];
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen.map((r) => r.recipient_organisation_id))).toEqual(new Set([partnerOrg]));
    // Nor can it write an award's own document (grant agreements are staff's), even for its own award.
    const user = (await env.db.query(`SELECT id FROM app_user WHERE organisation_id = $1 LIMIT 1`, [partnerOrg])) as { id: string }[];
    await expect(
      runAsPartner(partnerOrg, () =>
        appDb.query(
          `INSERT INTO document (award_id, parent_kind, purpose, storage_key, original_name, media_type, size_bytes, sha256, uploaded_by_user_id)
           VALUES ($1, 'award', 'grant_agreement', $2, 'forged.pdf', 'application/pdf', 1, repeat('0', 64), $3)`,
          [ownAward, newStorageKey(), user[0]!.id],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('leaves no file behind when the row cannot be written, and sweeps files no row names', async () => {
    const period = await newPeriod(ownAward);
    const files = storedFiles();
    // A database refusal after the file is stored: the upload's own clean-up must remove it.
    await env.db.query(`CREATE FUNCTION refuse_document() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = 'check_violation', CONSTRAINT = 'test_refusal'; END $$;
                        CREATE TRIGGER refuse_document BEFORE INSERT ON document FOR EACH ROW EXECUTE FUNCTION refuse_document();`);
    try {
      const res = await attach('partner', period, 'refused.pdf');
      expect(res.status).toBe(400);
    } finally {
      await env.db.query(`DROP TRIGGER refuse_document ON document; DROP FUNCTION refuse_document();`);
    }
    expect(storedFiles()).toBe(files);

    // A crash between the file and the row leaves a file no row names: the sweep removes it, and only it.
    const store = env.app.get<FileStore>(FILE_STORE);
    const stray = newStorageKey();
    await store.put(stray, sample.pdf(), { mediaType: 'application/pdf', sha256: '0'.repeat(64) });
    const kept = await attach('partner', period, 'kept.pdf');
    const documents = env.app.get(DocumentsService);
    expect(await documents.sweepOrphanFiles(new Date(Date.now() - 60_000))).toEqual([]);
    expect(await documents.sweepOrphanFiles(new Date(Date.now() + 1_000))).toEqual([stray]);
    expect(storedFiles()).toBe(files + 1);
    expect((await env.http().get(`/api/documents/${kept.body.id}`).set(as('partner'))).status).toBe(200);
  });
});

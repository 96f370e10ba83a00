import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PANEL_PACKS_KEPT_PER_YEAR, PanelPackService } from '../../libs/domain/src/panel/panel-pack.service.js';
import { demoActor } from '../helpers/demo.js';
import { createServiceEnv, type ServiceEnv } from '../helpers/service-env.js';

/**
 * Panel packs on a real database, rendered by the service the worker calls (no queue worker runs
 * here: the test calls render itself). Each pack keeps its PDF in its row, so a year's finished
 * packs are pruned to the newest few when another is ready; packs still queued are never touched.
 * The browser side is test/e2e/web-panel-viewer.e2e-spec.ts.
 */
describe('PanelPackService on a real database', () => {
  let env: ServiceEnv;
  let packs: PanelPackService;
  const YEAR = '2014/15';

  beforeAll(async () => {
    env = await createServiceEnv();
    packs = env.get(PanelPackService);
  });
  afterAll(() => env?.close());

  const rows = async () =>
    (await env.db.query(`SELECT id, status, pdf IS NOT NULL AS has_pdf FROM panel_pack WHERE financial_year = $1 ORDER BY created_at DESC, id DESC`, [YEAR])) as {
      id: string;
      status: string;
      has_pdf: boolean;
    }[];

  it(`keeps a year's newest ${PANEL_PACKS_KEPT_PER_YEAR} finished packs when another is ready, and never a queued one`, async () => {
    const viewer = await demoActor(env.db, 'viewer');
    const made: string[] = [];
    for (let i = 0; i < PANEL_PACKS_KEPT_PER_YEAR + 2; i++) {
      const pack = await packs.request(viewer, YEAR);
      expect(await packs.render(pack.id)).toBe('ready');
      made.push(pack.id);
    }
    // A pack asked for now and not yet rendered: a newer pack's pruning must leave it alone.
    const waiting = await packs.request(viewer, YEAR);
    expect(waiting.status).toBe('queued');

    const kept = made.slice(-PANEL_PACKS_KEPT_PER_YEAR).reverse();
    expect(await rows()).toEqual([{ id: waiting.id, status: 'queued', has_pdf: false }, ...kept.map((id) => ({ id, status: 'ready', has_pdf: true }))]);
    await expect(packs.pdf(made[0]!)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const newest = await packs.pdf(made[made.length - 1]!);
    expect(newest.body.subarray(0, 5).toString()).toBe('%PDF-');
    // Another year's packs are not this year's to prune.
    const other = await packs.request(viewer, '2024/25');
    expect(await packs.render(other.id)).toBe('ready');
    expect((await rows()).map((r) => r.id)).toEqual([waiting.id, ...kept]);
  }, 120_000);
});

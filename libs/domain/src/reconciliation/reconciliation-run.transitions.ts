import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { RunClaimLostError } from './reconciliation.errors.js';
import { afterInterruption, countDiscrepancies, MAX_RUN_ATTEMPTS, type DiscrepancyCode, type DiscrepancyFinding, type RunStatus } from './reconciliation.rules.js';
import type { ReconciliationTotals } from './reconciliation.types.js';

/** What a worker holds once it has claimed a run. */
export interface RunClaim {
  attempt: number;
  financialYear: string;
  fundingStreamId: string | null;
  scopeKey: string;
  previousRunId: string | null;
}

/**
 * The reconciliation run's state machine in SQL: queued -> running (claim) -> succeeded (finish),
 * or back to queued / failed after an interruption or a silent worker. Every transition is a
 * conditional UPDATE on the run's status and attempt, so two workers never hold one run and an
 * attempt that was taken over finds out (RunClaimLostError) instead of writing over its successor.
 */
@Injectable()
export class ReconciliationRunTransitions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** queued -> running for exactly one caller; a claimed-again run starts over. */
  async claim(runId: string): Promise<RunClaim | null> {
    return this.dataSource.transaction(async (tx) => {
      const [rows] = (await tx.query(
        `UPDATE reconciliation_run
            SET status = 'running', attempts = attempts + 1, started_at = now(), heartbeat_at = now(), processed_awards = 0, total_awards = NULL
          WHERE id = $1 AND status = 'queued'
          RETURNING attempts, financial_year, funding_stream_id, scope_key`,
        [runId],
      )) as [{ attempts: number; financial_year: string; funding_stream_id: string | null; scope_key: string }[], number];
      const row = rows[0];
      if (!row) return null;
      // What an interrupted attempt wrote is removed: findings are written again from scratch.
      await tx.query(`DELETE FROM reconciliation_resolution WHERE run_id = $1`, [runId]);
      await tx.query(`DELETE FROM reconciliation_discrepancy WHERE run_id = $1`, [runId]);
      // The run findings are compared with; while this run is running no other run of its scope can
      // succeed (one active run per scope), and finish checks it again.
      const previousRunId = await this.previousRunId(tx, row.scope_key, runId);
      return { attempt: row.attempts, financialYear: row.financial_year, fundingStreamId: row.funding_stream_id, scopeKey: row.scope_key, previousRunId };
    });
  }

  /** The previous succeeded run of a scope, if any: what a run's findings are new or resolved against. */
  private async previousRunId(tx: EntityManager, scopeKey: string, runId: string): Promise<string | null> {
    const [previous] = (await tx.query(
      `SELECT id FROM reconciliation_run WHERE scope_key = $1 AND status = 'succeeded' AND id <> $2 ORDER BY finished_at DESC, id DESC LIMIT 1`,
      [scopeKey, runId],
    )) as { id: string }[];
    return previous?.id ?? null;
  }

  /**
   * One step of progress: the findings of the step, processed count and heartbeat, in one
   * transaction, only while this attempt still holds the run (else RunClaimLostError). Steps may
   * commit out of order, so the processed count only ever grows within an attempt.
   */
  async advance(
    runId: string,
    attempt: number,
    progress: { processed: number; totalAwards?: number; asOf?: string },
    findings: DiscrepancyFinding[],
    previousRunId: string | null,
  ): Promise<void> {
    // Findings first, then the run's row: pages written side by side then wait for each other
    // only on that row, for the moment from its update to the commit.
    await this.dataSource.transaction(async (tx) => {
      if (findings.length) await this.insertFindings(tx, runId, findings, previousRunId);
      await this.heartbeat(tx, runId, attempt, progress);
    });
  }

  private async heartbeat(tx: EntityManager, runId: string, attempt: number, progress: { processed: number; totalAwards?: number; asOf?: string }): Promise<void> {
    const [, updated] = (await tx.query(
      `UPDATE reconciliation_run
          SET processed_awards = greatest(processed_awards, $3), heartbeat_at = now(), total_awards = coalesce($4, total_awards), as_of = coalesce($5::date, as_of)
        WHERE id = $1 AND status = 'running' AND attempts = $2`,
      [runId, attempt, progress.processed, progress.totalAwards ?? null, progress.asOf ?? null],
    )) as [unknown, number];
    if (updated === 0) throw new RunClaimLostError(runId, attempt);
  }

  /**
   * Findings of one page, in one statement; new unless the previous succeeded run found the same
   * fingerprint. The page goes as one JSON parameter: JSON.stringify is native, while ten array
   * parameters were escaped element by element in JavaScript by pg (test/bench/FINDINGS.md,
   * reconciliation, round 5).
   */
  private async insertFindings(tx: EntityManager, runId: string, findings: DiscrepancyFinding[], previousRunId: string | null): Promise<void> {
    await tx.query(
      `INSERT INTO reconciliation_discrepancy
              (run_id, code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint, is_new)
       SELECT $1, f.code, f.severity, f."fundingStreamId", f."awardId", f."fundingSourceId", f."reportingPeriodId", f."expectedPence", f."actualPence", f.message, f.fingerprint,
              NOT EXISTS (SELECT 1 FROM reconciliation_discrepancy p WHERE p.run_id = $3::uuid AND p.fingerprint = f.fingerprint)
         FROM json_to_recordset($2::json)
              AS f (code text, severity text, "fundingStreamId" uuid, "awardId" uuid, "fundingSourceId" uuid, "reportingPeriodId" uuid,
                    "expectedPence" bigint, "actualPence" bigint, message text, fingerprint text)
       ON CONFLICT (run_id, fingerprint) DO NOTHING`,
      [runId, JSON.stringify(findings), previousRunId],
    );
  }

  /**
   * The last step: the stream and source findings and final progress, the comparison with the
   * previous succeeded run of the scope (findings were marked new as they were written, against
   * the run found at the claim; re-marked here should that have changed), the counts, and the
   * run marked succeeded, in one transaction, only while this attempt still holds the run.
   */
  async finish(
    runId: string,
    attempt: number,
    last: { processed: number; totals: ReconciliationTotals; findings: DiscrepancyFinding[]; previousRunId: string | null },
  ) {
    return this.dataSource.transaction(async (tx) => {
      const [owned] = (await tx.query(`SELECT scope_key FROM reconciliation_run WHERE id = $1 AND status = 'running' AND attempts = $2 FOR UPDATE`, [runId, attempt])) as { scope_key: string }[];
      if (!owned) throw new RunClaimLostError(runId, attempt);
      const previousRunId = await this.previousRunId(tx, owned.scope_key, runId);
      await this.heartbeat(tx, runId, attempt, { processed: last.processed });
      if (last.findings.length) await this.insertFindings(tx, runId, last.findings, previousRunId);
      if (previousRunId !== last.previousRunId) {
        await tx.query(
          `UPDATE reconciliation_discrepancy d
              SET is_new = NOT EXISTS (SELECT 1 FROM reconciliation_discrepancy p WHERE p.run_id = $2::uuid AND p.fingerprint = d.fingerprint)
            WHERE d.run_id = $1`,
          [runId, previousRunId],
        );
      }
      let resolvedCount = 0;
      if (previousRunId) {
        const [{ n }] = (await tx.query(
          `WITH resolved AS (
             INSERT INTO reconciliation_resolution (run_id, discrepancy_id)
             SELECT $1, p.id FROM reconciliation_discrepancy p
              WHERE p.run_id = $2 AND NOT EXISTS (SELECT 1 FROM reconciliation_discrepancy d WHERE d.run_id = $1 AND d.fingerprint = p.fingerprint)
             RETURNING 1)
           SELECT count(*)::int AS n FROM resolved`,
          [runId, previousRunId],
        )) as [{ n: number }];
        resolvedCount = n;
      }
      const byCode = (await tx.query(
        `SELECT code, count(*)::int AS count, (count(*) FILTER (WHERE is_new))::int AS new FROM reconciliation_discrepancy WHERE run_id = $1 GROUP BY code ORDER BY code`,
        [runId],
      )) as { code: DiscrepancyCode; count: number; new: number }[];
      const newCount = byCode.reduce((n, c) => n + c.new, 0);
      const counts = countDiscrepancies(
        byCode.map(({ code, count }) => ({ code, count })),
        newCount,
        resolvedCount,
      );
      await tx.query(
        `UPDATE reconciliation_run
            SET status = 'succeeded', finished_at = now(), heartbeat_at = now(), error = NULL,
                duration_ms = greatest(0, (extract(epoch FROM now() - started_at) * 1000)::int),
                totals = $2::jsonb, counts = $3::jsonb, previous_run_id = $4
          WHERE id = $1`,
        [runId, JSON.stringify(last.totals), JSON.stringify(counts), previousRunId],
      );
      return counts;
    });
  }

  /**
   * An attempt failed: the run is queued again while attempts remain (the caller rethrows, so
   * BullMQ retries), else failed. Answers the new status, or null when the attempt no longer held the run.
   */
  async interrupt(runId: string, attempt: number, message: string): Promise<RunStatus | null> {
    const next = afterInterruption(attempt);
    const [rows] = (await this.dataSource.query(
      `UPDATE reconciliation_run
          SET status = $3, error = $4,
              finished_at = CASE WHEN $3 = 'failed' THEN now() END,
              duration_ms = CASE WHEN $3 = 'failed' THEN greatest(0, (extract(epoch FROM now() - started_at) * 1000)::int) END,
              last_enqueued_at = CASE WHEN $3 = 'queued' THEN now() ELSE last_enqueued_at END
        WHERE id = $1 AND status = 'running' AND attempts = $2
        RETURNING status`,
      [runId, attempt, next, message],
    )) as [{ status: RunStatus }[], number];
    return rows[0]?.status ?? null;
  }

  /**
   * Runs still 'running' whose heartbeat is older than `maxSilenceMs` lost their worker: each is
   * queued again while attempts remain (fewer than MAX_RUN_ATTEMPTS), else failed ('worker
   * stopped during the run'), so no run stays running forever.
   */
  async releaseSilent(maxSilenceMs: number): Promise<{ id: string; status: RunStatus; attempts: number }[]> {
    const [stale] = (await this.dataSource.query(
      `UPDATE reconciliation_run
          SET status = CASE WHEN attempts < $2 THEN 'queued' ELSE 'failed' END,
              error = CASE WHEN attempts < $2 THEN 'worker stopped during the run (attempt ' || attempts || '); queued again'
                           ELSE 'worker stopped during the run' END,
              finished_at = CASE WHEN attempts < $2 THEN NULL ELSE now() END,
              duration_ms = CASE WHEN attempts < $2 THEN NULL ELSE greatest(0, (extract(epoch FROM now() - started_at) * 1000)::int) END,
              last_enqueued_at = now()
        WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::double precision / 1000)
        RETURNING id, status, attempts`,
      [maxSilenceMs, MAX_RUN_ATTEMPTS],
    )) as [{ id: string; status: RunStatus; attempts: number }[], number];
    return stale;
  }

  /** Queued runs that nothing has enqueued for `quietForMs` (Redis was away, the job was lost), oldest first. */
  async waitingTooLong(quietForMs: number): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `SELECT id FROM reconciliation_run
        WHERE status = 'queued' AND coalesce(last_enqueued_at, created_at) < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY created_at LIMIT 100`,
      [quietForMs],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** A job was added for the run: the recovery sweep leaves it alone for a while. */
  async markEnqueued(runId: string): Promise<void> {
    await this.dataSource.query(`UPDATE reconciliation_run SET last_enqueued_at = now() WHERE id = $1`, [runId]);
  }
}

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { financialYearOf, isFinancialYear, JobName, JobQueue, jobIdOf, NotFoundError, QueueName, todayInLondon, ValidationError, type JobItem } from '#platform/index.js';
import { systemActor, type Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { RunClaimLostError } from './reconciliation.errors.js';
import { ReconciliationRun } from './reconciliation-run.entity.js';
import {
  addAward,
  afterInterruption,
  checkAward,
  checkSource,
  checkStream,
  countDiscrepancies,
  emptyMoneyTotals,
  MAX_RUN_ATTEMPTS,
  sumMoneyTotals,
  type AwardFacts,
  type DiscrepancyCode,
  type DiscrepancyFinding,
  type RunStatus,
  type RunTrigger,
  type SourceFacts,
  type StreamFacts,
} from './reconciliation.rules.js';
import type {
  DiscrepancyQuery,
  DiscrepancyView,
  ExecuteOptions,
  ReconciliationTotals,
  RecoveryResult,
  RequestRunInput,
  ResolvedDiscrepancyView,
  RunDetailView,
  RunListQuery,
  RunRequested,
  RunView,
  SourceTotals,
  StreamTotals,
} from './reconciliation.types.js';

/** Awards per page of the run's cursor: one FETCH, and one transaction of progress and findings, each. */
const DEFAULT_BATCH_SIZE = 2_000;
/**
 * Pages whose findings and progress are being written at once, each in its own transaction: the
 * inserts (index and foreign-key work per finding) are most of a run's time, and run side by side.
 */
const WRITES_IN_FLIGHT = 2;
/** Progress is logged at most this often (and at the start and end of every run). */
const PROGRESS_LOG_EVERY_MS = 2_000;
/** The API answers 202 without waiting longer for Redis: the queued row is durable and the sweep enqueues it. */
const ENQUEUE_TIMEOUT_MS = 2_000;

interface AwardFactsRow {
  id: string;
  reference: string;
  funding_stream_id: string;
  status: string;
  amount_pence: string;
  end_date: string;
  paid: string;
  recovered: string;
  approved_or_paid: string;
  approved_or_paid_count: number;
  spend_pence: string | null;
  final_period_id: string | null;
  final_period_key: string | null;
  final_due_date: string | null;
  return_status: string | null;
}

interface DiscrepancyRow {
  id: string;
  run_id: string;
  code: DiscrepancyCode;
  severity: DiscrepancyView['severity'];
  funding_stream_id: string | null;
  award_id: string | null;
  funding_source_id: string | null;
  reporting_period_id: string | null;
  expected_pence: string | null;
  actual_pence: string | null;
  message: string;
  fingerprint: string;
  is_new: boolean;
}

const SEVERITY_ORDER = `CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;
const DISCREPANCY_COLUMNS = `id, run_id, code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint, is_new`;

function toRunView(r: ReconciliationRun): RunView {
  return {
    id: r.id,
    financialYear: r.financialYear,
    fundingStreamId: r.fundingStreamId,
    scopeKey: r.scopeKey,
    status: r.status,
    trigger: r.trigger,
    requestedByUserId: r.requestedByUserId,
    attempts: r.attempts,
    processedAwards: r.processedAwards,
    totalAwards: r.totalAwards,
    asOf: r.asOf,
    createdAt: r.createdAt,
    startedAt: r.startedAt,
    heartbeatAt: r.heartbeatAt,
    finishedAt: r.finishedAt,
    durationMs: r.durationMs,
    error: r.error,
    totals: r.totals,
    counts: r.counts,
    previousRunId: r.previousRunId,
  };
}

function toDiscrepancyView(d: DiscrepancyRow): DiscrepancyView {
  return {
    id: d.id,
    code: d.code,
    severity: d.severity,
    fundingStreamId: d.funding_stream_id,
    awardId: d.award_id,
    fundingSourceId: d.funding_source_id,
    reportingPeriodId: d.reporting_period_id,
    expectedPence: d.expected_pence === null ? null : Number(d.expected_pence),
    actualPence: d.actual_pence === null ? null : Number(d.actual_pence),
    message: d.message,
    fingerprint: d.fingerprint,
    isNew: d.is_new,
  };
}

function toAwardFacts(r: AwardFactsRow): AwardFacts {
  return {
    awardId: r.id,
    reference: r.reference,
    fundingStreamId: r.funding_stream_id,
    status: r.status,
    amountPence: Number(r.amount_pence),
    endDate: r.end_date,
    paidPence: Number(r.paid),
    recoveredPence: Number(r.recovered),
    approvedOrPaidPence: Number(r.approved_or_paid),
    approvedOrPaidCount: r.approved_or_paid_count,
    reportedSpendPence: r.spend_pence === null ? null : Number(r.spend_pence),
    finalPeriod: r.final_period_id ? { reportingPeriodId: r.final_period_id, key: r.final_period_key!, dueDate: r.final_due_date!, returnStatus: r.return_status } : null,
  };
}

/**
 * At most `limit` writes in flight: `add` waits while the limit is reached and rethrows the first
 * failure of any write so far; `drain` waits for all and rethrows it; `settle` only waits.
 */
class Writes {
  private readonly inFlight = new Set<Promise<void>>();
  private failure: { error: unknown } | null = null;

  constructor(private readonly limit: number) {}

  async add(work: Promise<void>): Promise<void> {
    const tracked: Promise<void> = work.then(
      () => void this.inFlight.delete(tracked),
      (error: unknown) => {
        this.inFlight.delete(tracked);
        this.failure ??= { error };
      },
    );
    this.inFlight.add(tracked);
    while (this.inFlight.size >= this.limit && !this.failure) await Promise.race(this.inFlight);
    if (this.failure) throw this.failure.error;
  }

  async drain(): Promise<void> {
    await this.settle();
    if (this.failure) throw this.failure.error;
  }

  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reconciliation runs (issue: background jobs, item 4; DESIGN: Background work).
 *
 * The API writes a queued run and enqueues it; the worker executes it. A run reads the ledger
 * tables of the funding, awards, payments and returns areas directly, on purpose: it checks what
 * those areas' code and triggers hold, so it must not reuse their arithmetic, and it reads them in
 * one REPEATABLE READ snapshot so its totals are of one moment. Its own writes (progress,
 * findings) commit as it goes on other connections, so pollers and the recovery sweep see them.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Finance asks for a run of a financial year, or of one stream of it; the nightly schedule
   * asks with trigger 'nightly'. Writes the queued run (audited) and enqueues it after commit.
   * Idempotent per scope: while a run of the same scope is queued or running, that run is the
   * answer and nothing is written (the database's one-active-run index decides races).
   * VALIDATION for a malformed year or a stream of another year; NOT_FOUND for an unknown stream.
   */
  async request(actor: Actor, input: RequestRunInput, trigger: RunTrigger = 'manual'): Promise<RunRequested> {
    if (!isFinancialYear(input.financialYear)) throw new ValidationError('financialYear', 'must be a UK financial year like 2014/15');
    const streamId = input.fundingStreamId ?? null;
    // A run that finishes between our conflict and our look-up leaves nothing to find: try again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const outcome = await this.dataSource.transaction(async (tx) => {
        if (streamId) {
          const [stream] = (await tx.query(`SELECT financial_year FROM funding_stream WHERE id = $1`, [streamId])) as { financial_year: string }[];
          if (!stream) throw new NotFoundError('funding stream', streamId);
          if (stream.financial_year !== input.financialYear) throw new ValidationError('fundingStreamId', `is a stream of ${stream.financial_year}, not ${input.financialYear}`);
        }
        const inserted = (await tx.query(
          `INSERT INTO reconciliation_run (financial_year, funding_stream_id, trigger, requested_by_user_id)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (scope_key) WHERE status IN ('queued','running') DO NOTHING
           RETURNING id, status, scope_key`,
          [input.financialYear, streamId, trigger, actor.userId],
        )) as { id: string; status: RunStatus; scope_key: string }[];
        const created = inserted[0];
        if (created) {
          await this.audit.record(tx, actor, {
            action: 'reconciliation-run.request',
            entityType: 'reconciliation_run',
            entityId: created.id,
            after: { financialYear: input.financialYear, fundingStreamId: streamId, scopeKey: created.scope_key, trigger, status: created.status },
          });
          return { id: created.id, status: created.status, created: true };
        }
        const [active] = (await tx.query(
          `SELECT id, status FROM reconciliation_run
            WHERE scope_key = $1 || coalesce(':' || $2::uuid::text, '') AND status IN ('queued','running')`,
          [input.financialYear, streamId],
        )) as { id: string; status: RunStatus }[];
        return active ? { ...active, created: false } : null;
      });
      if (!outcome) continue;
      if (outcome.created) {
        await this.nudge(outcome.id);
        this.logger.log({ runId: outcome.id, financialYear: input.financialYear, fundingStreamId: streamId, trigger }, 'reconciliation run queued');
      }
      return { id: outcome.id, status: outcome.status };
    }
    throw new Error(`could not queue a reconciliation run for ${input.financialYear}: the scope kept changing`);
  }

  /** Staff (finance, commissioner, admin) list runs, newest first. */
  async list(query: RunListQuery): Promise<{ items: RunView[]; total: number }> {
    const qb = this.dataSource.getRepository(ReconciliationRun).createQueryBuilder('r');
    if (query.financialYear) qb.andWhere('r.financial_year = :fy', { fy: query.financialYear });
    if (query.fundingStreamId) qb.andWhere('r.funding_stream_id = :stream', { stream: query.fundingStreamId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').skip((query.page - 1) * query.pageSize).take(query.pageSize);
    const [runs, total] = await qb.getManyAndCount();
    return { items: runs.map(toRunView), total };
  }

  /**
   * One run with a page of its discrepancies (errors first) and what it resolved since the
   * previous succeeded run of its scope. NOT_FOUND for an unknown id.
   */
  async get(id: string, query: DiscrepancyQuery = { page: 1, pageSize: 200 }): Promise<RunDetailView> {
    const run = await this.dataSource.getRepository(ReconciliationRun).findOneBy({ id });
    if (!run) throw new NotFoundError('reconciliation run', id);
    const filters: string[] = ['run_id = $1'];
    const params: unknown[] = [id];
    if (query.code) filters.push(`code = $${params.push(query.code)}`);
    if (query.severity) filters.push(`severity = $${params.push(query.severity)}`);
    if (query.onlyNew) filters.push('is_new');
    const where = filters.join(' AND ');
    const [{ n }] = (await this.dataSource.query(`SELECT count(*)::int AS n FROM reconciliation_discrepancy WHERE ${where}`, params)) as [{ n: number }];
    const rows = (await this.dataSource.query(
      `SELECT ${DISCREPANCY_COLUMNS} FROM reconciliation_discrepancy WHERE ${where}
        ORDER BY ${SEVERITY_ORDER}, code, fingerprint LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, query.pageSize, (query.page - 1) * query.pageSize],
    )) as DiscrepancyRow[];
    const [{ resolved_total }] = (await this.dataSource.query(`SELECT count(*)::int AS resolved_total FROM reconciliation_resolution WHERE run_id = $1`, [id])) as [{ resolved_total: number }];
    const resolved = (await this.dataSource.query(
      `SELECT ${DISCREPANCY_COLUMNS.split(', ').map((c) => `d.${c}`).join(', ')}
         FROM reconciliation_resolution r JOIN reconciliation_discrepancy d ON d.id = r.discrepancy_id
        WHERE r.run_id = $1 ORDER BY ${SEVERITY_ORDER.replace('severity', 'd.severity')}, d.code, d.fingerprint LIMIT $2`,
      [id, query.pageSize],
    )) as DiscrepancyRow[];
    return {
      ...toRunView(run),
      discrepancies: rows.map(toDiscrepancyView),
      discrepancyTotal: n,
      resolved: resolved.map((d): ResolvedDiscrepancyView => {
        const { isNew: _isNew, ...view } = toDiscrepancyView(d);
        return { ...view, runId: d.run_id };
      }),
      resolvedTotal: resolved_total,
    };
  }

  /**
   * For the worker (JobName.ReconciliationRun): runs one queued run to the end. Claims it with a
   * conditional UPDATE (queued -> running, attempts + 1), so two workers never run one run; a
   * run that is not queued is left alone ('skipped'). Walks the scope's awards stream by stream
   * in keyset pages, recording progress and findings per page; then compares with the previous
   * succeeded run of the scope and marks the run succeeded. On an error the run is queued again
   * (and the error rethrown, so BullMQ retries) while attempts remain, else marked failed.
   */
  async execute(runId: string, options: ExecuteOptions = {}): Promise<RunStatus | 'skipped'> {
    const claim = await this.claim(runId);
    if (!claim) {
      this.logger.debug({ runId }, 'reconciliation run not queued; nothing to do');
      return 'skipped';
    }
    const { attempt, previousRunId } = claim;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const asOf = options.asOf ?? todayInLondon();
    const startedAt = Date.now();
    let lastLog = 0;
    const writes = new Writes(WRITES_IN_FLIGHT);
    const reader = this.dataSource.createQueryRunner();
    try {
      await reader.connect();
      // One snapshot for the whole run: every total and finding is of the same moment.
      await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const streams = await this.streamsInScope(reader, claim.financialYear, claim.fundingStreamId);
      const streamIds = streams.map((s) => s.fundingStreamId);
      const sources = await this.sourcesInScope(reader, claim.financialYear, claim.fundingStreamId, streamIds);
      const [{ n: totalAwards }] = (await reader.query(`SELECT count(*)::int AS n FROM award WHERE funding_stream_id = ANY($1::uuid[])`, [streamIds])) as [{ n: number }];
      await this.advance(runId, attempt, { processed: 0, totalAwards, asOf }, [], null);
      this.logger.log({ runId, attempt, scope: claim.scopeKey, streams: streams.length, sources: sources.length, totalAwards, batchSize, asOf }, 'reconciliation run started');

      let processed = 0;
      let found = 0;
      const byStream = new Map(streamIds.map((id) => [id, emptyMoneyTotals()]));
      // One cursor over the whole scope in the run's snapshot, read a page at a time (memory stays
      // a few pages). While a page's findings and progress are written (up to WRITES_IN_FLIGHT
      // pages at once, each its own transaction on the pool), the next page is fetched and checked.
      await this.openAwardFacts(reader, streamIds);
      let next: Promise<AwardFactsRow[]> | null = this.fetchAwardFacts(reader, batchSize);
      while (next) {
        const rows: AwardFactsRow[] = await next;
        next = rows.length === batchSize ? this.fetchAwardFacts(reader, batchSize) : null;
        // Awaited on the next turn; if a write fails first, its rejection must not go unhandled.
        next?.catch(() => undefined);
        if (rows.length === 0) break;
        const findings: DiscrepancyFinding[] = [];
        for (const row of rows) {
          const award = toAwardFacts(row);
          for (const f of checkAward(award, { asOf })) findings.push(f);
          byStream.set(award.fundingStreamId, addAward(byStream.get(award.fundingStreamId)!, award));
        }
        processed += rows.length;
        found += findings.length;
        await writes.add(this.advance(runId, attempt, { processed }, findings, previousRunId));
        if (Date.now() - lastLog >= PROGRESS_LOG_EVERY_MS) {
          lastLog = Date.now();
          this.logger.log({ runId, processedAwards: processed, totalAwards, discrepancies: found, elapsedMs: Date.now() - startedAt }, 'reconciliation progress');
        }
      }
      await writes.drain();

      let overall = emptyMoneyTotals();
      const streamTotals: StreamTotals[] = [];
      const lastFindings: DiscrepancyFinding[] = [];
      for (const stream of streams) {
        const totals = byStream.get(stream.fundingStreamId)!;
        lastFindings.push(...checkStream({ ...stream, committedPence: totals.committedPence }));
        streamTotals.push({ fundingStreamId: stream.fundingStreamId, name: stream.name, budgetPence: stream.budgetPence, assignedPence: stream.assignedPence, ...totals });
        overall = sumMoneyTotals(overall, totals);
      }
      lastFindings.push(...sources.flatMap((s) => checkSource(s)));
      found += lastFindings.length;

      const totals: ReconciliationTotals = {
        overall: {
          ...overall,
          receivedPence: sources.reduce((sum, s) => sum + (s.carriedForward ? 0 : s.amountPence), 0),
          carriedForwardInPence: sources.reduce((sum, s) => sum + (s.carriedForward ? s.amountPence : 0), 0),
          assignedPence: streams.reduce((sum, s) => sum + s.assignedPence, 0),
          budgetPence: streams.reduce((sum, s) => sum + s.budgetPence, 0),
          streams: streams.length,
          sources: sources.length,
        },
        streams: streamTotals,
        sources,
      };
      const counts = await this.finish(runId, attempt, { processed, totals, findings: lastFindings, previousRunId });
      this.logger.log({ runId, attempt, scope: claim.scopeKey, processedAwards: processed, totalAwards, durationMs: Date.now() - startedAt, counts }, 'reconciliation run succeeded');
      return 'succeeded';
    } catch (error) {
      // No write of this attempt may still be going on while the run is queued again or given up.
      await writes.settle();
      if (error instanceof RunClaimLostError) {
        this.logger.warn({ runId, attempt }, 'reconciliation run was taken over after this worker fell silent; stopping');
        return 'skipped';
      }
      return this.interrupted(runId, attempt, error);
    } finally {
      await reader.query('ROLLBACK').catch(() => undefined);
      await reader.release().catch(() => undefined);
    }
  }

  /**
   * For the nightly schedule: requests a run of the current financial year (today in London),
   * or finds the one already queued or running.
   */
  async queueNightly(now: Date = new Date()): Promise<RunRequested> {
    const financialYear = financialYearOf(todayInLondon(now));
    return this.request(systemActor('reconciliation-nightly'), { financialYear }, 'nightly');
  }

  /**
   * For the recovery schedule: a run still 'running' whose heartbeat is older than
   * `maxSilenceMs` lost its worker. It is queued again and re-enqueued while attempts remain
   * (fewer than MAX_RUN_ATTEMPTS), else marked failed ('worker stopped during the run'), so no run
   * stays running forever. Queued runs that nothing has enqueued for as long (Redis was away, the
   * job was lost) are enqueued again.
   */
  async recoverStale(maxSilenceMs = 120_000): Promise<RecoveryResult> {
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
    const result: RecoveryResult = { requeued: [], failed: [], nudged: [] };
    for (const run of stale) {
      if (run.status === 'queued') {
        result.requeued.push(run.id);
        await this.nudge(run.id);
      } else {
        result.failed.push(run.id);
      }
    }
    const waiting = (await this.dataSource.query(
      `SELECT id FROM reconciliation_run
        WHERE status = 'queued' AND coalesce(last_enqueued_at, created_at) < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY created_at LIMIT 100`,
      [maxSilenceMs],
    )) as { id: string }[];
    for (const { id } of waiting) if (await this.nudge(id)) result.nudged.push(id);
    if (stale.length || result.nudged.length) this.logger.warn({ ...result, maxSilenceMs }, 'reconciliation runs recovered');
    return result;
  }

  // ---- internals -------------------------------------------------------------------------

  /** queued -> running for exactly one caller; a claimed-again run starts over. */
  private async claim(
    runId: string,
  ): Promise<{ attempt: number; financialYear: string; fundingStreamId: string | null; scopeKey: string; previousRunId: string | null } | null> {
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
  private async advance(
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

  /** Findings of one page, in one statement; new unless the previous succeeded run found the same fingerprint. */
  private async insertFindings(tx: EntityManager, runId: string, findings: DiscrepancyFinding[], previousRunId: string | null): Promise<void> {
    const col = <K extends keyof DiscrepancyFinding>(k: K) => findings.map((f) => f[k]);
    await tx.query(
      `INSERT INTO reconciliation_discrepancy
              (run_id, code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint, is_new)
       SELECT $1, f.*, NOT EXISTS (SELECT 1 FROM reconciliation_discrepancy p WHERE p.run_id = $12::uuid AND p.fingerprint = f.fingerprint)
         FROM unnest($2::text[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::uuid[], $8::bigint[], $9::bigint[], $10::text[], $11::text[])
              AS f (code, severity, funding_stream_id, award_id, funding_source_id, reporting_period_id, expected_pence, actual_pence, message, fingerprint)
       ON CONFLICT (run_id, fingerprint) DO NOTHING`,
      [
        runId,
        col('code'),
        col('severity'),
        col('fundingStreamId'),
        col('awardId'),
        col('fundingSourceId'),
        col('reportingPeriodId'),
        col('expectedPence'),
        col('actualPence'),
        col('message'),
        col('fingerprint'),
        previousRunId,
      ],
    );
  }

  /**
   * The last step: the stream and source findings and final progress, the comparison with the
   * previous succeeded run of the scope (findings were marked new as they were written, against
   * the run found at the claim; re-marked here should that have changed), the counts, and the
   * run marked succeeded, in one transaction, only while this attempt still holds the run.
   */
  private async finish(
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

  /** An attempt failed: queue the run again (and rethrow, so BullMQ retries) or mark it failed. */
  private async interrupted(runId: string, attempt: number, error: unknown): Promise<RunStatus> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000) || 'unknown error';
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
    if (rows[0]?.status === 'queued') {
      this.logger.warn({ runId, attempt, maxAttempts: MAX_RUN_ATTEMPTS, err: message }, 'reconciliation run failed; queued again');
      throw error;
    }
    this.logger.error({ runId, attempt, err: message }, 'reconciliation run failed');
    return 'failed';
  }

  /**
   * Enqueues a run's job. The job id is one per run, so a job that already completed or failed
   * would swallow the new one: it is removed first. So is an active job whose worker died once
   * its lock has expired (BullMQ refuses to remove a locked job, i.e. one whose worker is alive);
   * until then nothing is added (false) and the next sweep tries again, unless BullMQ's
   * stalled-job check has handed the job to another worker first, which then claims the run.
   * A waiting or delayed job is already on its way: adding it again is a no-op.
   */
  private async nudge(runId: string): Promise<boolean> {
    const item: JobItem = { name: JobName.ReconciliationRun, data: { runId } };
    try {
      const added = await withTimeout(
        (async () => {
          const existing = await this.jobs.queue(QueueName.Reconciliation).getJob(jobIdOf(item)!);
          if (existing) {
            const state = await existing.getState();
            if (state === 'completed' || state === 'failed') await existing.remove();
            else if (state === 'active' && !(await existing.remove().then(() => true, () => false))) return false;
          }
          await this.jobs.enqueue(item);
          return true;
        })(),
        ENQUEUE_TIMEOUT_MS,
        'enqueueing the run',
      );
      if (added) await this.dataSource.query(`UPDATE reconciliation_run SET last_enqueued_at = now() WHERE id = $1`, [runId]);
      return added;
    } catch (error) {
      // The queued row is durable: the recovery sweep enqueues it when Redis answers again.
      this.logger.warn({ runId, err: (error as Error).message }, 'could not enqueue a reconciliation run; the sweep will retry');
      return false;
    }
  }

  private async streamsInScope(reader: QueryRunner, financialYear: string, streamId: string | null): Promise<Omit<StreamFacts, 'committedPence'>[]> {
    const rows = (await reader.query(
      `SELECT s.id, s.name, s.budget_pence,
              coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_stream_id = s.id), 0)::bigint AS assigned
         FROM funding_stream s
        WHERE s.financial_year = $1 AND ($2::uuid IS NULL OR s.id = $2::uuid)
        ORDER BY s.id`,
      [financialYear, streamId],
    )) as { id: string; name: string; budget_pence: string; assigned: string }[];
    return rows.map((r) => ({ fundingStreamId: r.id, name: r.name, budgetPence: Number(r.budget_pence), assignedPence: Number(r.assigned) }));
  }

  /** The sources of the year (or, for one stream, the sources assigned to it), with what is assigned from them. */
  private async sourcesInScope(reader: QueryRunner, financialYear: string, streamId: string | null, streamIds: string[]): Promise<(SourceFacts & SourceTotals)[]> {
    const rows = (await reader.query(
      `SELECT fs.id, fs.name, fs.financial_year, fs.amount_pence,
              coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_source_id = fs.id), 0)::bigint AS assigned,
              coalesce((SELECT sum(x.amount_pence) FROM funding_stream_source x WHERE x.funding_source_id = fs.id AND x.funding_stream_id = ANY($3::uuid[])), 0)::bigint AS assigned_in_scope,
              EXISTS (SELECT 1 FROM year_end_carry_forward c WHERE c.funding_source_id = fs.id) AS carried_forward
         FROM funding_source fs
        WHERE ($2::uuid IS NULL AND fs.financial_year = $1)
           OR fs.id IN (SELECT x.funding_source_id FROM funding_stream_source x WHERE x.funding_stream_id = ANY($3::uuid[]))
        ORDER BY fs.id`,
      [financialYear, streamId, streamIds],
    )) as { id: string; name: string; financial_year: string; amount_pence: string; assigned: string; assigned_in_scope: string; carried_forward: boolean }[];
    return rows.map((r) => ({
      fundingSourceId: r.id,
      name: r.name,
      financialYear: r.financial_year,
      amountPence: Number(r.amount_pence),
      assignedPence: Number(r.assigned),
      assignedInScopePence: Number(r.assigned_in_scope),
      carriedForward: r.carried_forward,
    }));
  }

  /**
   * Declares the run's cursor over the scope's awards (in the run's snapshot) with, per award,
   * set-based: payments by kind and status, the latest accepted spend, and the last period with
   * its return's status. Planned for the whole result (cursor_tuple_fraction 1: hash joins over
   * the scope, as one aggregate would, rather than a fast first row); rows come a page at a time.
   */
  private async openAwardFacts(reader: QueryRunner, streamIds: string[]): Promise<void> {
    await reader.query(`SET LOCAL cursor_tuple_fraction = 1`);
    await reader.query(
      `DECLARE award_facts NO SCROLL CURSOR FOR
       WITH aw AS (
         SELECT a.id, a.reference, a.funding_stream_id, a.status, a.amount_pence, a.end_date
           FROM award a
          WHERE a.funding_stream_id = ANY($1::uuid[])
       ), pay AS (
         SELECT p.award_id,
                coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status = 'paid'), 0)::bigint AS paid,
                coalesce(-sum(p.amount_pence) FILTER (WHERE p.kind = 'recovery' AND p.status = 'paid'), 0)::bigint AS recovered,
                coalesce(sum(p.amount_pence) FILTER (WHERE p.kind = 'payment' AND p.status IN ('approved','paid')), 0)::bigint AS approved_or_paid,
                (count(*) FILTER (WHERE p.kind = 'payment' AND p.status IN ('approved','paid')))::int AS approved_or_paid_count
           FROM payment p JOIN aw ON aw.id = p.award_id
          GROUP BY p.award_id
       ), spend AS (
         -- DESIGN invariant 7: reports count the latest accepted version; spend is to date, so the latest period's.
         SELECT DISTINCT ON (rp.award_id) rp.award_id, rv.spend_pence
           FROM reporting_period rp
           JOIN aw ON aw.id = rp.award_id
           JOIN monitoring_return r ON r.reporting_period_id = rp.id AND r.accepted_version IS NOT NULL
           JOIN return_version rv ON rv.monitoring_return_id = r.id AND rv.version_number = r.accepted_version
          ORDER BY rp.award_id, rp.period_end DESC, rp.key DESC
       ), fin AS (
         SELECT DISTINCT ON (rp.award_id) rp.award_id, rp.id, rp.key, rp.due_date, r.status AS return_status
           FROM reporting_period rp
           JOIN aw ON aw.id = rp.award_id
           LEFT JOIN monitoring_return r ON r.reporting_period_id = rp.id
          ORDER BY rp.award_id, rp.period_end DESC, rp.key DESC
       )
       SELECT aw.id, aw.reference, aw.funding_stream_id, aw.status, aw.amount_pence, aw.end_date::text AS end_date,
              coalesce(pay.paid, 0)::bigint AS paid, coalesce(pay.recovered, 0)::bigint AS recovered,
              coalesce(pay.approved_or_paid, 0)::bigint AS approved_or_paid, coalesce(pay.approved_or_paid_count, 0)::int AS approved_or_paid_count,
              spend.spend_pence, fin.id AS final_period_id, fin.key AS final_period_key, fin.due_date::text AS final_due_date, fin.return_status
         FROM aw
         LEFT JOIN pay ON pay.award_id = aw.id
         LEFT JOIN spend ON spend.award_id = aw.id
         LEFT JOIN fin ON fin.award_id = aw.id`,
      [streamIds],
    );
  }

  /** The next page of the run's cursor (fewer than `limit` rows at the end). */
  private async fetchAwardFacts(reader: QueryRunner, limit: number): Promise<AwardFactsRow[]> {
    return (await reader.query(`FETCH FORWARD ${Math.trunc(limit)} FROM award_facts`)) as AwardFactsRow[];
  }
}

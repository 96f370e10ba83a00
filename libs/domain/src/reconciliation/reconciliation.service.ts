import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  BoundedConcurrency,
  financialYearOf,
  isFinancialYear,
  JobName,
  JobQueue,
  jobIdOf,
  NotFoundError,
  QueueName,
  todayInLondon,
  ValidationError,
  withTimeout,
  type JobItem,
} from '#platform/index.js';
import { systemActor, type Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { RunClaimLostError } from './reconciliation.errors.js';
import { ReconciliationRun } from './reconciliation-run.entity.js';
import { ReconciliationRunTransitions } from './reconciliation-run.transitions.js';
import { countAwards, fetchAwardFacts, openAwardFacts, sourcesInScope, streamsInScope, toAwardFacts, type AwardFactsRow } from './reconciliation-facts.query.js';
import { DISCREPANCY_COLUMNS, SEVERITY_ORDER, toDiscrepancyView, toRunView, type DiscrepancyRow } from './reconciliation.mappers.js';
import {
  addAward,
  checkAward,
  checkSource,
  checkStream,
  emptyMoneyTotals,
  MAX_RUN_ATTEMPTS,
  sumMoneyTotals,
  type DiscrepancyFinding,
  type RunStatus,
  type RunTrigger,
} from './reconciliation.rules.js';
import type {
  DiscrepancyQuery,
  ExecuteOptions,
  ReconciliationTotals,
  RecoveryResult,
  RequestRunInput,
  ResolvedDiscrepancyView,
  RunDetailView,
  RunListQuery,
  RunRequested,
  RunView,
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

/**
 * Reconciliation runs (issue: background jobs, item 4; docs/design.md#reconciliation-runs).
 *
 * The API writes a queued run and enqueues it; the worker executes it. A run reads the ledger
 * tables of the funding, awards, payments and returns areas directly, on purpose: it checks what
 * those areas' code and triggers hold, so it must not reuse their arithmetic, and it reads them in
 * one REPEATABLE READ snapshot so its totals are of one moment. Its own writes (progress,
 * findings) commit as it goes on other connections, so pollers and the recovery sweep see them.
 * This service orchestrates; what a run reads is `reconciliation-facts.query.ts`, how its status
 * moves is `reconciliation-run.transitions.ts`, what it finds is `reconciliation.rules.ts`.
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly jobs: JobQueue,
    private readonly transitions: ReconciliationRunTransitions,
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
    const [runs, total] = await this.runsQuery(query).getManyAndCount();
    return { items: runs.map(toRunView), total };
  }

  /** The first page of `list` without its count, for a page that shows the runs but not how many there are (one statement, not two). */
  async recent(query: RunListQuery): Promise<RunView[]> {
    return (await this.runsQuery(query).getMany()).map(toRunView);
  }

  private runsQuery(query: RunListQuery) {
    const qb = this.dataSource.getRepository(ReconciliationRun).createQueryBuilder('r');
    if (query.financialYear) qb.andWhere('r.financial_year = :fy', { fy: query.financialYear });
    if (query.fundingStreamId) qb.andWhere('r.funding_stream_id = :stream', { stream: query.fundingStreamId });
    if (query.status) qb.andWhere('r.status = :status', { status: query.status });
    return qb.orderBy('r.created_at', 'DESC').addOrderBy('r.id', 'DESC').skip((query.page - 1) * query.pageSize).take(query.pageSize);
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
   * What the discrepancies of a run (found or resolved) name, in people's words: award
   * references, stream and source names by id (the web links and labels them). Writes nothing.
   */
  async namesOf(runId: string): Promise<{ awards: Record<string, string>; streams: Record<string, string>; sources: Record<string, string> }> {
    const rows = (await this.dataSource.query(
      `WITH d AS (SELECT award_id, funding_stream_id, funding_source_id FROM reconciliation_discrepancy WHERE run_id = $1
                  UNION SELECT x.award_id, x.funding_stream_id, x.funding_source_id FROM reconciliation_resolution r
                         JOIN reconciliation_discrepancy x ON x.id = r.discrepancy_id WHERE r.run_id = $1)
       SELECT 'award' AS kind, a.id::text AS id, a.reference AS name FROM award a WHERE a.id IN (SELECT award_id FROM d)
       UNION ALL SELECT 'stream', s.id::text, s.name FROM funding_stream s WHERE s.id IN (SELECT funding_stream_id FROM d)
       UNION ALL SELECT 'source', f.id::text, f.name FROM funding_source f WHERE f.id IN (SELECT funding_source_id FROM d)`,
      [runId],
    )) as { kind: 'award' | 'stream' | 'source'; id: string; name: string }[];
    const names = { awards: {} as Record<string, string>, streams: {} as Record<string, string>, sources: {} as Record<string, string> };
    for (const r of rows) names[`${r.kind}s`][r.id] = r.name;
    return names;
  }

  /**
   * What the given discrepancies name (namesOf for a page of them): the run page shows a page of a
   * run's findings, and reading the names of all of them was most of its statements' time.
   */
  async namesFor(findings: { awardId: string | null; fundingStreamId: string | null; fundingSourceId: string | null }[]): Promise<{ awards: Record<string, string>; streams: Record<string, string>; sources: Record<string, string> }> {
    const ids = (key: 'awardId' | 'fundingStreamId' | 'fundingSourceId') => [...new Set(findings.map((f) => f[key]).filter((id): id is string => id !== null))];
    const rows = (await this.dataSource.query(
      `SELECT 'award' AS kind, a.id::text AS id, a.reference AS name FROM award a WHERE a.id = ANY($1::uuid[])
       UNION ALL SELECT 'stream', s.id::text, s.name FROM funding_stream s WHERE s.id = ANY($2::uuid[])
       UNION ALL SELECT 'source', f.id::text, f.name FROM funding_source f WHERE f.id = ANY($3::uuid[])`,
      [ids('awardId'), ids('fundingStreamId'), ids('fundingSourceId')],
    )) as { kind: 'award' | 'stream' | 'source'; id: string; name: string }[];
    const names = { awards: {} as Record<string, string>, streams: {} as Record<string, string>, sources: {} as Record<string, string> };
    for (const r of rows) names[`${r.kind}s`][r.id] = r.name;
    return names;
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
    const claim = await this.transitions.claim(runId);
    if (!claim) {
      this.logger.debug({ runId }, 'reconciliation run not queued; nothing to do');
      return 'skipped';
    }
    const { attempt, previousRunId } = claim;
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    const asOf = options.asOf ?? todayInLondon();
    const startedAt = Date.now();
    let lastLog = 0;
    const writes = new BoundedConcurrency(WRITES_IN_FLIGHT);
    const reader = this.dataSource.createQueryRunner();
    try {
      await reader.connect();
      // One snapshot for the whole run: every total and finding is of the same moment.
      await reader.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const streams = await streamsInScope(reader, claim.financialYear, claim.fundingStreamId);
      const streamIds = streams.map((s) => s.fundingStreamId);
      const sources = await sourcesInScope(reader, claim.financialYear, claim.fundingStreamId, streamIds);
      const totalAwards = await countAwards(reader, streamIds);
      await this.transitions.advance(runId, attempt, { processed: 0, totalAwards, asOf }, [], null);
      this.logger.log({ runId, attempt, scope: claim.scopeKey, streams: streams.length, sources: sources.length, totalAwards, batchSize, asOf }, 'reconciliation run started');

      let processed = 0;
      let found = 0;
      const byStream = new Map(streamIds.map((id) => [id, emptyMoneyTotals()]));
      // One cursor over the whole scope in the run's snapshot, read a page at a time (memory stays
      // a few pages). While a page's findings and progress are written (up to WRITES_IN_FLIGHT
      // pages at once, each its own transaction on the pool), the next page is fetched and checked.
      await openAwardFacts(reader, streamIds);
      let next: Promise<AwardFactsRow[]> | null = fetchAwardFacts(reader, batchSize);
      while (next) {
        const rows: AwardFactsRow[] = await next;
        next = rows.length === batchSize ? fetchAwardFacts(reader, batchSize) : null;
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
        await writes.add(this.transitions.advance(runId, attempt, { processed }, findings, previousRunId));
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
      const counts = await this.transitions.finish(runId, attempt, { processed, totals, findings: lastFindings, previousRunId });
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
    const stale = await this.transitions.releaseSilent(maxSilenceMs);
    const result: RecoveryResult = { requeued: [], failed: [], nudged: [] };
    for (const run of stale) {
      if (run.status === 'queued') {
        result.requeued.push(run.id);
        await this.nudge(run.id);
      } else {
        result.failed.push(run.id);
      }
    }
    const waiting = await this.transitions.waitingTooLong(maxSilenceMs);
    for (const id of waiting) if (await this.nudge(id)) result.nudged.push(id);
    if (stale.length || result.nudged.length) this.logger.warn({ ...result, maxSilenceMs }, 'reconciliation runs recovered');
    return result;
  }

  // ---- internals -------------------------------------------------------------------------

  /** An attempt failed: queue the run again (and rethrow, so BullMQ retries) or mark it failed. */
  private async interrupted(runId: string, attempt: number, error: unknown): Promise<RunStatus> {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000) || 'unknown error';
    if ((await this.transitions.interrupt(runId, attempt, message)) === 'queued') {
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
      if (added) await this.transitions.markEnqueued(runId);
      return added;
    } catch (error) {
      // The queued row is durable: the recovery sweep enqueues it when Redis answers again.
      this.logger.warn({ runId, err: (error as Error).message }, 'could not enqueue a reconciliation run; the sweep will retry');
      return false;
    }
  }
}

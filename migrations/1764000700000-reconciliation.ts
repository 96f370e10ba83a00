import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation runs (issue: background jobs, item 4): each run of a financial year or one
 * stream, its typed discrepancies, and which discrepancies of the previous succeeded run of the
 * same scope it no longer finds (resolved). The API writes the queued row and enqueues; the worker
 * claims it with a conditional UPDATE and records progress on it while it works.
 */
export class Reconciliation1764000700000 implements MigrationInterface {
  name = 'Reconciliation1764000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reconciliation_run (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        financial_year text NOT NULL CHECK (financial_year ~ '^[0-9]{4}/[0-9]{2}$'),
        funding_stream_id uuid REFERENCES funding_stream (id),
        -- Generated, never written: '2026/27' or '2026/27:<streamId>', so two spellings of one
        -- scope (an upper-case uuid, say) cannot slip past the one-active-run index below.
        scope_key text GENERATED ALWAYS AS (financial_year || coalesce(':' || funding_stream_id::text, '')) STORED,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','running','succeeded','failed')),
        trigger text NOT NULL CHECK (trigger IN ('manual','nightly')),
        requested_by_user_id uuid REFERENCES app_user (id),
        -- Claims so far (a worker that dies or errors leaves the run to be claimed again, up to 3).
        attempts int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        processed_awards int NOT NULL DEFAULT 0 CHECK (processed_awards >= 0),
        total_awards int CHECK (total_awards >= 0),
        -- The date (Europe/London) the rules judged "ended" and "overdue" against.
        as_of date,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_enqueued_at timestamptz,
        started_at timestamptz,
        heartbeat_at timestamptz,
        finished_at timestamptz,
        duration_ms int CHECK (duration_ms >= 0),
        error text,
        totals jsonb,
        counts jsonb,
        previous_run_id uuid REFERENCES reconciliation_run (id),
        CONSTRAINT reconciliation_run_running_beats CHECK (status <> 'running' OR (started_at IS NOT NULL AND heartbeat_at IS NOT NULL AND attempts > 0)),
        CONSTRAINT reconciliation_run_finished CHECK ((status IN ('succeeded','failed')) = (finished_at IS NOT NULL)),
        CONSTRAINT reconciliation_run_succeeded_recorded CHECK (status <> 'succeeded' OR (totals IS NOT NULL AND counts IS NOT NULL AND duration_ms IS NOT NULL)),
        CONSTRAINT reconciliation_run_failed_says_why CHECK (status <> 'failed' OR length(btrim(coalesce(error, ''))) > 0)
      );
      -- Two requests for the same scope at once yield one run: at most one queued or running run
      -- per scope; the second request finds the first (INSERT ... ON CONFLICT DO NOTHING).
      CREATE UNIQUE INDEX reconciliation_run_one_active ON reconciliation_run (scope_key) WHERE status IN ('queued','running');
      -- "The previous succeeded run of the same scope".
      CREATE INDEX reconciliation_run_scope_succeeded_idx ON reconciliation_run (scope_key, finished_at DESC) WHERE status = 'succeeded';
      CREATE INDEX reconciliation_run_created_idx ON reconciliation_run (created_at DESC);
      -- The recovery sweep looks only at these.
      CREATE INDEX reconciliation_run_active_idx ON reconciliation_run (status, heartbeat_at) WHERE status IN ('queued','running');

      CREATE TABLE reconciliation_discrepancy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
        code text NOT NULL CHECK (code ~ '^[A-Z][A-Z_]+$'),
        severity text NOT NULL CHECK (severity IN ('error','warning','info')),
        funding_stream_id uuid REFERENCES funding_stream (id),
        award_id uuid REFERENCES award (id),
        funding_source_id uuid REFERENCES funding_source (id),
        -- No foreign key: a run reads a snapshot, and a schedule change may remove a period
        -- without a return (the very periods a missing-return finding names) while it runs.
        reporting_period_id uuid,
        expected_pence bigint,
        actual_pence bigint,
        message text NOT NULL,
        -- Stable identity across runs (code + ids): what makes a finding new or resolved.
        fingerprint text NOT NULL,
        is_new boolean NOT NULL DEFAULT true,
        CONSTRAINT reconciliation_discrepancy_once_per_run UNIQUE (run_id, fingerprint)
      );
      CREATE INDEX reconciliation_discrepancy_run_idx ON reconciliation_discrepancy (run_id, severity, code);

      -- A discrepancy of the previous succeeded run of the same scope that this run no longer finds.
      CREATE TABLE reconciliation_resolution (
        run_id uuid NOT NULL REFERENCES reconciliation_run (id) ON DELETE CASCADE,
        discrepancy_id uuid NOT NULL REFERENCES reconciliation_discrepancy (id) ON DELETE CASCADE,
        PRIMARY KEY (run_id, discrepancy_id)
      );

      -- Runs walk a scope's awards stream by stream in keyset pages on (funding_stream_id, id);
      -- this keeps each page an index range scan at a million awards.
      CREATE INDEX award_stream_id_idx ON award (funding_stream_id, id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS award_stream_id_idx;
      DROP TABLE IF EXISTS reconciliation_resolution, reconciliation_discrepancy, reconciliation_run;
    `);
  }
}

// The approvals benchmark's baseline: the same approvals as bare SQL conditional updates, one
// transaction per approval, through a pg pool of the API's size. It is the least a correct
// implementation can do: lock the stream row (so concurrent approvals queue, as the API and the
// award_budget_check trigger both require), then approve only if the award still fits.
//
// The lock comes first in its own statement on purpose: under READ COMMITTED a single
// `UPDATE ... WHERE committed + amount <= budget` takes its snapshot before it waits, so after
// the wait it would judge the budget without the approvals committed meanwhile; the trigger
// would then refuse it with RF003 instead of the update simply matching no row.
import pg from 'pg';

const COMMITTED = ['approved', 'active', 'suspended', 'closed'];

const APPROVE_SQL = `
  UPDATE award a
     SET status = 'approved', decision_date = current_date, approved_at = now(), approved_by_user_id = $3,
         decision_reference = $4, version = a.version + 1, updated_at = now()
   WHERE a.id = $2 AND a.status = 'draft'
     AND a.amount_pence + (SELECT coalesce(sum(c.amount_pence), 0) FROM award c
                            WHERE c.funding_stream_id = $1 AND c.status = ANY($5::text[]))
         <= (SELECT budget_pence FROM funding_stream WHERE id = $1)
  RETURNING a.id`;

/** The baseline's pool: as many connections as the API's, opened up front as the API's are. */
export async function openBaselinePool(databaseUrl, poolSize) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, application_name: 'ringfence-bench-approvals-baseline' });
  // An idle connection's error (the scratch database dropped WITH (FORCE)) must not crash the run.
  pool.on('error', () => undefined);
  await Promise.all(Array.from({ length: poolSize }, () => pool.query('SELECT 1')));
  return pool;
}

/**
 * Approves every award of `awardIds` at once (a task each; the pool's connections are the real
 * concurrency, as in the API). Returns { accepted, refused, errors, seconds }.
 */
export async function approveAllWithSql({ pool, streamId, awardIds, userId }) {
  const started = performance.now();
  const outcomes = await Promise.all(
    awardIds.map(async (awardId, i) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT 1 FROM funding_stream WHERE id = $1 FOR UPDATE', [streamId]);
        const { rowCount } = await client.query(APPROVE_SQL, [streamId, awardId, userId, `BENCH-SQL-${i}`, COMMITTED]);
        await client.query('COMMIT');
        return rowCount === 1 ? 'accepted' : 'refused';
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        return `error: ${error.code ?? ''} ${error.message}`;
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const errors = outcomes.filter((o) => o.startsWith('error'));
  return {
    accepted: outcomes.filter((o) => o === 'accepted').length,
    refused: outcomes.filter((o) => o === 'refused').length,
    errors: errors.length,
    firstError: errors[0],
    seconds,
  };
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The working-day calendar's corrections (docs/design.md#time). Bank holidays themselves are computed
 * by the date-holidays library, not stored; this table holds only what an admin changed after a
 * release: a one-off holiday announced later (`add`) or a library holiday moved or cancelled
 * (`remove`).
 */
export class Calendar1764000400000 implements MigrationInterface {
  name = 'Calendar1764000400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bank_holiday_override (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        date date NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('add','remove')),
        note text CHECK (note IS NULL OR length(note) <= 2000),
        -- Null for system work (seed, CLI); the admin otherwise.
        created_by_user_id uuid REFERENCES app_user (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- One correction per date, so "is this a working day?" has one answer (409 on a second).
        CONSTRAINT bank_holiday_override_date_key UNIQUE (date),
        -- Bank holidays fall on weekdays: an added Saturday or Sunday would change nothing.
        CONSTRAINT bank_holiday_override_add_on_weekday CHECK (kind <> 'add' OR extract(isodow FROM date) < 6)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS bank_holiday_override`);
  }
}

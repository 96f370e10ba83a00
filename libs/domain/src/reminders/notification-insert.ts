import type { EntityManager } from 'typeorm';
import type { EscalationRoute } from './escalation.rules.js';

/** A decided reminder step, as the scan writes it. */
export interface NotificationInsert {
  reporting_period_id: string;
  award_id: string;
  step_key: string;
  step_date: string;
  escalated: boolean;
  recipients: string[];
  cc: string[];
  subject: string;
  body: string;
  status: 'pending' | 'skipped' | 'undeliverable';
  last_error: string | null;
  escalation_route: EscalationRoute | null;
  escalation_error: string | null;
}

export interface NotificationInserted {
  id: string;
  status: NotificationInsert['status'];
  escalated: boolean;
  escalation_route: EscalationRoute | null;
}

/**
 * Writes a page of decisions in one statement: a round trip per notification made the scan 200x
 * a plain read of the same periods (test/bench/FINDINGS.md, reminders). A (period, step) already
 * decided is left as it is (docs/design.md#reminders: a step is sent once), so only the rows written come back.
 */
export async function insertNotifications(tx: EntityManager, rows: NotificationInsert[]): Promise<NotificationInserted[]> {
  if (rows.length === 0) return [];
  return (await tx.query(
    `INSERT INTO notification (reporting_period_id, award_id, step_key, step_date, escalated, recipients, cc, subject, body, status, last_error, escalation_route, escalation_error)
     SELECT x.reporting_period_id, x.award_id, x.step_key, x.step_date, x.escalated, x.recipients, x.cc, x.subject, x.body, x.status, x.last_error, x.escalation_route, x.escalation_error
       FROM jsonb_to_recordset($1::jsonb) AS x(reporting_period_id uuid, award_id uuid, step_key text, step_date date, escalated boolean,
            recipients text[], cc text[], subject text, body text, status text, last_error text, escalation_route text, escalation_error text)
     ON CONFLICT (reporting_period_id, step_key) DO NOTHING RETURNING id, status, escalated, escalation_route`,
    [JSON.stringify(rows)],
  )) as NotificationInserted[];
}

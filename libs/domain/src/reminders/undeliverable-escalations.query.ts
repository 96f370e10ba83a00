import type { EntityManager } from 'typeorm';

/** An escalation nobody received, for staff to act on. */
export interface UndeliverableEscalation {
  notificationId: string;
  awardId: string;
  awardReference: string;
  awardTitle: string;
  fundingStreamId: string;
  reportingPeriodId: string;
  periodKey: string;
  stepKey: string;
  stepDate: string;
  /** The notification's status: 'pending' or 'sent' when the partner was written to without the escalation. */
  status: string;
  reason: string;
  createdAt: Date;
}

/**
 * Escalated steps that were to go out (not skipped for a later step, not cancelled because the
 * return arrived) and reached no officer: nobody could be copied, or nothing could be sent at
 * all. Newest first, a page at a time, with how many there are in all.
 */
export async function undeliverableEscalations(manager: EntityManager, page: number, pageSize: number): Promise<{ items: UndeliverableEscalation[]; total: number }> {
  const where = `n.escalated AND (n.escalation_route = 'undeliverable' OR n.status = 'undeliverable') AND n.status NOT IN ('skipped','cancelled')`;
  const [{ total }] = (await manager.query(`SELECT count(*)::int AS total FROM notification n WHERE ${where}`)) as [{ total: number }];
  const items = (await manager.query(
    `SELECT n.id AS "notificationId", n.award_id AS "awardId", a.reference AS "awardReference", a.title AS "awardTitle",
            a.funding_stream_id AS "fundingStreamId", n.reporting_period_id AS "reportingPeriodId", p.key AS "periodKey",
            n.step_key AS "stepKey", n.step_date::text AS "stepDate", n.status,
            CASE WHEN n.escalation_route = 'undeliverable' THEN n.escalation_error ELSE 'nothing was sent: ' || n.last_error END AS reason,
            n.created_at AS "createdAt"
       FROM notification n
       JOIN award a ON a.id = n.award_id
       JOIN reporting_period p ON p.id = n.reporting_period_id
      WHERE ${where}
      ORDER BY n.created_at DESC, n.id DESC
      LIMIT $1 OFFSET $2`,
    [pageSize, (page - 1) * pageSize],
  )) as UndeliverableEscalation[];
  return { items, total };
}

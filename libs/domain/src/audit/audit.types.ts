export interface AuditRecord {
  /** Verb in the domain's words, e.g. `award.approve`, `user.create`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: object | null;
  after?: object | null;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  actorUserId?: string;
  page: number;
  pageSize: number;
}

/** One change in an award's timeline, with who made it. */
export interface AwardTimelineEntry {
  id: string;
  at: Date;
  action: string;
  entityType: string;
  entityId: string;
  actorRole: string;
  /** Null for the system (jobs) or a user since removed. */
  actorName: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

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

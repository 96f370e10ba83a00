import type { Role } from '../access/role.js';

export interface CreateUserInput {
  email: string;
  name: string;
  role: Role;
  organisationId?: string | null;
  password: string;
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  organisationId?: string | null;
  password?: string;
  disabled?: boolean;
  /** The version the caller read; a different current version is 409 STALE_VERSION. */
  version?: number;
}

export interface UserQuery {
  role?: Role;
  organisationId?: string;
  page: number;
  pageSize: number;
}

/** What the rest of the system may know about a user. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  disabled: boolean;
  version: number;
  lastLoginAt: Date | null;
  createdAt: Date;
}

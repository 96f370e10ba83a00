/** The five roles (docs/design.md#who-uses-it). */
export enum Role {
  Admin = 'admin',
  Commissioner = 'commissioner',
  Finance = 'finance',
  Partner = 'partner',
  Viewer = 'viewer',
}

export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** Staff: everyone who works for the commissioner's office (not partners). */
export const STAFF_ROLES: readonly Role[] = [Role.Admin, Role.Commissioner, Role.Finance, Role.Viewer];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ALL_ROLES as readonly string[]).includes(value);
}

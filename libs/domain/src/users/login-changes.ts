/**
 * In-process word that a user's logins may have changed (disabled, role or organisation changed,
 * password changed, a login revoked or ended), said by the users services after their transaction
 * commits. The API's token cache and the web's session check (access-token-cache.ts) listen, so a change made
 * through this process is seen by the very next request here; other processes, and changes made
 * by plain SQL, reach it by the database's NOTIFY (migrations/1764004500100-login-change-notify.ts).
 */
type LoginChangeListener = (userId: string) => void;

const listeners = new Set<LoginChangeListener>();

/** Listens until the returned function is called. */
export function onLoginChanged(listener: LoginChangeListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function loginChanged(userId: string): void {
  for (const listener of listeners) listener(userId);
}

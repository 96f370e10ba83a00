/**
 * A start-up failure the newcomer can fix: main.ts prints only the message (no stack trace)
 * and exits 1. The message says what went wrong and what to do about it.
 */
export class LauncherError extends Error {}

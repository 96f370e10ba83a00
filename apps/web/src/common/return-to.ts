/**
 * Where to go after signing in: only a path on this site. Anything else (another site,
 * `//evil.example`, `/\evil.example`, a scheme, control characters) goes home instead, so the
 * sign-in page cannot be used to send people elsewhere.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  // Pages that would only bounce back here, or that a GET cannot sensibly return to.
  if (/^\/(sign-in|sign-out|signed-out)(?:[/?#]|$)/.test(value)) return '/';
  return value;
}

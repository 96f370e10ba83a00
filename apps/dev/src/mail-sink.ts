import { redactUrl, SmtpSink } from '#platform/index.js';
import { shownPath } from './data-dir.js';

export interface ResolvedMail {
  url: string;
  /** For the banner: where the mail goes. */
  description: string;
  /** Set when this run started the in-process sink (stop it on shutdown). */
  sink?: SmtpSink;
}

/** SMTP_URL if set, else the in-process SMTP sink writing each message as an .eml file under `dir`. */
export async function resolveMail(configuredUrl: string | undefined, dir: string): Promise<ResolvedMail> {
  if (configuredUrl) return { url: configuredUrl, description: `${redactUrl(configuredUrl)} (SMTP_URL)` };
  const sink = new SmtpSink(dir);
  await sink.start(0);
  return { url: sink.url, description: `${shownPath(dir)}/*.eml (in-process SMTP sink on ${sink.url})`, sink };
}

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  receivedAt: string;
}

/**
 * A real SMTP server in-process (smtp-server, from the nodemailer project) that keeps what it
 * receives: in memory for tests, and as .eml files under a directory for `npm start`.
 * `refuse` makes it reject messages, to test that mail waits and goes out later.
 */
export class SmtpSink {
  readonly messages: ReceivedMail[] = [];
  refuse = false;
  /** Milliseconds to wait before accepting each message (tests: keep a worker busy sending). */
  delayMs = 0;
  /**
   * While true, no message is accepted: each waits (counted in inFlight) until hold is lifted or
   * its client goes away. Tests use it to stop a worker at a known point, with no 250 on its way.
   */
  hold = false;
  /** Messages whose data has arrived but that are not yet accepted (waiting out delayMs or hold). */
  inFlight = 0;
  /** Connections that failed on the client's side (it went away mid-message); nothing was accepted from them. */
  readonly clientErrors: string[] = [];
  private server?: SMTPServer;
  private readonly closed = new Set<string>();
  port = 0;

  constructor(private readonly directory?: string) {}

  async start(port = 0): Promise<number> {
    if (this.directory) await mkdir(this.directory, { recursive: true });
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // A message counts only once the server has said 250 to a client still there: a client
      // that vanished while we waited (a killed worker) has not had its message accepted.
      onClose: (session) => this.closed.add(session.id),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => void this.accept(session, chunks, callback));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    // smtp-server reports a client that vanishes in the middle of a message (a worker killed while
    // sending: ECONNRESET) as a server 'error'; unheard, that event would crash the process.
    this.server.on('error', (error: Error) => this.clientErrors.push(error.message));
    const address = (this.server as unknown as { server: { address(): { port: number } } }).server.address();
    this.port = address.port;
    return this.port;
  }

  private async accept(
    session: { id: string; envelope: { mailFrom: false | { address: string }; rcptTo: { address: string }[] } },
    chunks: Buffer[],
    callback: (err?: Error | null) => void,
  ): Promise<void> {
    this.inFlight++;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    while (this.hold && !this.closed.has(session.id)) await new Promise((r) => setTimeout(r, 10));
    this.inFlight--;
    if (this.closed.has(session.id)) {
      callback(new Error('client went away before the message was accepted'));
      return;
    }
    if (this.refuse) {
      callback(Object.assign(new Error('sink refusing mail (test)'), { responseCode: 451 }));
      return;
    }
    const mail: ReceivedMail = {
      from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
      to: session.envelope.rcptTo.map((r) => r.address),
      raw: Buffer.concat(chunks).toString('utf8'),
      receivedAt: new Date().toISOString(),
    };
    this.messages.push(mail);
    if (!this.directory) return callback();
    const name = `${mail.receivedAt.replace(/[:.]/g, '-')}-${this.messages.length}.eml`;
    writeFile(join(this.directory, name), mail.raw).then(() => callback(), callback);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}

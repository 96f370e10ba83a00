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
  private server?: SMTPServer;
  port = 0;

  constructor(private readonly directory?: string) {}

  async start(port = 0): Promise<number> {
    if (this.directory) await mkdir(this.directory, { recursive: true });
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
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
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    const address = (this.server as unknown as { server: { address(): { port: number } } }).server.address();
    this.port = address.port;
    return this.port;
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

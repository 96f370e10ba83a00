import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/config.schema.js';

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  /** A stable Message-ID lets mail systems drop a duplicate if a crash makes us send twice. */
  messageId?: string;
  headers?: Record<string, string>;
}

/** Sends mail over SMTP with nodemailer. Failures throw so the calling job retries. */
@Injectable()
export class MailService implements OnModuleDestroy {
  private transport?: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  private transporter(): Transporter {
    if (!this.config.smtpUrl) throw new Error('SMTP_URL is not configured');
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    return this.transport;
  }

  async send(mail: OutgoingMail): Promise<string> {
    const info = await this.transporter().sendMail({ from: this.config.mailFrom, ...mail });
    return info.messageId;
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

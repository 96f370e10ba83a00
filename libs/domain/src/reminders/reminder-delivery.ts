import type { EntityManager } from 'typeorm';
import type { MailService, OutgoingMail } from '#platform/index.js';
import { Notification } from './notification.entity.js';

/**
 * Sends a notification row by SMTP and records the outcome on it, inside the caller's transaction
 * (which holds the row locked). The Message-ID is the row's, so should a crash between the SMTP
 * server's 250 and our commit resend it, mail systems can drop the copy. Answers the error of a
 * refused delivery (recorded on the row) rather than throwing, so the attempt is still committed.
 */
export async function deliverByMail(tx: EntityManager, mail: MailService, n: Notification): Promise<'sent' | Error> {
  const message: OutgoingMail = {
    to: n.recipients,
    cc: n.cc.length ? n.cc : undefined,
    subject: n.subject,
    text: n.body,
    messageId: `<notification-${n.id}@ringfence>`,
    headers: { 'X-Ringfence-Notification': n.id },
  };
  try {
    const messageId = await mail.send(message);
    await tx.update(Notification, { id: n.id }, { status: 'sent', sentAt: new Date(), messageId, attempts: n.attempts + 1, lastError: null });
    return 'sent';
  } catch (error) {
    await tx.update(Notification, { id: n.id }, { attempts: n.attempts + 1, lastError: (error as Error).message.slice(0, 500) });
    return error as Error;
  }
}

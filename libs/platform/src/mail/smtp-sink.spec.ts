import { describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { SmtpSink } from './smtp-sink.js';

/** A client that starts a message and vanishes with a reset, as a worker killed mid-send does. */
async function vanishMidMessage(port: number): Promise<void> {
  const socket: Socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  const lines = ['EHLO worker', 'MAIL FROM:<ringfence@localhost>', 'RCPT TO:<returns@partner.example.org>', 'DATA'];
  let buffer = '';
  await new Promise<void>((resolve) => {
    socket.on('data', (chunk) => {
      buffer += chunk.toString();
      if (/^354 /m.test(buffer)) return resolve();
      const next = buffer.split('\r\n').some((l) => /^(220|250) /.test(l)) ? lines.shift() : undefined;
      buffer = '';
      if (next) socket.write(`${next}\r\n`);
    });
  });
  socket.write('Subject: half a message\r\n');
  await new Promise((r) => setTimeout(r, 50));
  socket.resetAndDestroy();
}

describe('SmtpSink', () => {
  it('outlives clients that vanish in the middle of a message, and accepts nothing from them', async () => {
    const sink = new SmtpSink();
    const port = await sink.start();
    try {
      for (let i = 0; i < 3; i++) await vanishMidMessage(port);
      await new Promise((r) => setTimeout(r, 200));
      expect(sink.messages).toHaveLength(0);
      expect(sink.clientErrors).toEqual(['read ECONNRESET', 'read ECONNRESET', 'read ECONNRESET']);
    } finally {
      await sink.stop();
    }
  });
});

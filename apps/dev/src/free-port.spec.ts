import { createServer, type Server } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { findFreePort, isPortFree, pickPort } from './free-port.js';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('free-port', () => {
  it('finds a port that can then be listened on', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    expect(await isPortFree(port, '127.0.0.1')).toBe(true);
    const server = await listen(port);
    server.close();
  });

  it('sees a port in use, and pickPort then falls back to another free one', async () => {
    const server = await listen(0);
    const taken = (server.address() as { port: number }).port;
    try {
      expect(await isPortFree(taken, '127.0.0.1')).toBe(false);
      const picked = await pickPort(taken);
      expect(picked).not.toBe(taken);
      expect(await isPortFree(picked, '127.0.0.1')).toBe(true);
    } finally {
      server.close();
    }
  });

  it('keeps the preferred port when it is free', async () => {
    const port = await findFreePort();
    expect(await pickPort(port)).toBe(port);
  });
});

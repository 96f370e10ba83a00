import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { Shutdown } from './shutdown.js';

describe('Shutdown', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('stops what was started in reverse order, once, and goes on after a failure', async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const order: string[] = [];
    const shutdown = new Shutdown(() => undefined);
    shutdown.add('PostgreSQL', async () => void order.push('PostgreSQL'));
    shutdown.add('mail sink', async () => {
      order.push('mail sink');
      throw new Error('already closed');
    });
    shutdown.add('API', async () => void order.push('API'));
    shutdown.add('worker', async () => void order.push('worker'));
    await Promise.all([shutdown.run(), shutdown.run()]);
    expect(order).toEqual(['worker', 'API', 'mail sink', 'PostgreSQL']);
  });

  it('a second signal kills the servers without waiting and exits 130; an immediate repeat does not', async () => {
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const exits: number[] = [];
    const killed: string[] = [];
    const shutdown = new Shutdown((code) => void exits.push(code));
    let release = (): void => undefined;
    const slow = new Promise<void>((resolve) => (release = resolve));
    shutdown.add('PostgreSQL', () => slow, () => killed.push('PostgreSQL'));
    shutdown.add('worker', () => slow);
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000);
    shutdown.onSignal('SIGINT');
    shutdown.onSignal('SIGINT'); // npm forwarding the same Ctrl-C
    expect(exits).toEqual([]);
    now.mockReturnValue(2_000);
    shutdown.onSignal('SIGINT');
    expect(killed).toEqual(['PostgreSQL']);
    expect(exits).toEqual([130]);
    release();
    await shutdown.run();
  });
});

import { describe, expect, it } from '@jest/globals';
import { withTimeout } from './with-timeout.js';

describe('withTimeout', () => {
  it('answers what the work answers in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1_000, 'adding')).resolves.toBe(7);
    await expect(withTimeout(Promise.reject(new Error('refused')), 1_000, 'adding')).rejects.toThrow('refused');
  });

  it('rejects naming the work once the time is up', async () => {
    await expect(withTimeout(new Promise(() => undefined), 20, 'enqueueing the run')).rejects.toThrow('enqueueing the run took longer than 20 ms');
  });
});

import { describe, expect, it } from '@jest/globals';
import { BoundedConcurrency } from './bounded-concurrency.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setImmediate(r));

describe('BoundedConcurrency', () => {
  it('lets the caller go on while fewer than the limit are in flight, and waits at the limit', async () => {
    const bound = new BoundedConcurrency(2);
    const a = deferred();
    const b = deferred();
    await bound.add(a.promise);
    let returned = false;
    const adding = bound.add(b.promise).then(() => (returned = true));
    await tick();
    expect(returned).toBe(false);
    a.resolve();
    await adding;
    expect(returned).toBe(true);
    b.resolve();
    await bound.drain();
  });

  it('rethrows the first failure from add and from drain', async () => {
    const bound = new BoundedConcurrency(3);
    const a = deferred();
    await bound.add(a.promise);
    a.reject(new Error('first'));
    await tick();
    await expect(bound.add(Promise.reject(new Error('second')))).rejects.toThrow('first');
    await expect(bound.drain()).rejects.toThrow('first');
  });

  it('settle waits for everything without throwing', async () => {
    const bound = new BoundedConcurrency(5);
    const a = deferred();
    let done = false;
    await bound.add(a.promise.then(() => void (done = true)));
    await bound.add(Promise.reject(new Error('x'))).catch(() => undefined);
    const settling = bound.settle();
    a.resolve();
    await settling;
    expect(done).toBe(true);
  });
});

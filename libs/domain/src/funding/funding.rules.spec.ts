import { describe, expect, it } from '@jest/globals';
import { remainingAfter } from './funding.rules.js';

describe('stream budget arithmetic', () => {
  it('computes what remains after a commitment', () => {
    expect(remainingAfter(1000, 600, 400)).toBe(0);
    expect(remainingAfter(1000, 600, 401)).toBe(-1);
  });
});

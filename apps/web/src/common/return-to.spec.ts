import { describe, expect, it } from '@jest/globals';
import { safeReturnTo } from './return-to.js';

describe('safeReturnTo', () => {
  it.each(['/', '/awards/8d1c6a52-2f8e-4c39-9d0e-8f1b1e0e6a01', '/awards?page=2&sort=title', '/accessibility#contact'])('keeps the local path %s', (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    undefined,
    '',
    42,
    ['/awards'],
    'https://evil.example/',
    'http:/evil.example',
    '//evil.example/awards',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'awards',
    '/awards\u0000',
    '/awards\r\nSet-Cookie: x=1',
    '/awards\\..\\',
    '/sign-in',
    '/sign-in?returnTo=/x',
    '/sign-out',
    '/signed-out',
    `/${'a'.repeat(2001)}`,
  ])('sends %j home instead', (value) => expect(safeReturnTo(value)).toBe('/'));
});

import { describe, expect, it } from '@jest/globals';
import { inlineStylesOf, styleHash } from './security-headers.js';

describe("the queue dashboard's inline styles", () => {
  it('finds the text of every style attribute and <style> element, and nothing else', () => {
    const html = `<div style="display:flex;gap:0.5rem;"><span style=""></span></div>
      <p data-style="ignored">x</p><style>@keyframes x{}</style>`;
    expect(inlineStylesOf(html)).toEqual(['display:flex;gap:0.5rem;', '', '@keyframes x{}']);
    expect(inlineStylesOf('<p class="x">plain</p>')).toEqual([]);
  });

  it('hashes a text as CSP compares it', () => {
    // Expected from `printf '%s' '<text>' | openssl dgst -sha256 -binary | base64`.
    expect(styleHash('display:flex;gap:0.5rem;')).toBe('sha256-dg51HqBfD6n0yW6arUPC/pQLVghRZbOuP0gPg9FhCTw=');
    expect(styleHash('@keyframes x{}')).toBe('sha256-+arFuz/vd41bdyaKsuRghqOx5TD1BrmUZja8ZWi6j4E=');
  });
});

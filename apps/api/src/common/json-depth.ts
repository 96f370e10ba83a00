import type { IncomingMessage, ServerResponse } from 'node:http';

/** Far deeper than any request body of this API needs (the deepest DTOs nest three or four levels). */
export const MAX_BODY_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * body-parser's `verify` hook: refuses a JSON body nested deeper than MAX_BODY_DEPTH before it is
 * parsed. Parsing with a reviver, validating and transforming all recurse once per level, so
 * 5,000 levels in 10 KB ran out of stack and answered 400 "Maximum call stack size exceeded" (an
 * outside probe, on the unauthenticated login route among others). One pass over the raw bytes,
 * counting brackets outside strings (about 1 ms per 500 KB): in UTF-8 a quote or backslash byte
 * is always that character.
 * The thrown error carries status 400, which body-parser and Nest keep, with a message naming the limit.
 */
export function refuseDeepJson(_req: IncomingMessage, _res: ServerResponse, raw: Buffer): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > MAX_BODY_DEPTH) {
        throw Object.assign(new Error(`request bodies may nest at most ${MAX_BODY_DEPTH} levels of objects and arrays`), { status: 400, type: 'entity.too.deep' });
      }
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      depth--;
    }
  }
}

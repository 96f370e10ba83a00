/** Integer pence as pounds text, exact (no floating point): 80145600 -> "801456.00". */
export function penceToPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new Error(`not a whole number of pence: ${pence}`);
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * Integer pence as people write money: 123456 -> "£1,234.56", -1999 -> "-£19.99". Digits are
 * grouped by a loop, not a regular expression or Intl: a reconciliation run writes ~8,000 amounts
 * and every money cell of a page passes through here (test/bench/FINDINGS.md, reconciliation).
 */
export function formatPounds(pence: number): string {
  if (!Number.isSafeInteger(pence)) throw new Error(`not a whole number of pence: ${pence}`);
  const abs = Math.abs(pence);
  const whole = String(Math.trunc(abs / 100));
  const rest = abs % 100;
  const head = whole.length % 3 || 3;
  let grouped = whole.slice(0, head);
  for (let i = head; i < whole.length; i += 3) grouped += `,${whole.slice(i, i + 3)}`;
  return `${pence < 0 ? '-' : ''}£${grouped}.${rest < 10 ? '0' : ''}${rest}`;
}

/** Why typed money was refused; the caller words it for the field it came from. */
export type PoundsProblem = 'empty' | 'format' | 'precision' | 'too-large';

export type ParsedPounds = { ok: true; pence: number } | { ok: false; problem: PoundsProblem };

/** Digits with correctly placed thousands commas, or plain digits; then at most one point. */
const POUNDS_PATTERN = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d*))?$/;

/**
 * Money as people type it into a form: `1234.56`, `£1,234.56`, `1,234`, `£0.5` -> exact integer
 * pence, by string arithmetic (never a float). Refuses negative amounts, misplaced commas,
 * fractions of a penny and amounts beyond what pence can hold exactly.
 */
export function parsePounds(input: string | null | undefined): ParsedPounds {
  const text = (input ?? '').trim().replace(/^£\s*/, '');
  if (text === '') return { ok: false, problem: (input ?? '').trim() === '' ? 'empty' : 'format' };
  const match = POUNDS_PATTERN.exec(text);
  if (!match) return { ok: false, problem: 'format' };
  const whole = match[1]!.replace(/,/g, '');
  const fraction = match[2] ?? '';
  if (match[2] !== undefined && fraction.length === 0) return { ok: false, problem: 'format' };
  if (fraction.length > 2) return { ok: false, problem: 'precision' };
  const digits = (whole + fraction.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  if (digits.length > 16) return { ok: false, problem: 'too-large' };
  const pence = Number(digits);
  if (!Number.isSafeInteger(pence)) return { ok: false, problem: 'too-large' };
  return { ok: true, pence };
}

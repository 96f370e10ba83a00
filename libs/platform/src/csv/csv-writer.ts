import { stringify } from 'csv-stringify/sync';

/** One cell of a download: text, a number, or nothing (written as an empty cell). */
export type CsvCell = string | number | boolean | null | undefined;

/**
 * A download as rows: the header, then the data. The domain builds these; only this writer turns
 * them into CSV text, so every download gets the same escaping and the same injection defence.
 * A row may be shorter than `columns` (a blank separator line is `[]`).
 */
export interface CsvTable {
  columns: string[];
  rows: CsvCell[][];
}

/**
 * Characters a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"): `=`, `+`,
 * `-`, `@`, and tab and carriage return, which some spreadsheets skip before looking for one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A plain decimal such as `-5.00` or `-500`: a spreadsheet reads it as a number, never as a
 * formula, so it is left alone (OWASP allows exempting purely numeric cells). Anything more
 * (`-1+1`, `-2e5`, `+44 20 7946 0000`) is not exempt.
 */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A cell made safe to open in a spreadsheet: text that would start a formula gets a leading
 * single quote, which spreadsheets show as text and hide. Numbers (and plain decimal text, such
 * as negative pounds) are values, not formulas, and are written as they are so that recoveries
 * (negative amounts) still add up when opened.
 */
export function neutraliseCell(cell: CsvCell): string | number | boolean | null | undefined {
  if (typeof cell !== 'string') return typeof cell === 'number' && !Number.isFinite(cell) ? String(cell) : cell;
  if (!FORMULA_START.test(cell) || PLAIN_NUMBER.test(cell)) return cell;
  return `'${cell}`;
}

/** The table as CSV text (RFC 4180 quoting by csv-stringify), every cell neutralised. */
export function writeCsv(table: CsvTable): string {
  return stringify([table.columns, ...table.rows].map((row) => row.map(neutraliseCell)));
}

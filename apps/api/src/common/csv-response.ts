import type { Response } from 'express';
import { writeCsv, type CsvTable } from '#platform/index.js';

/**
 * Every CSV download goes through here: the domain hands over rows, the one writer
 * (libs/platform csv-writer) neutralises formulas, and the headers are the same everywhere. The
 * text is returned for a handler using `@Res({ passthrough: true })`.
 */
export function csvDownload(res: Response, filename: string, table: CsvTable): string {
  // Only a plain name reaches the header: no quotes, slashes or line breaks from a caller.
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '-');
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${safe}.csv"`);
  return writeCsv(table);
}

/** A report as JSON, or as a CSV download of its rows when `format=csv`. */
export function jsonOrCsv<T>(res: Response, format: 'json' | 'csv' | undefined, filename: string, report: T, rows: (report: T) => CsvTable): T | string {
  return format === 'csv' ? csvDownload(res, filename, rows(report)) : report;
}

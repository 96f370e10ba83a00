import type { Response } from 'express';
import { writeCsv, type CsvTable } from '#platform/index.js';

/**
 * A CSV download from a web page, as the API sends them (apps/api/src/common/csv-response.ts):
 * the one writer (libs/platform csv-writer) neutralises formulas; the file name is a plain name.
 * For a handler with `@Res({ passthrough: true })`: returns the text to send.
 */
export function csvDownload(res: Response, filename: string, table: CsvTable): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '-');
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${safe}.csv"`);
  return writeCsv(table);
}

import PDFDocument from 'pdfkit';
import { formatPounds } from '#platform/index.js';
import type { OutcomeLine } from '../reports/reports.types.js';
import type { PanelPackContents } from './panel.types.js';

/**
 * The panel pack as a PDF, laid out with pdfkit (its standard Helvetica needs no font files).
 * The words are in English here rather than in the web's catalogue: the worker renders it, and
 * it is one document with one audience. Tables are plain rows of text so the PDF reads back as
 * text (the test reads it).
 */

const MARGIN = 50;
const PAGE_WIDTH = 595.28; // A4 portrait

type Doc = InstanceType<typeof PDFDocument>;

const london = (iso: string) => new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' });
const figure = (v: number | string | null) => (v === null ? '-' : String(v));

function heading(doc: Doc, text: string): void {
  if (doc.y > 700) doc.addPage();
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).text(text, MARGIN).moveDown(0.3).font('Helvetica').fontSize(9);
}

/** One table: `widths` in points, the last column right-aligned when `numericFrom` says so. */
function table(doc: Doc, headers: string[], rows: string[][], widths: number[], numericFrom = headers.length): void {
  const line = (cells: string[], bold: boolean) => {
    if (doc.y > 760) doc.addPage();
    const top = doc.y;
    let x = MARGIN;
    let bottom = top;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    cells.forEach((cell, i) => {
      doc.text(cell, x, top, { width: widths[i]! - 4, align: i >= numericFrom ? 'right' : 'left' });
      bottom = Math.max(bottom, doc.y);
      x += widths[i]!;
    });
    doc.x = MARGIN;
    doc.y = bottom + 3;
  };
  line(headers, true);
  for (const row of rows) line(row, false);
  doc.fontSize(9).font('Helvetica');
}

function outcomeRows(lines: OutcomeLine[]): string[][] {
  return lines.map((l) => [l.title, l.framework, figure(l.baseline), figure(l.target), figure(l.actual), l.onTarget === null ? '-' : l.onTarget ? 'Yes' : 'No']);
}

export function renderPanelPackPdf(pack: PanelPackContents): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Panel pack ${pack.financialYear}`, Author: 'Ringfence' }, compress: true });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const full = PAGE_WIDTH - 2 * MARGIN;

  doc.font('Helvetica-Bold').fontSize(20).text(`Panel pack: financial year ${pack.financialYear}`);
  doc.moveDown(0.3).font('Helvetica').fontSize(10);
  doc.text(`Prepared ${london(pack.generatedAt)}`);
  doc.text(`Data source: ${pack.dataSource}`);
  doc.text(pack.published ? 'The grants table for this year is published.' : 'The grants table for this year is not published.');

  heading(doc, '1. Grants made, with their conditions');
  table(
    doc,
    ['Reference', 'Recipient', 'Purpose', 'Conditions', 'Amount'],
    pack.grants.rows.map((g) => [g.reference, g.organisation, g.purpose, g.conditions.map((c) => `${c.title} (${c.status})`).join('; ') || 'None', formatPounds(g.amountPence)]),
    [70, 100, 140, 105, full - 415],
    4,
  );
  doc.font('Helvetica-Bold').text(`Total granted: ${formatPounds(pack.grants.totalPence)} (${pack.grants.rows.length} grants)`, MARGIN).font('Helvetica');

  heading(doc, '2. Spend against budget per funding stream');
  const f = pack.finance;
  table(
    doc,
    ['Stream', 'Budget', 'Committed', 'Paid (net)', 'Reported spend', 'Remaining'],
    [
      ...f.rows.map((r) => [r.name, formatPounds(r.budgetPence), formatPounds(r.committedPence), formatPounds(r.netPaidPence), formatPounds(r.reportedSpendPence), formatPounds(r.remainingPence)]),
      ['Total', formatPounds(f.totals.budgetPence), formatPounds(f.totals.committedPence), formatPounds(f.totals.netPaidPence), formatPounds(f.totals.reportedSpendPence), formatPounds(f.totals.remainingPence)],
    ],
    [135, 72, 72, 72, 72, full - 423],
    1,
  );

  heading(doc, '3. Outcomes against targets');
  doc.text(`Counts about victims below ${pack.outcomes.smallNumberThreshold} are shown as <${pack.outcomes.smallNumberThreshold}; [c] marks a figure withheld so that a small one cannot be worked out.`);
  doc.moveDown(0.3);
  const widths = [150, 120, 55, 55, 55, full - 435];
  const outcomeHeaders = ['Indicator', 'Framework', 'Baseline', 'Target', 'Actual', 'On target'];
  if (pack.outcomes.year.indicators.length === 0) doc.text('No outcomes have been reported for this year.');
  else {
    doc.font('Helvetica-Bold').text('Whole year', MARGIN).font('Helvetica');
    table(doc, outcomeHeaders, outcomeRows(pack.outcomes.year.indicators), widths, 2);
    for (const s of pack.outcomes.streams) {
      doc.moveDown(0.3).font('Helvetica-Bold').text(s.name, MARGIN).font('Helvetica');
      table(doc, outcomeHeaders, outcomeRows(s.indicators), widths, 2);
    }
  }

  heading(doc, '4. Monitoring returns compliance');
  const r = pack.returns;
  doc.text(`As of ${r.asOf}: ${r.totalPeriods} reporting periods. ` + Object.entries(r.counts).map(([status, n]) => `${status.replace('_', ' ')}: ${n}`).join(', ') + '.');
  if (r.overdue.length) {
    doc.moveDown(0.3);
    table(doc, ['Award', 'Organisation', 'Period', 'Due', 'Working days overdue'], r.overdue.map((o) => [o.awardReference, o.organisation, o.key, o.dueDate, String(o.workingDaysOverdue)]), [80, 170, 70, 80, full - 400], 4);
  }

  heading(doc, '5. Open discrepancies');
  const rec = pack.reconciliation;
  if (!rec.latest) doc.text('No reconciliation of the whole year has finished yet.');
  else {
    doc.text(`Latest reconciliation finished ${london(String(rec.latest.finishedAt))}: ${rec.openTotal} open, ${rec.resolvedTotal} resolved since the run before.`);
    doc.moveDown(0.3);
    if (rec.open.length) table(doc, ['Severity', 'Code', 'Finding'], rec.open.map((d) => [d.severity, d.code, d.message]), [60, 140, full - 200]);
  }

  doc.end();
  return done;
}

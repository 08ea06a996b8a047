/**
 * Turning a business report into a CSV file and a bar chart. CSV follows RFC 4180 (quotes doubled, fields
 * with separators or line breaks quoted, CRLF), starts with a BOM so spreadsheet apps read UTF-8, and guards
 * against formula injection: a cell that starts with = + - @ (or a tab or carriage return) gets a leading
 * apostrophe, so a spreadsheet shows it as text instead of running it.
 */
import type { BusinessReport, ReportRow } from './log.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(',');
}

// A data export: the same column names in every UI language (with ISO dates and plain numbers in the rows),
// so that sheets, scripts and imports that read it by column name work for every agent.
export const CSV_HEADER = [
  'Name',
  'Email',
  'Phone',
  'Open tasks',
  'Overdue tasks',
  'Next due',
  'Last activity',
  'HighLevel contact id',
] as const;

export function reportCsv(report: Pick<BusinessReport, 'rows'>): string {
  const lines = [
    csvLine(CSV_HEADER),
    ...report.rows.map((row) =>
      csvLine([
        row.name,
        row.email,
        row.phone,
        row.openTasks,
        row.overdueTasks,
        row.nextDue,
        row.lastActivity,
        row.contactId,
      ]),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** A file name from the company's name and the report's date: letters, digits and dashes only. */
export function reportFileName(report: Pick<BusinessReport, 'business' | 'createdAt'>): string {
  const slug =
    report.business.name
      .normalize('NFD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'company';
  const date = new Date(report.createdAt);
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
  return `report-${slug}-${day}.csv`;
}

/** Saves `text` as a file through a Blob URL (no network, no data: URL), then releases the URL. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click has handed the URL to the download before this runs.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export interface ChartBar {
  contactId: string;
  label: string;
  open: number;
  overdue: number;
}

/** The contacts with the most overdue, then open, tasks: the ones worth a bar. */
export function chartBars(rows: readonly ReportRow[], max = 15): ChartBar[] {
  return rows
    .filter((row) => (row.openTasks ?? 0) > 0)
    .map((row) => ({
      contactId: row.contactId,
      label: row.name,
      open: row.openTasks ?? 0,
      overdue: row.overdueTasks ?? 0,
    }))
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.label.localeCompare(b.label))
    .slice(0, max);
}

export interface ReportTotals {
  contacts: number;
  withOpenTasks: number;
  open: number;
  overdue: number;
  unreadable: number;
}

export function reportTotals(rows: readonly ReportRow[]): ReportTotals {
  return {
    contacts: rows.length,
    withOpenTasks: rows.filter((row) => (row.openTasks ?? 0) > 0).length,
    open: rows.reduce((sum, row) => sum + (row.openTasks ?? 0), 0),
    overdue: rows.reduce((sum, row) => sum + (row.overdueTasks ?? 0), 0),
    unreadable: rows.filter((row) => row.openTasks === null).length,
  };
}

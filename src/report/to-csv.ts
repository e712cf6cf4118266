import type { CsvRow } from './csv-rows.js';

/** Text a spreadsheet would run as a formula (OWASP "CSV injection"); numbers are written as numbers and never match. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * RFC 4180: a field with a comma, quote, CR or LF is quoted, and quotes inside are doubled.
 * Text that starts like a formula gets a leading apostrophe, so a release titled "=HYPERLINK(…)" stays text in Excel.
 */
export function csvField(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lines end in CRLF, as RFC 4180 asks. */
export function csvLine(row: CsvRow | readonly string[]): string {
  return `${row.map(csvField).join(',')}\r\n`;
}

export function toCsv(header: readonly string[], rows: Iterable<CsvRow>): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(row);
  return out;
}

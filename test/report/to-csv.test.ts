import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/report/to-csv.js';

describe('CSV export (RFC 4180)', () => {
  it('leaves plain fields alone and writes nothing for missing values', () => {
    expect(csvField('R-1')).toBe('R-1');
    expect(csvField(42.5)).toBe('42.5');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(false)).toBe('false');
    expect(csvField(undefined)).toBe('');
  });

  it('quotes fields with commas, quotes and line breaks, doubling inner quotes', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('keeps text that looks like a spreadsheet formula as text', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('-rollback')).toBe("'-rollback");
  });

  it('writes a header and CRLF-terminated rows', () => {
    expect(toCsv(['id', 'title'], [['R-1', 'Fix, "now"'], ['R-2', undefined]])).toBe('id,title\r\nR-1,"Fix, ""now"""\r\nR-2,\r\n');
  });
});

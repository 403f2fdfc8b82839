// CSV for tabular categories (RFC 4180: comma-separated, CRLF, fields quoted when they hold a comma, quote or line
// break; quotes doubled). Written here rather than taken from a library: it is these few lines, and the package
// builder is pure domain code that imports nothing. A BOM makes spreadsheet programs read the UTF-8 Chinese right.

function field(value: unknown): string {
  const s =
    value === undefined || value === null
      ? ''
      : Array.isArray(value)
        ? value.map(String).join('; ')
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Columns: every field of every record, in first-seen order. */
export function toCsv(records: readonly Record<string, unknown>[]): string {
  const columns: string[] = [];
  for (const r of records) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  const lines = [columns.map(field).join(','), ...records.map((r) => columns.map((c) => field(r[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

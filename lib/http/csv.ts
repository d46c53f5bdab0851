// CSV text (RFC 4180) for downloads and exports. A cell starting with = + - @ (or a tab / carriage
// return) is prefixed with ' so a spreadsheet never runs text from an error body as a formula.
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

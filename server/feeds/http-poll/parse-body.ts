/** The body of a polled endpoint as a document: JSON, CSV (rows as objects by header) or XML. */
import { XMLParser } from 'fast-xml-parser';

export type BodyFormat = 'json' | 'csv' | 'xml';

export function parseBody(text: string, format: BodyFormat): unknown {
  if (format === 'json') return JSON.parse(text) as unknown;
  if (format === 'xml') {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: true });
    return parser.parse(text, true) as unknown;
  }
  return parseCsv(text);
}

/** RFC 4180: a header row, then rows; quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (quoted) {
      if (char === '"' && body[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && body[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new Error('a quoted CSV field is not closed');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((cells) => cells.some((cell) => cell !== ''));
  if (!header) return [];
  return data.map((cells) => Object.fromEntries(header.map((name, index) => [name.trim(), cells[index] ?? ''])));
}

/** A refusal of input that names what was wrong, in Vietnamese and English. */
export class InputError extends Error {
  readonly statusCode: number;
  readonly field: string | null;
  readonly messageVi: string;

  constructor(options: { field: string | null; en: string; vi: string; statusCode?: number }) {
    super(options.field ? `${options.field}: ${options.en}` : options.en);
    this.name = 'InputError';
    this.statusCode = options.statusCode ?? 400;
    this.field = options.field;
    this.messageVi = options.field ? `${options.field}: ${options.vi}` : options.vi;
  }
}

/** `/3/data/lat` → `events[3].data.lat` (how a feed author reads a path). */
export function fieldPath(root: string, instancePath: string): string {
  const parts = instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = root;
  for (const part of parts) out += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  return out;
}

/** Request headers as `@azure/functions` (a `Headers`) or a plain object gives them. */
export type HeaderSource =
  { get(name: string): string | null } | Readonly<Record<string, string | undefined>>;

/** Case-insensitive header lookup over either form; `undefined` when absent or empty. */
export function readHeader(headers: HeaderSource, name: string): string | undefined {
  let value: string | null | undefined;
  if (typeof headers.get === 'function') {
    value = (headers as { get(name: string): string | null }).get(name);
  } else {
    const wanted = name.toLowerCase();
    const record = headers as Readonly<Record<string, string | undefined>>;
    const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === wanted);
    value = key === undefined ? undefined : record[key];
  }
  return value === null || value === undefined || value === '' ? undefined : value;
}

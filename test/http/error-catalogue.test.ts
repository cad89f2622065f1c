import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/http/error-codes.js';

const catalogue = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');

/** The catalogue's table rows: `| \`Code\` | status | meaning | example | what to do |`. */
function catalogueRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of catalogue.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const code = /^`([A-Za-z]+)`$/.exec(cells[1] ?? '')?.[1];
    if (code) rows.set(code, cells.slice(1, -1));
  }
  return rows;
}

describe('docs/errors.md', () => {
  it('lists exactly the codes of the error table, each with its one status', () => {
    const rows = catalogueRows();
    expect([...rows.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect(rows.get(code)?.[1], `status of ${code}`).toBe(String(status));
    }
  });

  it('gives every code a meaning, an example and what to do', () => {
    for (const [code, cells] of catalogueRows()) {
      expect(
        cells.slice(2).every((cell) => cell.length > 0),
        `a cell of ${code} is empty`,
      ).toBe(true);
    }
  });
});

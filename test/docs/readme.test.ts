import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../../src/config/settings-catalog.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the README's configuration table, by setting name. */
function configurationRows(): Map<string, string[]> {
  const section = readme.split('## Configuration')[1]?.split('\n## ')[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells.slice(1, -1));
  }
  return rows;
}

describe('README', () => {
  it('shows the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('npm ci && npm test');
  });

  it('lists every setting the code reads, with its default, in the configuration table', () => {
    const rows = configurationRows();
    for (const setting of SETTINGS) {
      const row = rows.get(setting.name);
      expect(row, `${setting.name} is missing from the README's configuration table`).toBeDefined();
      const expectedDefault =
        'default' in setting
          ? `\`${setting.default}\``
          : 'required' in setting && setting.required
            ? 'required'
            : '—';
      expect(row?.[1], `default of ${setting.name}`).toBe(expectedDefault);
    }
  });
});

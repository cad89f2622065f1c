import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './example-runner.js';
import { anchorsOf, relativeLinks, slugOf } from './markdown-links.js';

/**
 * Issue 13: the docs and the code cite documents that exist. Every relative link in README.md and
 * docs/*.md reaches a file (and, with `#...`, a heading of it); every `docs/<name>.md` the code cites
 * exists; and nothing cites a design document outside the repository.
 */

const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');

/** Why a link from `from` to `target` does not resolve, or undefined when it does. */
function brokenBecause(from: string, target: string): string | undefined {
  const [pathPart = '', anchor] = target.split('#');
  const path =
    pathPart === '' ? from : relative(REPO_ROOT, join(REPO_ROOT, dirname(from), decodeURI(pathPart)));
  if (path.startsWith('..')) return `${path} is outside the repository`;
  if (!existsSync(join(REPO_ROOT, path))) return `${path} does not exist`;
  if (anchor === undefined) return undefined;
  if (statSync(join(REPO_ROOT, path)).isDirectory() || !path.endsWith('.md')) {
    return `#${anchor} on ${path}, which has no headings`;
  }
  return anchorsOf(read(path)).has(anchor) ? undefined : `${path} has no heading #${anchor}`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('links in the docs', () => {
  it('finds headings the way GitHub anchors them', () => {
    expect(slugOf('Following any Azure AI long-running operation (`azure-operation`)')).toBe(
      'following-any-azure-ai-long-running-operation-azure-operation',
    );
    expect([...anchorsOf('# A\n## Setup\n```sh\n# not a heading\n```\n## Setup\n')]).toEqual([
      'a',
      'setup',
      'setup-1',
    ]);
  });

  for (const file of DOCUMENTS) {
    it(`${file}: every relative link resolves`, () => {
      const broken = relativeLinks(read(file))
        .map((link) => ({ ...link, why: brokenBecause(file, link.target) }))
        .filter((link) => link.why !== undefined)
        .map((link) => `${file}:${link.line} (${link.target}): ${link.why}`);
      expect(broken).toEqual([]);
    });
  }
});

describe('citations in the code', () => {
  const files = [...sourceFiles('src'), ...sourceFiles('test'), ...sourceFiles('bin')];

  it('every docs/<name>.md the code cites exists, with the heading it names', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const match of read(file).matchAll(/\bdocs\/[\w.-]+\.md(?:#[\w-]+)?/g)) {
        const why = brokenBecause('README.md', match[0]);
        if (why) broken.push(`${file}: ${match[0]}: ${why}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('cites no design document outside the repository (DESIGN.md, seeds/README.md)', () => {
    const outside = files.filter(
      (file) => file !== 'test/docs/links.test.ts' && /\bDESIGN\b|seeds\/README\.md/.test(read(file)),
    );
    expect(outside).toEqual([]);
  });
});

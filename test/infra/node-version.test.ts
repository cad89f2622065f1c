import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The Node.js major Azure runs the app on; everything that names a Node.js version must agree. */
const AZURE_NODE_MAJOR = 22;

const read = (path: string): string => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('Node.js version', () => {
  it('is the same LTS in the Bicep runtime, the CI deploy job and @types/node', () => {
    const bicepRuntime = /runtime:\s*\{\s*name:\s*'node'\s*version:\s*'(\d+)'/.exec(
      read('infra/app/api.bicep'),
    );
    expect(bicepRuntime?.[1]).toBe(String(AZURE_NODE_MAJOR));

    const workflow = read('.github/workflows/ci.yml');
    const deployJob = workflow.slice(workflow.indexOf('\n  deploy:'));
    expect(/node-version:\s*(\d+)/.exec(deployJob)?.[1]).toBe(String(AZURE_NODE_MAJOR));
    const testMatrix = /node-version:\s*\[([^\]]+)\]/
      .exec(workflow)?.[1]
      ?.split(',')
      .map((v) => v.trim());
    expect(testMatrix).toContain(String(AZURE_NODE_MAJOR));

    const pkg = JSON.parse(read('package.json')) as {
      devDependencies: Record<string, string>;
      engines: { node: string };
    };
    expect(pkg.devDependencies['@types/node']?.split('.')[0]).toBe(String(AZURE_NODE_MAJOR));
    // engines admits every major CI tests on, and no lower one.
    const lowest = Math.min(...(testMatrix ?? []).map(Number));
    expect(pkg.engines.node).toBe(`>=${lowest}`);
  });

  it('runs the suite on a Node.js that package.json engines admits', () => {
    const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
    const minimum = Number(/^>=(\d+)$/.exec(pkg.engines.node)?.[1]);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(minimum);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listSourceFiles, scanSettingReads } from './setting-reads.js';

/** Writes `files` under a fresh temp root and scans `src/` there, as the consistency test scans the repo. */
const roots: string[] = [];
function scan(files: Record<string, string>, exclude: string[] = []): ReturnType<typeof scanSettingReads> {
  const root = mkdtempSync(join(tmpdir(), 'setting-reads-'));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return scanSettingReads(root, listSourceFiles(root, 'src', exclude));
}
const names = (result: ReturnType<typeof scanSettingReads>): string[] =>
  result.reads.map((read) => read.name).sort();

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

describe('Function: scanSettingReads', () => {
  it('finds reader calls however prettier broke the line, with the line of the name', () => {
    const result = scan({
      'src/a.ts': [
        "import { readJson, readPositiveInt } from './env.js';",
        'export const x = readPositiveInt(',
        '  env,',
        "  'POLLER_BATCH_SIZE',",
        '  100,',
        ');',
        "const y = readJson(env, 'EVENT_WEBHOOKS', []);",
      ].join('\n'),
    });
    expect(result.reads).toEqual([
      { name: 'POLLER_BATCH_SIZE', file: 'src/a.ts', line: 4 },
      { name: 'EVENT_WEBHOOKS', file: 'src/a.ts', line: 7 },
    ]);
  });

  it('finds env.X, env?.X, env[...] and process.env forms, but not other objects or comments', () => {
    const result = scan({
      'src/a.ts': [
        'const a = env.AzureWebJobsStorage__accountName;',
        "const b = env['AI_RESOURCES'] ?? process.env.PORT_X;",
        "const c = process.env['OTHER'];",
        'const d = env?.MAYBE;',
        'const e = options.env ?? process.env;',
        '// readString(env, "COMMENTED_OUT", "x") and env.NOPE',
        "const f = 'env.IN_A_STRING';",
      ].join('\n'),
    });
    expect(names(result)).toEqual([
      'AI_RESOURCES',
      'AzureWebJobsStorage__accountName',
      'MAYBE',
      'OTHER',
      'PORT_X',
    ]);
  });

  it('resolves constants, constant objects and template literals across files', () => {
    const result = scan({
      'src/names.ts': [
        "export const SETTINGS = { slack: 'SLACK_SIGNING_SECRET', teams: 'TEAMS_WEBHOOK_SECRET' } as const;",
        "export const PREFIX = 'AzureWebJobsStorage';",
      ].join('\n'),
      'src/use.ts': [
        "const SETTING = 'AI_RESOURCES';",
        'readOptionalString(env, SETTINGS.slack);',
        'readJson(env, SETTING, {});',
        'readOptionalString(env, `${PREFIX}__tableServiceUri`);',
      ].join('\n'),
    });
    expect(names(result)).toEqual([
      'AI_RESOURCES',
      'AzureWebJobsStorage__tableServiceUri',
      'SLACK_SIGNING_SECRET',
    ]);
  });

  it('expands ${prefix}__suffix with the connection prefix constants, including parameter defaults', () => {
    const result = scan({
      'src/definition.ts': "export const SERVICE_BUS_CONNECTION = 'ServiceBusConnection';",
      'src/bus.ts': [
        'export function connect(env: Env, prefix: string = SERVICE_BUS_CONNECTION) {',
        '  const direct = readOptionalString(env, prefix);',
        '  const ns = readOptionalString(',
        '    env,',
        '    `${prefix}__fullyQualifiedNamespace`,',
        '  );',
        '}',
        "app.serviceBusQueue('x', { connection: SERVICE_BUS_CONNECTION, queueName: 'q' });",
      ].join('\n'),
    });
    expect(names(result)).toEqual([
      'ServiceBusConnection',
      'ServiceBusConnection',
      'ServiceBusConnection__fullyQualifiedNamespace',
    ]);
  });

  it('reads setting fields of function definitions and ignores their type annotations', () => {
    const result = scan({
      'src/f.ts': [
        'interface T { scheduleSetting: string; queueSetting: string }',
        "const def = { kind: 'timer', scheduleSetting: 'POLLER_SCHEDULE', defaultSchedule: '*/10 * * * * *' };",
        'const pattern = /[\'"]/g; const q = { queueSetting: "COMMANDS_QUEUE" };',
      ].join('\n'),
    });
    expect(names(result)).toEqual(['COMMANDS_QUEUE', 'POLLER_SCHEDULE']);
  });

  it('reports names it can only partly resolve, and skips excluded folders and tests', () => {
    const result = scan(
      {
        'src/keys.ts': 'readOptionalString(env, `AI_KEY_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`);',
        'src/standalone/main.ts': 'const port = process.env.PORT;',
        'src/keys.test.ts': "readString(env, 'ONLY_IN_A_TEST', 'x');",
      },
      ['src/standalone'],
    );
    expect(result.reads).toEqual([]);
    expect(result.dynamic).toEqual([{ fragments: ['AI_KEY_'], file: 'src/keys.ts', line: 1 }]);
  });
});

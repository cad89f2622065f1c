import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useStandaloneHost } from '../harness/standalone.js';
import { jsonOf, runCli } from './run-cli.js';

/** Each test starts several CLI processes: seconds apiece on a loaded two-core machine. */
const CLI_PROCESSES = { timeout: 180_000 };

/** Issue 13: `cogops schedules | overrides | report` against the standalone host. */

const get = useStandaloneHost();
const cli = (...args: string[]) => runCli(args, { env: { COGOPS_URL: get().host.url } });
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const apiJson = async (path: string) => (await (await get().api(path)).json()) as Record<string, unknown>;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cogops-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const YAML_SCHEDULE = `# office hours in Berlin
name: office-hours
targets:
  - alias: jessica
timeZone: Europe/Berlin
suspendAt: "0 19 * * 1-5"
resumeAt: "0 7 * * 1-5"
exceptions:
  - "2099-12-25"
  - { from: "2099-12-24", to: "2100-01-01" }
`;

interface ScheduleJson {
  name: string;
  timeZone: string;
  next: { suspend: { local: string; utc: string } | null; resume: { local: string; utc: string } | null };
}

describe('cogops schedules', CLI_PROCESSES, () => {
  it('puts a schedule from YAML, shows it with its next transitions, round-trips it through JSON, and deletes it', async () => {
    const yamlFile = join(dir, 'office-hours.yaml');
    await writeFile(yamlFile, YAML_SCHEDULE);
    const created = await cli('schedules', 'put', '--file', yamlFile);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Created: Schedule office-hours$/m);

    const api = (await apiJson('/api/schedules/office-hours')) as unknown as ScheduleJson;
    expect(api.timeZone).toBe('Europe/Berlin');
    const shown = await cli('schedules', 'get', 'office-hours');
    expect(shown.stdout).toContain(`next suspend  ${api.next.suspend!.local} (${api.next.suspend!.utc})`);
    expect(shown.stdout).toContain(`next resume   ${api.next.resume!.local} (${api.next.resume!.utc})`);

    const listed = await cli('schedules', 'list');
    expect(listed.stdout).toMatch(
      new RegExp(`^office-hours\\s+Europe/Berlin\\s+yes\\s+\\S+\\s+${escape(api.next.suspend!.local)}`, 'm'),
    );

    // What `get --json` prints can be edited and put back as it is.
    const asJson = jsonOf<ScheduleJson>(await cli('schedules', 'get', 'office-hours', '--json'));
    const jsonFile = join(dir, 'office-hours.json');
    await writeFile(jsonFile, JSON.stringify({ ...asJson, resumeAt: '30 6 * * 1-5' }));
    const replaced = await cli('schedules', 'put', '--file', jsonFile, '--json');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(jsonOf(replaced)).toMatchObject({ name: 'office-hours', resumeAt: '30 6 * * 1-5' });

    const fromStdin = await runCli(['schedules', 'put', 'from-stdin', '--file', '-'], {
      env: { COGOPS_URL: get().host.url },
      stdin: YAML_SCHEDULE.replace('name: office-hours\n', ''),
    });
    expect(fromStdin.code, fromStdin.stderr).toBe(0);

    for (const name of ['office-hours', 'from-stdin']) {
      expect((await cli('schedules', 'delete', name)).code).toBe(0);
    }
    const gone = await cli('schedules', 'get', 'office-hours');
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('404 ScheduleNotFound');
  });

  it('refuses a file it cannot read as a schedule (exit 2), and shows the API error for a bad one (exit 3)', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'targets: [unclosed');
    const unreadable = await cli('schedules', 'put', 'x', '--file', broken);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('is not valid YAML');

    const wrongName = await cli('schedules', 'put', 'other-name', '--file', join(dir, 'office-hours.yaml'));
    expect(wrongName.code).toBe(2);

    const badZone = join(dir, 'bad-zone.yaml');
    await writeFile(
      badZone,
      YAML_SCHEDULE.replace('name: office-hours\n', '').replace('Europe/Berlin', 'Mars/Olympus'),
    );
    const refused = await cli('schedules', 'put', 'bad-zone', '--file', badZone);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/400 \w+: .*timeZone/);
    expect((await get().api('/api/schedules/bad-zone')).status).toBe(404);
  });
});

describe('cogops overrides and report', CLI_PROCESSES, () => {
  it('holds the endpoints running for a while, lists the override, ends it, and reports the hours', async () => {
    const file = join(dir, 'evenings.yaml');
    await writeFile(file, YAML_SCHEDULE.replace('office-hours', 'evenings'));
    expect((await cli('schedules', 'put', '--file', file)).code).toBe(0);

    const created = await cli(
      'overrides',
      'create',
      'evenings',
      '--hold',
      'running',
      '--for',
      '2h',
      '--json',
    );
    expect(created.code, created.stderr).toBe(0);
    const override = jsonOf<{ id: string; until: string; hold: string }>(created);
    expect(override.hold).toBe('running');
    const untilInMs = Date.parse(override.until) - Date.now();
    expect(untilInMs).toBeGreaterThan(110 * 60_000);
    expect(untilInMs).toBeLessThanOrEqual(120 * 60_000);

    const listed = await cli('overrides', 'list', 'evenings');
    expect(listed.stdout).toMatch(new RegExp(`^${override.id}\\s+running\\s+`, 'm'));

    const ended = await cli('overrides', 'end', 'evenings', override.id);
    expect(ended.code, ended.stderr).toBe(0);
    expect(jsonOf<{ value: unknown[] }>(await cli('overrides', 'list', 'evenings', '--json')).value).toEqual(
      [],
    );

    const past = await cli(
      'overrides',
      'create',
      'evenings',
      '--hold',
      'running',
      '--until',
      '2000-01-01T00:00:00Z',
    );
    expect(past.code).toBe(3);
    expect(past.stderr).toContain("'until' must be in the future");

    const report = await cli('report', 'evenings', '--days', '7', '--json');
    expect(report.code, report.stderr).toBe(0);
    const { from: _from, to: _to, ...figures } = await apiJson('/api/schedules/evenings/report?days=7');
    expect(jsonOf(report)).toMatchObject(figures);
    const human = await cli('report', 'evenings', '--days', '7');
    expect(human.stdout).toMatch(/^Schedule evenings: [\d.]+ h suspended in the last 7 days/m);
    expect(human.stdout).toMatch(/^ {2}jessica\s+[#.]{30}\s+[\d.]+ h$/m);
  });
});

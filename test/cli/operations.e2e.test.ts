import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { DEFAULT_SIMULATOR_KEY } from '../../src/simulator/server.js';
import { simulatorEndpointStatus } from '../harness/endpoint-probes.js';
import type { Operation } from '../harness/operation-client.js';
import { useStandaloneHost } from '../harness/standalone.js';
import { jsonOf, runCli } from './run-cli.js';

/** Each test starts several CLI processes: seconds apiece on a loaded two-core machine. */
const CLI_PROCESSES = { timeout: 180_000 };

/**
 * Issue 13: the `cogops` CLI as a user runs it, a real process against the standalone host over HTTP.
 */

const get = useStandaloneHost();
const cli = (...args: string[]) => runCli(args, { env: { COGOPS_URL: get().host.url } });
const apiOperation = async (id: string) =>
  (await (await get().api(`/api/operations/${id}`)).json()) as Operation;

describe('cogops suspend / resume', CLI_PROCESSES, () => {
  it('npx cogops suspend jessica --wait prints the finished suspend and exits 0; resume --json brings it back', async () => {
    const suspended = await runCli(['suspend', 'jessica', '--wait'], {
      env: { COGOPS_URL: get().host.url },
      command: ['npx', '--no', 'cogops'],
    });
    expect(suspended.code, suspended.stderr).toBe(0);
    expect(suspended.stdout).toMatch(/^Operation \S+: Succeeded$/m);
    expect(suspended.stdout).toContain('endpointStatus=Disabled');
    expect(suspended.stderr).toMatch(/Waiting for operation \S+: /);
    expect(await simulatorEndpointStatus(get().host.simulatorUrl!, SEED.endpointId)).toBe('Disabled');

    const resumed = await cli('resume', 'jessica', '--wait', '--json');
    expect(resumed.code, resumed.stderr).toBe(0);
    const operation = jsonOf<Operation>(resumed);
    expect(operation).toMatchObject({
      status: 'Succeeded',
      action: 'resume',
      target: { kind: 'customvoice-endpoint', resource: 'simulator', endpointId: SEED.endpointId },
    });
    expect(operation).toEqual(await apiOperation(operation.id));
    expect(await simulatorEndpointStatus(get().host.simulatorUrl!, SEED.endpointId)).toBe('Succeeded');
  });

  it('without --wait prints the accepted operation, and wait follows it to the end', async () => {
    const accepted = await cli(
      'suspend',
      '--resource',
      'simulator',
      '--endpoint-id',
      SEED.endpointId,
      '--json',
    );
    expect(accepted.code, accepted.stderr).toBe(0);
    const { id, status } = jsonOf<Operation>(accepted);
    expect(['NotStarted', 'Running']).toContain(status);

    const waited = await cli('wait', id, '--json');
    expect(waited.code, waited.stderr).toBe(0);
    expect(jsonOf<Operation>(waited)).toMatchObject({ id, status: 'Succeeded' });

    const shown = await cli('get', id, '--json');
    expect(jsonOf(shown)).toEqual(await apiOperation(id));
    await cli('resume', 'jessica', '--wait');
  });

  it('the same --idempotency-key gives the same operation', async () => {
    const key = `cli-${randomUUID()}`;
    const args = ['status-check', 'customvoice-endpoint', 'jessica', '--idempotency-key', key, '--json'];
    const first = jsonOf<Operation>(await cli(...args));
    const second = jsonOf<Operation>(await cli(...args));
    expect(first.id).toBe(key);
    expect(second.id).toBe(key);
  });
});

describe('cogops status-check', CLI_PROCESSES, () => {
  it('follows every target kind to Succeeded: the seed Face operation, the seed QnA job, an endpoint by alias, a custom voice operation', async () => {
    const face = await cli(
      'status-check',
      'face-operation',
      '--resource',
      'simulator',
      '--operation-id',
      SEED.faceOperationId,
      '--wait',
    );
    expect(face.code, face.stderr).toBe(0);
    expect(face.stdout).toMatch(/^Operation \S+: Succeeded$/m);

    const qna = await cli(
      'status-check',
      'qna-job',
      '--resource',
      'simulator',
      '--project-name',
      SEED.qnaProject,
      '--job-id',
      SEED.qnaJob,
      '--wait',
      '--json',
    );
    expect(qna.code, qna.stderr).toBe(0);
    expect(jsonOf<Operation>(qna).target).toEqual({
      kind: 'qna-job',
      resource: 'simulator',
      projectName: SEED.qnaProject,
      jobId: SEED.qnaJob,
    });

    const endpoint = await cli('status-check', 'customvoice-endpoint', 'jessica', '--wait', '--json');
    expect(endpoint.code, endpoint.stderr).toBe(0);
    expect(jsonOf<Operation>(endpoint).target.endpointId).toBe(SEED.endpointId);

    const suspend = jsonOf<Operation>(await cli('suspend', 'jessica', '--wait', '--json'));
    const voiceOperation = await cli(
      'status-check',
      'customvoice-operation',
      '--resource',
      'simulator',
      '--operation-id',
      suspend.upstream!.operationId!,
      '--wait',
      '--json',
    );
    expect(voiceOperation.code, voiceOperation.stderr).toBe(0);
    expect(jsonOf<Operation>(voiceOperation).status).toBe('Succeeded');
    await cli('resume', 'jessica', '--wait');
  });

  it('follows an azure-operation named by its --operation-location (a Document Intelligence analyze)', async () => {
    const started = await fetch(
      `${get().host.simulatorUrl}/documentintelligence/documentModels/prebuilt-layout:analyze?api-version=2024-11-30`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'Ocp-Apim-Subscription-Key': DEFAULT_SIMULATOR_KEY },
        body: JSON.stringify({ urlSource: 'https://docs.example/contract.pdf' }),
      },
    );
    expect(started.status).toBe(202);
    const operationLocation = started.headers.get('operation-location') ?? '';
    const result = await cli(
      'status-check',
      'azure-operation',
      '--resource',
      'simulator',
      '--operation-location',
      operationLocation,
      '--wait',
      '--json',
    );
    expect(result.code, result.stderr).toBe(0);
    expect(jsonOf<Operation>(result)).toMatchObject({
      status: 'Succeeded',
      target: { kind: 'azure-operation', resource: 'simulator', operationLocation },
    });
  });

  it('exits 1 and shows the service error when the operation fails', async () => {
    const operationId = randomUUID();
    await get().admin.putFaceOperation(operationId, {
      completeAfterSeconds: 1,
      finalStatus: 'failed',
      message: 'The snapshot is too big.',
    });
    const result = await cli(
      'status-check',
      'face-operation',
      '--resource',
      'simulator',
      '--operation-id',
      operationId,
      '--wait',
    );
    expect(result.code).toBe(1);
    const id = /^Operation (\S+): Failed$/m.exec(result.stdout)?.[1];
    const { error } = await apiOperation(id ?? '');
    expect(result.stdout).toContain(`${error!.code}: ${error!.message}`);
    expect(result.stdout).toContain('The snapshot is too big.');
  });

  it('exits 4 when --timeout runs out, and the operation goes on', async () => {
    const operationId = randomUUID();
    await get().admin.putFaceOperation(operationId, { status: 'running', completeAfterSeconds: 36_000 });
    const result = await cli(
      'status-check',
      'face-operation',
      '--resource',
      'simulator',
      '--operation-id',
      operationId,
      '--wait',
      '--timeout',
      '2s',
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/still (NotStarted|Running)/);
    const id = /Accepted operation (\S+)\./.exec(result.stderr)?.[1];
    expect(['NotStarted', 'Running']).toContain((await apiOperation(id ?? '')).status);
  });

  it('shows the API error code and message for bad input, and exits 3', async () => {
    const badId = await cli(
      'status-check',
      'face-operation',
      '--resource',
      'simulator',
      '--operation-id',
      'not-a-uuid',
    );
    expect(badId.code).toBe(3);
    expect(badId.stderr).toMatch(/400 InvalidUuid: 'target.operationId' must be a UUID/);

    const unknownResource = await cli(
      'suspend',
      '--resource',
      'nowhere',
      '--endpoint-id',
      SEED.endpointId,
      '--json',
    );
    expect(unknownResource.code).toBe(3);
    expect(jsonOf(unknownResource)).toMatchObject({ status: 400, error: { code: 'UnknownResource' } });

    const missing = await cli('get', 'no-such-operation');
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('404 OperationNotFound');
  });

  it('refuses a wrong command line without submitting anything, and exits 2', async () => {
    const operationCount = async () =>
      ((await (await get().api('/api/operations?top=1000')).json()) as { value: unknown[] }).value.length;
    const before = await operationCount();
    for (const args of [
      ['suspend'],
      ['suspend', 'nobody'],
      ['status-check', 'face-operation', '--resource', 'simulator'],
      ['status-check', 'azure-operation', '--resource', 'simulator'],
      ['status-check', 'teapot'],
      ['list', '--bogus'],
      ['frobnicate'],
    ]) {
      const result = await cli(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(/^cogops: /);
    }
    expect((await cli('suspend', 'nobody')).stderr).toContain(
      "No endpoint alias 'nobody'; the app knows jessica",
    );
    expect((await cli('status-check', 'face-operation', '--resource', 'simulator')).stderr).toContain(
      '--operation-id',
    );
    expect(await operationCount()).toBe(before);
  });
});

describe('cogops list', CLI_PROCESSES, () => {
  it('filters by status and kind, and --all follows nextLink to the last page', async () => {
    const face = jsonOf<Operation>(
      await cli(
        'status-check',
        'face-operation',
        '--resource',
        'simulator',
        '--operation-id',
        SEED.faceOperationId,
        '--wait',
        '--json',
      ),
    );
    const filtered = jsonOf<{ value: Operation[] }>(
      await cli('list', '--status', 'Succeeded', '--kind', 'face-operation', '--json'),
    );
    expect(filtered.value.map((o) => o.id)).toContain(face.id);
    expect(filtered.value.every((o) => o.status === 'Succeeded' && o.target.kind === 'face-operation')).toBe(
      true,
    );

    const firstPage = jsonOf<{ value: Operation[]; nextLink?: string }>(
      await cli('list', '--top', '1', '--json'),
    );
    expect(firstPage.value).toHaveLength(1);
    expect(firstPage.nextLink).toBeDefined();
    const everything = jsonOf<{ value: Operation[] }>(await cli('list', '--top', '2', '--all', '--json'));
    const direct = (await (await get().api('/api/operations?top=1000')).json()) as { value: Operation[] };
    expect(everything.value.map((o) => o.id).sort()).toEqual(direct.value.map((o) => o.id).sort());

    const human = await cli('list', '--kind', 'face-operation');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      new RegExp(`^${face.id}\\s+Succeeded\\s+status-check\\s+face-operation`, 'm'),
    );
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { SEED } from '../../src/simulator/seed.js';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';
import { call, KEY_HEADER } from './http.js';
import {
  basePath,
  definition,
  fieldNames,
  fillPath,
  operationById,
  operationOfExample,
  readFixture,
  readFixtureText,
  schemaViolations,
  type SwaggerDocument,
} from './swagger-check.js';

/**
 * The published examples (test/fixtures/azure-specs), sent to the simulator as they are written, and its
 * answers held against the examples and the swagger definitions. Values come from the examples and enums
 * from the swagger; nothing here restates what the simulator was written to say.
 */

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<
    string,
    { headers?: Record<string, string>; header?: Record<string, string>; body?: unknown }
  >;
}

// 50x: the seed Face operation and QnA job (3 simulated seconds) finish in 60 ms.
const sim = useSimulator({ timeScale: 50 });

beforeEach(async () => {
  // The examples reuse Operation-Ids across versions: each one starts from a freshly seeded simulator.
  await sim.admin().reset();
});

/** Which swagger describes each custom voice version. 2024-02-01-preview's swagger is not in the fixtures;
 * API-NOTES (section B, "Differences between custom voice versions") records that the operations used here
 * are identical to 2023-12-01-preview's, so that one stands in. */
const CUSTOM_VOICE_SWAGGER: Record<string, string> = {
  '2023-12-01-preview': 'customvoice/2023-12-01-preview/texttospeech.json',
  '2024-02-01-preview': 'customvoice/2023-12-01-preview/texttospeech.json',
  '2026-01-01': 'customvoice/2026-01-01/texttospeech.json',
};

const CUSTOM_VOICE_EXAMPLES = [
  ['2023-12-01-preview', 'suspend_endpoint.json'],
  ['2023-12-01-preview', 'resume_endpoint.json'],
  ['2023-12-01-preview', 'get_endpoint.json'],
  ['2024-02-01-preview', 'suspend_endpoint.json'],
  ['2024-02-01-preview', 'resume_endpoint.json'],
  ['2024-02-01-preview', 'get_endpoint.json'],
  ['2024-02-01-preview', 'get_operation.json'],
  ['2026-01-01', 'suspend_endpoint.json'],
  ['2026-01-01', 'resume_endpoint.json'],
  ['2026-01-01', 'get_endpoint.json'],
  ['2026-01-01', 'get_operation.json'],
] as const;

/** Puts the seed endpoint where the example's answer says it was, before sending the example's request. */
async function arrange(operationId: string, example: Example, status: string): Promise<void> {
  const admin = sim.admin();
  const body = example.responses[status]?.body as Record<string, unknown> | undefined;
  switch (operationId) {
    case 'Endpoints_Suspend':
      return; // the seed endpoint is active
    case 'Endpoints_Resume':
      await admin.putEndpoint(SEED.endpointId, { status: 'Disabled' });
      return;
    case 'Endpoints_Get':
      await admin.putEndpoint(SEED.endpointId, { status: body?.status as 'NotStarted' });
      return;
    case 'Operations_Get': {
      // An operation with the example's id, still running: a suspend that takes ten hours.
      await admin.putEndpoint(SEED.endpointId, { suspendSeconds: 36_000 });
      const started = await call(
        sim.url(),
        `/customvoice/endpoints/${SEED.endpointId}:suspend?api-version=${String(example.parameters['api-version'])}`,
        { method: 'POST', headers: { 'Operation-Id': String(example.parameters.id) } },
      );
      expect(started.status).toBe(202);
      return;
    }
    default:
      throw new Error(`No arrangement for ${operationId}`);
  }
}

describe.each(CUSTOM_VOICE_EXAMPLES)('custom voice %s example %s', (version, file) => {
  const example = readFixture<Example>(`customvoice/${version}/${file}`);
  const swagger = readFixture<SwaggerDocument>(CUSTOM_VOICE_SWAGGER[version]!);
  const { pathTemplate, method, operation } = operationOfExample(swagger, file);
  const [expectedStatus, expectedResponse] = Object.entries(example.responses)[0]!;

  it(`answers ${operation.operationId} as the example does`, async () => {
    expect(example.parameters['api-version']).toBe(version);
    await arrange(operation.operationId, example, expectedStatus);

    const exampleEndpoint = String(example.parameters.Endpoint).replace(/\/+$/, '');
    const path = `${basePath(swagger)}${fillPath(pathTemplate, example.parameters)}?api-version=${version}`;
    const headers: Record<string, string> = {};
    if (typeof example.parameters['Operation-Id'] === 'string') {
      headers['Operation-Id'] = example.parameters['Operation-Id'];
    }
    const answer = await call<Record<string, unknown>>(sim.url(), path, { method, headers });

    expect(answer.status).toBe(Number(expectedStatus));
    // Headers: the example's values, with the example's endpoint replaced by the simulator's.
    for (const [name, value] of Object.entries(expectedResponse?.headers ?? {})) {
      expect({ [name]: answer.headers.get(name) }).toEqual({
        [name]: value.replace(exampleEndpoint, sim.url()),
      });
    }
    for (const name of Object.keys(operation.responses[expectedStatus]?.headers ?? {})) {
      expect(answer.headers.get(name), `declared header ${name}`).not.toBeNull();
    }
    // Body: the swagger's schema (types, enums, patterns, required fields, nothing undeclared)...
    const schema = operation.responses[expectedStatus]?.schema;
    expect(schema).toBeDefined();
    expect(schemaViolations(answer.body, schema!, swagger)).toEqual([]);
    // ...the example's field names...
    expect(fieldNames(answer.body)).toEqual(fieldNames(expectedResponse?.body));
    // ...and its values, except the time of the last action (ours is when the test acted).
    const { lastActionDateTime: _exampleTime, ...expectedValues } = expectedResponse?.body as Record<
      string,
      unknown
    >;
    const { lastActionDateTime: _ourTime, ...values } = answer.body;
    expect(values).toEqual(expectedValues);
  });

  it(`answers ${operation.operationId} errors with the swagger's error response`, async () => {
    const parameters = { ...example.parameters, id: '00000000-0000-4000-8000-000000000000' };
    const path = `${basePath(swagger)}${fillPath(pathTemplate, parameters)}?api-version=${version}`;
    const answer = await call(sim.url(), path, { method });
    expect(answer.status).toBe(404);
    const errorResponse = operation.responses.default!;
    expect(schemaViolations(answer.body, errorResponse.schema!, swagger)).toEqual([]);
    const declared = Object.keys(errorResponse.headers ?? {});
    for (const name of declared) expect(answer.headers.has(name)).toBe(true);
    // Sent on every version, although only 2026-01-01 declares it (API-NOTES section 0).
    expect(answer.headers.get('x-ms-error-code')).toBe(
      (answer.body as { error: { code: string } }).error.code,
    );
  });
});

describe('custom voice enums', () => {
  it.each(Object.keys(CUSTOM_VOICE_SWAGGER))(
    '%s: the endpoint statuses the simulator goes through are Status values',
    async (version) => {
      const swagger = readFixture<SwaggerDocument>(CUSTOM_VOICE_SWAGGER[version]!);
      const statuses = definition(swagger, 'Status').enum!;
      const kinds = definition(swagger, 'EndpointKind').enum!;
      const operationStatuses = definition(swagger, 'OperationStatus').enum!;
      const admin = sim.admin();
      for (const kind of kinds) {
        // Every status the swagger lists can be set and is reported as it is.
        for (const status of statuses) {
          const body = await admin.putEndpoint(SEED.endpointId, {
            status: status as 'Succeeded',
            kind: kind as 'FastResume',
          });
          expect(body).toMatchObject({ status, properties: { kind } });
        }
      }
      // Those the simulator produces on its own, through a suspend and a resume.
      await admin.putEndpoint(SEED.endpointId, {
        status: 'Succeeded',
        suspendSeconds: 0.5,
        resumeSeconds: 0.5,
      });
      for (const verb of ['suspend', 'resume']) {
        const started = await call<{ status: string }>(
          sim.url(),
          `/customvoice/endpoints/${SEED.endpointId}:${verb}?api-version=${version}`,
          { method: 'POST' },
        );
        expect(statuses).toContain(started.body.status);
        const location = new URL(started.headers.get('operation-location')!);
        const final = await waitFor(async () => {
          const answer = await call<{ status: string }>(sim.url(), `${location.pathname}${location.search}`);
          expect(operationStatuses).toContain(answer.body.status);
          return answer.body.status === 'Succeeded' ? answer : undefined;
        });
        expect(final.status).toBe(200);
      }
    },
  );
});

describe('Face GetSnapshotOperationStatus example', () => {
  // The v1.0-preview example is not in the fixtures; the stable v1.0 one stands in (SOURCES.md).
  const example = readFixture<Example>('face/v1.0/GetSnapshotOperationStatus.json');
  const exampleBody = example.responses['200']!.body as Record<string, unknown>;

  /** Face's swagger is not kept; its `OperationStatusType` enum is in API-NOTES section C. */
  function faceStatusEnum(): string[] {
    const notes = readFixtureText('API-NOTES.md');
    const faceSection = notes.slice(notes.indexOf('## C. Face'), notes.indexOf('## D.'));
    const row = faceSection.split('\n').find((line) => line.startsWith('| `status` |'));
    return [...(row ?? '').matchAll(/`([a-z]\w*)`/g)]
      .map((match) => match[1]!)
      .filter((word) => word !== 'status');
  }

  it('answers the example request with the example body, location given as resourceLocation', async () => {
    const statuses = faceStatusEnum();
    expect(statuses).toHaveLength(4);
    const answer = await waitFor(async () => {
      const reply = await call<Record<string, unknown>>(
        sim.url(),
        `/face/v1.0-preview/operations/${String(example.parameters.operationId)}`,
        { headers: KEY_HEADER },
      );
      return reply.body.status === exampleBody.status ? reply : undefined;
    });
    expect(answer.status).toBe(200);
    expect(statuses).toContain(answer.body.status);
    // The schema (and the seed page) say resourceLocation where the v1.0 example says location;
    // message is omitted on success and finishedTime is an optional field of the schema.
    const { location, message: _nullOnSuccess, ...rest } = exampleBody;
    const expectedNames = fieldNames({ ...rest, resourceLocation: location, finishedTime: '' });
    expect(fieldNames(answer.body)).toEqual(expectedNames);
    expect(answer.body.resourceLocation).toBe(location);
    for (const name of ['createdTime', 'lastActionTime', 'finishedTime']) {
      expect({ [name]: Number.isNaN(Date.parse(String(answer.body[name]))) }).toEqual({ [name]: false });
    }
  });

  it('answers errors as APIError { error: { code, message } }', async () => {
    const answer = await call<Record<string, unknown>>(
      sim.url(),
      '/face/v1.0-preview/operations/00000000-0000-4000-8000-000000000000',
    );
    expect(answer.status).toBe(404);
    expect(fieldNames(answer.body)).toEqual(['error', 'error.code', 'error.message']);
  });
});

describe('QnA SuccessfulUpdateSourcesJobStatus example', () => {
  const example = readFixture<Example>('qna/2023-04-01/SuccessfulUpdateSourcesJobStatus.json');
  const swagger = readFixture<SwaggerDocument>('qna/2023-04-01/questionanswering-authoring.json');
  // The update-sources example stands in for the update-qnas one, which has the same body (SOURCES.md).
  const { pathTemplate, method, operation } = operationById(
    swagger,
    'QuestionAnsweringProjects_GetUpdateQnasStatus',
  );
  const exampleBody = example.responses['200']!.body as Record<string, unknown>;
  const path = `${basePath(swagger)}${fillPath(pathTemplate, example.parameters)}?api-version=${String(example.parameters['api-version'])}`;

  it('answers the example request like the example, within the swagger job state', async () => {
    const answer = await waitFor(async () => {
      const reply = await call<Record<string, unknown>>(sim.url(), path, { method });
      return reply.body.status === exampleBody.status ? reply : undefined;
    });
    expect(answer.status).toBe(200);
    expect(schemaViolations(answer.body, operation.responses['200']!.schema!, swagger)).toEqual([]);
    expect(fieldNames(answer.body)).toEqual(fieldNames(exampleBody));
    expect(answer.body.errors).toEqual(exampleBody.errors);
  });

  // notStarted turns running after one simulated second whatever the completion time; at a hundredth of
  // real speed that is 100 s, so every status set below is still the one reported when it is read.
  const slowSim = useSimulator({ timeScale: 0.01 });

  it('reports every jobStatus of the swagger, errors as Azure.Core.Foundations.Error', async () => {
    const statuses = definition(swagger, 'jobStatus').enum as string[];
    for (const status of statuses) {
      await slowSim.admin().putQnaJob(SEED.qnaProject, SEED.qnaJob, {
        status: status as 'running',
        completeAfterSeconds: 36_000,
      });
      const answer = await call<Record<string, unknown>>(slowSim.url(), path, { method });
      expect(answer.body.status).toBe(status);
      expect(schemaViolations(answer.body, operation.responses['200']!.schema!, swagger)).toEqual([]);
    }
  });

  it('answers errors with the swagger ErrorResponse and its x-ms-error-code header', async () => {
    const unknownJob = path.replace(`/jobs/${String(example.parameters.jobId)}`, '/jobs/no-such-job');
    const answer = await call(sim.url(), unknownJob, { method });
    expect(answer.status).toBe(404);
    const errorResponse = operation.responses.default!;
    expect(schemaViolations(answer.body, errorResponse.schema!, swagger)).toEqual([]);
    for (const name of Object.keys(errorResponse.headers ?? {})) expect(answer.headers.has(name)).toBe(true);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { useSimulator } from '../harness/simulator.js';
import { waitFor } from '../harness/wait-for.js';
import { call, type Answer } from './http.js';
import {
  basePath,
  definition,
  fieldNames,
  fillPath,
  operationById,
  operationOfExample,
  readFixture,
  schemaViolations,
  type SwaggerDocument,
  type SwaggerOperation,
} from './swagger-check.js';

/**
 * The start-and-poll services (Document Intelligence analyze 2024-11-30, document translation batches
 * 2024-05-01, Language analyze-text jobs 2023-04-01), held against the published examples and swagger
 * extracts in test/fixtures/azure-specs (SOURCES.md) as conformance.test.ts holds the others: the example
 * request sent as written, its answer checked against the swagger schema, the example's field names and its
 * values. Enums come from the swagger; nothing here restates what the simulator was written to say.
 */

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { headers?: Record<string, string>; body?: unknown }>;
}

// 50x: an operation's three simulated seconds pass in 60 ms.
const sim = useSimulator({ timeScale: 50 });
// A hundredth of real speed: whatever status the admin API sets is still the one reported when read.
const slowSim = useSimulator({ timeScale: 0.01 });

beforeEach(async () => {
  await sim.admin().reset();
  await slowSim.admin().reset();
});

const UUID_SOURCE = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** Whether `pathname` is an instance of the swagger path template under the document's base path. */
function matchesTemplate(pathname: string, document: SwaggerDocument, template: string): boolean {
  const pattern = `${basePath(document)}${template}`
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${pattern}$`).test(pathname);
}

/** The status monitor named by a 202 answer, as a path and query to call on the simulator. */
function monitorOf(answer: Answer, header = 'operation-location'): string {
  const location = answer.headers.get(header);
  expect(location, header).not.toBeNull();
  const url = new URL(location!);
  return `${url.pathname}${url.search}`;
}

/** Polls the monitor until `status` is `wanted`, checking every answer against the schema on the way. */
async function pollUntil(
  baseUrl: string,
  monitor: string,
  wanted: string,
  schemaOf: (body: unknown) => string[],
): Promise<{ final: Answer<Record<string, unknown>>; seen: string[] }> {
  const seen: string[] = [];
  const final = await waitFor(async () => {
    const answer = await call<Record<string, unknown>>(baseUrl, monitor);
    expect(answer.status).toBe(200);
    expect(schemaOf(answer.body)).toEqual([]);
    const status = String(answer.body.status);
    if (seen.at(-1) !== status) seen.push(status);
    return status === wanted ? answer : undefined;
  });
  return { final, seen };
}

function responseSchema(operation: SwaggerOperation, status: string) {
  const schema = operation.responses[status]?.schema;
  expect(schema, `schema of ${operation.operationId} ${status}`).toBeDefined();
  return schema!;
}

describe('Document Intelligence 2024-11-30 analyze', () => {
  const swagger = readFixture<SwaggerDocument>(
    'documentintelligence/2024-11-30/DocumentIntelligence.extract.json',
  );
  const example = readFixture<Example>('documentintelligence/2024-11-30/AnalyzeDocument_Url.json');
  const start = operationOfExample(swagger, 'AnalyzeDocument_Url.json');
  const result = operationById(swagger, 'DocumentModels_GetAnalyzeResult');
  const operationSchema = responseSchema(result.operation, '200');
  const statuses = definition(swagger, 'DocumentIntelligenceOperationStatus').enum as string[];
  const parameters = example.parameters;
  const query = ['pages', 'locale', 'stringIndexType']
    .map((name) => `${name}=${encodeURIComponent(String(parameters[name]))}`)
    .join('&');
  const startPath = `${basePath(swagger)}${fillPath(start.pathTemplate, parameters)}?api-version=${String(parameters['api-version'])}&${query}`;
  const startBody = JSON.stringify(parameters.analyzeRequest);
  const json = { 'content-type': 'application/json' };

  it('answers the example request 202 with the declared headers and an Operation-Location like the example', async () => {
    const answer = await call(sim.url(), startPath, { method: start.method, headers: json, body: startBody });
    expect(answer.status).toBe(202);
    for (const name of Object.keys(start.operation.responses['202']?.headers ?? {})) {
      expect(answer.headers.get(name), `declared header ${name}`).not.toBeNull();
    }
    // The example's location with its endpoint replaced by the simulator's and its result id by any UUID.
    const exampleLocation = example.responses['202']!.headers!['Operation-Location']!;
    const expected = exampleLocation
      .replace(String(parameters.endpoint), sim.url())
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(new RegExp(UUID_SOURCE, 'i'), UUID_SOURCE);
    expect(answer.headers.get('operation-location')).toMatch(new RegExp(`^${expected}$`));
    expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      matchesTemplate(
        new URL(answer.headers.get('operation-location')!).pathname,
        swagger,
        result.pathTemplate,
      ),
    ).toBe(true);
  });

  it('moves the status monitor through the swagger statuses to succeeded, an AnalyzeOperation throughout', async () => {
    const started = await call(sim.url(), startPath, {
      method: start.method,
      headers: json,
      body: startBody,
    });
    const { final, seen } = await pollUntil(sim.url(), monitorOf(started), 'succeeded', (body) =>
      schemaViolations(body, operationSchema, swagger),
    );
    for (const status of seen) expect(statuses).toContain(status);
    const analyzeResult = final.body.analyzeResult as Record<string, unknown>;
    expect(analyzeResult).toMatchObject({
      apiVersion: parameters['api-version'],
      modelId: parameters.modelId,
      stringIndexType: parameters.stringIndexType,
    });
    expect(final.body.error).toBeUndefined();
  });

  it('reports every status an analyze operation can be in as an AnalyzeOperation, errors as DocumentIntelligenceError', async () => {
    const started = await call(slowSim.url(), startPath, {
      method: start.method,
      headers: json,
      body: startBody,
    });
    const monitor = monitorOf(started);
    const resultId = /analyzeResults\/([^?]+)/.exec(monitor)![1]!;
    // `skipped` is the status of one document of a batch analysis, never of an analyze operation.
    for (const status of statuses.filter((word) => word !== 'skipped')) {
      await slowSim.admin().putDocumentAnalysis(resultId, {
        status: status as 'running',
        completeAfterSeconds: 36_000,
      });
      const answer = await call<Record<string, unknown>>(slowSim.url(), monitor);
      expect(answer.body.status).toBe(status);
      expect(schemaViolations(answer.body, operationSchema, swagger)).toEqual([]);
      expect(answer.body.error !== undefined).toBe(status === 'failed');
    }
  });

  it('answers an unknown result, an unknown model and a missing key with DocumentIntelligenceErrorResponse', async () => {
    const errorSchema = responseSchema(result.operation, 'default');
    const unknownResult = await call(
      sim.url(),
      `${basePath(swagger)}${fillPath(result.pathTemplate, { modelId: String(parameters.modelId), resultId: '00000000-0000-4000-8000-000000000000' })}?api-version=2024-11-30`,
    );
    const unknownModel = await call(sim.url(), startPath.replace('/customModel:', '/noSuchModel:'), {
      method: 'POST',
      headers: json,
      body: startBody,
    });
    const noKey = await fetch(`${sim.url()}${startPath}`, { method: 'POST', headers: json, body: startBody });
    const noKeyBody: unknown = await noKey.json();
    expect([unknownResult.status, unknownModel.status, noKey.status]).toEqual([404, 404, 401]);
    for (const body of [unknownResult.body, unknownModel.body, noKeyBody]) {
      expect(schemaViolations(body, errorSchema, swagger)).toEqual([]);
    }
  });
});

describe('Document translation 2024-05-01 batches', () => {
  const swagger = readFixture<SwaggerDocument>('translator/2024-05-01/openapi.extract.json');
  const startExample = readFixture<Example>('translator/2024-05-01/batch.json');
  const statusExample = readFixture<Example>('translator/2024-05-01/operation.json');
  const start = operationOfExample(swagger, 'batch.json');
  const status = operationOfExample(swagger, 'operation.json');
  const statusSchema = responseSchema(status.operation, '200');
  const statuses = definition(swagger, 'Status').enum as string[];
  const startPath = `${basePath(swagger)}${fillPath(start.pathTemplate, startExample.parameters)}?api-version=${String(startExample.parameters['api-version'])}`;
  const startBody = JSON.stringify(startExample.parameters.body);
  const json = { 'content-type': 'application/json' };

  it('answers the example request 202 with the declared location, the same URL as Operation-Location', async () => {
    const answer = await call(sim.url(), startPath, { method: start.method, headers: json, body: startBody });
    expect(answer.status).toBe(202);
    for (const name of Object.keys(start.operation.responses['202']?.headers ?? {})) {
      expect(answer.headers.get(name), `declared header ${name}`).not.toBeNull();
    }
    // The example's own location value puts the id after the query (".../batches?api-version=.../{id}"),
    // which no client can follow; the path template of the status operation is what the URL must match.
    expect(answer.headers.get('location')).toBe(answer.headers.get('operation-location'));
    const monitor = new URL(answer.headers.get('operation-location')!);
    expect(matchesTemplate(monitor.pathname, swagger, status.pathTemplate)).toBe(true);
    expect(monitor.pathname).toMatch(new RegExp(`/${UUID_SOURCE}$`));
    expect(monitor.searchParams.get('api-version')).toBe(startExample.parameters['api-version']);
  });

  it('moves the batch through the swagger statuses to Succeeded, a TranslationStatus like the example', async () => {
    const started = await call(sim.url(), startPath, {
      method: start.method,
      headers: json,
      body: startBody,
    });
    const monitor = monitorOf(started);
    const { final, seen } = await pollUntil(sim.url(), monitor, 'Succeeded', (body) =>
      schemaViolations(body, statusSchema, swagger),
    );
    for (const word of seen) expect(statuses).toContain(word);
    // The example names the id `translationId` where its own schema requires `id`; the schema wins.
    const exampleBody = statusExample.responses['200']!.body as Record<string, unknown>;
    const { translationId, ...rest } = exampleBody;
    expect(fieldNames(final.body)).toEqual(fieldNames({ ...rest, id: translationId }));
    expect(final.body.id).toBe(/([^/?]+)\?/.exec(monitor)![1]);
    // One document per target of the example's single input.
    const targets = (startExample.parameters.body as { inputs: { targets: unknown[] }[] }).inputs[0]!.targets;
    expect(final.body.summary).toMatchObject({ total: targets.length, success: targets.length, failed: 0 });
  });

  it('reports every Status of the swagger as a TranslationStatus, errors as TranslationError', async () => {
    const started = await call(slowSim.url(), startPath, {
      method: start.method,
      headers: json,
      body: startBody,
    });
    const monitor = monitorOf(started);
    const id = /([^/?]+)\?/.exec(monitor)![1]!;
    for (const word of statuses) {
      await slowSim
        .admin()
        .putTranslationBatch(id, { status: word as 'Running', completeAfterSeconds: 36_000 });
      const answer = await call<Record<string, unknown>>(slowSim.url(), monitor);
      expect(answer.body.status).toBe(word);
      expect(schemaViolations(answer.body, statusSchema, swagger)).toEqual([]);
      expect(answer.body.error !== undefined).toBe(word === 'Failed' || word === 'ValidationFailed');
      // The example shows retry-after on a status answer: the simulator sends it while the batch is on its way.
      expect(answer.headers.has('retry-after')).toBe(['NotStarted', 'Running', 'Cancelling'].includes(word));
    }
  });

  it('answers an unknown batch and a body without inputs with Azure.Core.Foundations.ErrorResponse and x-ms-error-code', async () => {
    const unknown = await call(
      sim.url(),
      `${basePath(swagger)}${fillPath(status.pathTemplate, { id: '00000000-0000-4000-8000-000000000000' })}?api-version=2024-05-01`,
    );
    const empty = await call(sim.url(), startPath, { method: 'POST', headers: json, body: '{}' });
    expect([unknown.status, empty.status]).toEqual([404, 400]);
    for (const [answer, operation] of [
      [unknown, status.operation],
      [empty, start.operation],
    ] as const) {
      const errorResponse = operation.responses.default!;
      expect(schemaViolations(answer.body, errorResponse.schema!, swagger)).toEqual([]);
      for (const name of Object.keys(errorResponse.headers ?? {}))
        expect(answer.headers.has(name)).toBe(true);
    }
  });
});

describe('Language 2023-04-01 analyze-text jobs', () => {
  const swagger = readFixture<SwaggerDocument>('language/2023-04-01/analyzetext.extract.json');
  const submitExample = readFixture<Example>(
    'language/2023-04-01/SuccessfulAnalyzeTextJobsMultipleTaskSubmitRequest.json',
  );
  const statusExample = readFixture<Example>(
    'language/2023-04-01/SuccessfulAnalyzeTextJobsMultipleTaskStatusRequest.json',
  );
  const submit = operationById(swagger, 'AnalyzeTextSubmitJob');
  const status = operationOfExample(swagger, 'SuccessfulAnalyzeTextJobsMultipleTaskStatusRequest.json');
  const stateSchema = responseSchema(status.operation, '200');
  const states = definition(swagger, 'State').enum as string[];
  const submitPath = `${basePath(swagger)}${submit.pathTemplate}?api-version=${String(submitExample.parameters['api-version'])}`;
  const submitBody = JSON.stringify(submitExample.parameters.body);
  const json = { 'content-type': 'application/json' };

  it('answers the example request 202 with an Operation-Location on the status path of the example', async () => {
    const answer = await call(sim.url(), submitPath, { method: 'POST', headers: json, body: submitBody });
    expect(answer.status).toBe(202);
    for (const name of Object.keys(submit.operation.responses['202']?.headers ?? {})) {
      expect(answer.headers.get(name), `declared header ${name}`).not.toBeNull();
    }
    // The example writes "{endpoint}/language/analyze-text/jobs/{jobId}"; the service adds the api-version.
    const exampleLocation = submitExample.responses['202']!.headers!['Operation-Location']!;
    const monitor = new URL(answer.headers.get('operation-location')!);
    const examplePath = exampleLocation.replace('{endpoint}', '').replace('{jobId}', '');
    expect(monitor.pathname).toMatch(new RegExp(`^${examplePath}${UUID_SOURCE}$`));
    expect(matchesTemplate(monitor.pathname, swagger, status.pathTemplate)).toBe(true);
    expect(monitor.searchParams.get('api-version')).toBe(submitExample.parameters['api-version']);
  });

  it('moves the job through State to succeeded, an AnalyzeTextJobState like the example', async () => {
    const started = await call(sim.url(), submitPath, { method: 'POST', headers: json, body: submitBody });
    const { final, seen } = await pollUntil(sim.url(), monitorOf(started), 'succeeded', (body) =>
      schemaViolations(body, stateSchema, swagger),
    );
    for (const word of seen) expect(states).toContain(word);
    const exampleBody = statusExample.responses['200']!.body as Record<string, unknown>;
    // The simulator analyses no text: each task item carries its state but no `results`.
    const withoutResults = (names: string[]) =>
      names.filter((name) => !name.startsWith('tasks.items.results'));
    expect(fieldNames(final.body)).toEqual(withoutResults(fieldNames(exampleBody)));
    const exampleTasks = exampleBody.tasks as { items: Record<string, unknown>[] } & Record<string, unknown>;
    const tasks = final.body.tasks as { items: Record<string, unknown>[] } & Record<string, unknown>;
    expect(final.body.displayName).toBe(exampleBody.displayName);
    const counts = (value: Record<string, unknown>) =>
      Object.fromEntries(['completed', 'failed', 'inProgress', 'total'].map((name) => [name, value[name]]));
    expect(counts(tasks)).toEqual(counts(exampleTasks));
    const itemsOf = (items: Record<string, unknown>[]) =>
      items.map(({ kind, taskName, status: word }) => ({ kind, taskName, status: word }));
    expect(itemsOf(tasks.items)).toEqual(itemsOf(exampleTasks.items));
  });

  it('reports every State of the swagger as an AnalyzeTextJobState, errors as Error items', async () => {
    const started = await call(slowSim.url(), submitPath, {
      method: 'POST',
      headers: json,
      body: submitBody,
    });
    const monitor = monitorOf(started);
    const jobId = /jobs\/([^?]+)/.exec(monitor)![1]!;
    for (const word of states) {
      await slowSim.admin().putTextJob(jobId, { status: word as 'running', completeAfterSeconds: 36_000 });
      const answer = await call<Record<string, unknown>>(slowSim.url(), monitor);
      expect(answer.body.status).toBe(word);
      expect(schemaViolations(answer.body, stateSchema, swagger)).toEqual([]);
      expect(answer.body.errors !== undefined).toBe(word === 'failed' || word === 'partiallyCompleted');
    }
  });

  it('answers an unknown job and a job without tasks with ErrorResponse and x-ms-error-code', async () => {
    const unknown = await call(
      sim.url(),
      `${basePath(swagger)}${fillPath(status.pathTemplate, { jobId: '00000000-0000-4000-8000-000000000000' })}?api-version=2023-04-01`,
    );
    const body = submitExample.parameters.body as Record<string, unknown>;
    const noTasks = await call(sim.url(), submitPath, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...body, tasks: [] }),
    });
    expect([unknown.status, noTasks.status]).toEqual([404, 400]);
    for (const [answer, operation] of [
      [unknown, status.operation],
      [noTasks, submit.operation],
    ] as const) {
      const errorResponse = operation.responses.default!;
      expect(schemaViolations(answer.body, errorResponse.schema!, swagger)).toEqual([]);
      for (const name of Object.keys(errorResponse.headers ?? {}))
        expect(answer.headers.has(name)).toBe(true);
    }
  });
});

import { HttpRequest, InvocationContext, type HttpResponseInit, type Timer } from '@azure/functions';
import { TableClient } from '@azure/data-tables';
import type { FunctionDefinition, HttpFunctionDefinition } from '../../src/functions/definition.js';
import type { OperationRecord } from '../../src/domain/operation.js';
import type { ScheduleDeps } from '../../src/schedules/deps.js';
import { createScheduleFunctions } from '../../src/functions/schedules.js';
import { createTableScheduleStore } from '../../src/schedules/table-schedule-store.js';
import type { OperationStore } from '../../src/storage/operation-store.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';
import { ManualClock, RecordingSubmit } from './fakes.js';

export const JESSICA = '9f50c644-2121-40e9-9ea7-544e48bfe3cb';
export const MARK = '0b0c8b5e-7f06-4c1e-9a55-3b8e2f1d6a10';
export const RESOURCE = 'speech-we';

/**
 * The schedule functions over a real Table store (Azurite), a hand-moved clock, and a `SubmitCommand` that
 * keeps what would be enqueued. `history` feeds the savings report.
 */
export async function createScheduleHarness(start: string) {
  const table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('sched'), {
    allowInsecureConnection: true,
  });
  await table.createTable();
  const clock = new ManualClock(new Date(start));
  const submit = new RecordingSubmit(clock);
  const history: OperationRecord[] = [];
  const operations: Pick<OperationStore, 'list'> = {
    list: (query) =>
      Promise.resolve({
        items: history.filter(
          (r) =>
            (!query.status || r.status === query.status) && (!query.kind || r.target.kind === query.kind),
        ),
      }),
  };
  const deps: ScheduleDeps = {
    store: createTableScheduleStore(table),
    submit: submit.submit,
    operations,
    clock,
    aliases: { jessica: { resource: RESOURCE, endpointId: JESSICA } },
    isKnownResource: (name) => name === RESOURCE,
    catchUpGraceInMs: 180 * 60_000,
  };
  const functions = createScheduleFunctions(() => Promise.resolve(deps));
  return { table, clock, submit, history, deps, functions, ...invokers(functions) };
}

function invokers(functions: FunctionDefinition[]) {
  const httpFunctions = functions.filter((f): f is HttpFunctionDefinition => f.kind === 'http');

  /** Calls the function registered for `method` on `route` with real `HttpRequest`/`InvocationContext`. */
  async function call(
    method: HttpFunctionDefinition['methods'][number],
    route: string,
    options: { params?: Record<string, string>; body?: unknown; query?: string } = {},
  ): Promise<{ status: number; body: unknown; headers: Record<string, string> }> {
    const definition = httpFunctions.find((f) => f.route === route && f.methods.includes(method));
    if (!definition) throw new Error(`No ${method} ${route}`);
    const path = Object.entries(options.params ?? {}).reduce(
      (r, [k, v]) => r.replace(`{${k}}`, encodeURIComponent(v)),
      route,
    );
    const request = new HttpRequest({
      method,
      url: `http://127.0.0.1:7071/api/${path}${options.query ? `?${options.query}` : ''}`,
      params: options.params ?? {},
      headers: options.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(options.body === undefined
        ? {}
        : {
            body: { string: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) },
          }),
    });
    const response: HttpResponseInit = await definition.handler(
      request,
      new InvocationContext({ functionName: definition.name, logHandler: () => undefined }),
    );
    return {
      status: response.status ?? 200,
      body: response.jsonBody as unknown,
      headers: (response.headers ?? {}) as Record<string, string>,
    };
  }

  /** Fires the schedule timer once, as the host would. */
  async function fireTimer(): Promise<void> {
    const timer = functions.find((f) => f.kind === 'timer' && f.name === 'scheduleTimer');
    if (timer?.kind !== 'timer') throw new Error('no scheduleTimer');
    const tick: Timer = {
      isPastDue: false,
      schedule: { adjustForDST: false },
      scheduleStatus: { last: '', next: '', lastUpdated: '' },
    };
    await timer.handler(
      tick,
      new InvocationContext({ functionName: 'scheduleTimer', logHandler: () => undefined }),
    );
  }

  return { call, fireTimer };
}

/** The office-hours body: suspend 19:00, resume 07:00, weekdays, Berlin. */
export const officeHoursBody = {
  targets: [{ alias: 'jessica' }, { resource: RESOURCE, endpointId: MARK }],
  timeZone: 'Europe/Berlin',
  suspendAt: '0 19 * * 1-5',
  resumeAt: '0 7 * * 1-5',
};

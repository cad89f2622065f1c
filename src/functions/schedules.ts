import type { HttpRequest, HttpResponseInit } from '@azure/functions';
import type { FunctionDefinition, HttpFunctionDefinition, HttpMethod } from './definition.js';
import { ApiError } from '../http/api-error.js';
import { withApiErrors } from '../http/handle-errors.js';
import { readJsonBody } from '../http/request-body.js';
import { routeQuery } from '../http/route-query.js';
import type { ScheduleDeps } from '../schedules/deps.js';
import { evaluateSchedules } from '../schedules/evaluate-schedules.js';
import {
  createOverride,
  endOverride,
  getScheduleOrThrow,
  listActiveOverrides,
} from '../schedules/overrides.js';
import { buildSavingsReport, reportQuerySchema } from '../schedules/savings-report.js';
import { checkScheduleName, parseScheduleSpec } from '../schedules/schedule.js';
import { parseOrRefuse } from '../domain/schema-issues.js';
import { ScheduleAlreadyExistsError, ScheduleChangedError } from '../schedules/schedule-store.js';
import { toOverrideResource, toScheduleResource } from '../schedules/schedule-view.js';

export type GetScheduleDeps = () => Promise<ScheduleDeps>;

type Handler = (request: HttpRequest, deps: ScheduleDeps) => Promise<HttpResponseInit>;

function json(status: number, body: unknown): HttpResponseInit {
  return { status, headers: { 'content-type': 'application/json' }, jsonBody: body };
}

function http(
  getDeps: GetScheduleDeps,
  name: string,
  method: HttpMethod,
  route: string,
  handle: Handler,
): HttpFunctionDefinition {
  return {
    kind: 'http',
    name,
    methods: [method],
    route,
    handler: withApiErrors(async (request) => handle(request, await getDeps())),
  };
}

function nameParam(request: HttpRequest): string {
  return checkScheduleName(request.params.name ?? '');
}

/** `PUT /api/schedules/{name}`: creates (201) or replaces (200) a schedule. */
const putSchedule: Handler = async (request, deps) => {
  const name = nameParam(request);
  const spec = parseScheduleSpec(await readJsonBody(request), deps);
  const now = deps.clock.now();
  const existing = await deps.store.get(name);
  try {
    const stored = existing
      ? await deps.store.replace(name, spec, existing.etag, now)
      : await deps.store.create(name, spec, now);
    return json(existing ? 200 : 201, toScheduleResource(stored, now));
  } catch (error) {
    if (error instanceof ScheduleAlreadyExistsError || error instanceof ScheduleChangedError) {
      throw new ApiError('Conflict', `Schedule '${name}' was changed at the same time; try again.`, 'name');
    }
    throw error;
  }
};

const getSchedule: Handler = async (request, deps) => {
  const stored = await getScheduleOrThrow(deps, nameParam(request));
  return json(200, toScheduleResource(stored, deps.clock.now()));
};

const listSchedules: Handler = async (_request, deps) => {
  const now = deps.clock.now();
  return json(200, { value: (await deps.store.list()).map((stored) => toScheduleResource(stored, now)) });
};

const deleteSchedule: Handler = async (request, deps) => {
  const name = nameParam(request);
  if (!(await deps.store.delete(name))) {
    throw new ApiError('ScheduleNotFound', `No schedule named '${name}'.`, 'name');
  }
  return { status: 204 };
};

const postOverride: Handler = async (request, deps) => {
  const name = nameParam(request);
  const { schedule, override, operations } = await createOverride(deps, name, await readJsonBody(request));
  return json(201, { ...toOverrideResource(override, schedule.spec.timeZone), operations });
};

const listOverrides: Handler = async (request, deps) => {
  const { schedule, overrides } = await listActiveOverrides(deps, nameParam(request));
  return json(200, { value: overrides.map((o) => toOverrideResource(o, schedule.spec.timeZone)) });
};

const deleteOverride: Handler = async (request, deps) => {
  const { schedule, override, operations } = await endOverride(
    deps,
    nameParam(request),
    request.params.overrideId ?? '',
  );
  return json(200, {
    ...toOverrideResource(override, schedule.spec.timeZone),
    endedDateTime: deps.clock.now().toISOString(),
    operations,
  });
};

const getReport: Handler = async (request, deps) => {
  const schedule = await getScheduleOrThrow(deps, nameParam(request));
  const { days } = parseOrRefuse(reportQuerySchema, routeQuery(request));
  return json(200, await buildSavingsReport(deps, schedule, deps.clock.now(), days));
};

/**
 * Every schedule function: the HTTP resource (`/api/schedules/...`), its overrides and report, and the
 * timer that evaluates schedules (`SCHEDULE_TIMER`, every minute by default, always in UTC; schedule time
 * zones are applied in code).
 */
export function createScheduleFunctions(getDeps: GetScheduleDeps): FunctionDefinition[] {
  return [
    http(getDeps, 'putSchedule', 'PUT', 'schedules/{name}', putSchedule),
    http(getDeps, 'getSchedule', 'GET', 'schedules/{name}', getSchedule),
    http(getDeps, 'listSchedules', 'GET', 'schedules', listSchedules),
    http(getDeps, 'deleteSchedule', 'DELETE', 'schedules/{name}', deleteSchedule),
    http(getDeps, 'createScheduleOverride', 'POST', 'schedules/{name}/overrides', postOverride),
    http(getDeps, 'listScheduleOverrides', 'GET', 'schedules/{name}/overrides', listOverrides),
    http(getDeps, 'endScheduleOverride', 'DELETE', 'schedules/{name}/overrides/{overrideId}', deleteOverride),
    http(getDeps, 'getScheduleReport', 'GET', 'schedules/{name}/report', getReport),
    {
      kind: 'timer',
      name: 'scheduleTimer',
      scheduleSetting: 'SCHEDULE_TIMER',
      defaultSchedule: '0 * * * * *',
      handler: async (_timer, context) => {
        const report = await evaluateSchedules(await getDeps(), context);
        if (report.submitted + report.alreadySubmitted + report.skipped + report.failures > 0) {
          context.log(
            `Schedules: ${report.schedules} evaluated, ${report.submitted} commands submitted, ${report.alreadySubmitted} already submitted, ${report.skipped} instants skipped, ${report.failures} failures.`,
          );
        }
      },
    },
  ];
}

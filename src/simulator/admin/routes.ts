import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { endpointBody, readEndpoint, settleEndpoint, type SimEndpoint } from '../custom-voice/model.js';
import {
  DEFAULT_FACE_COMPLETE_AFTER_SECONDS,
  DEFAULT_FACE_FAILURE_MESSAGE,
  FACE_VOCABULARY,
  faceOperationBody,
  type FaceOperationRecord,
} from '../face/model.js';
import type { FaultInjector } from '../faults.js';
import { matchJobAdminRoute } from './job-routes.js';
import { errorResponse, jsonResponse, type SimResponse } from '../http/response.js';
import { UUID_PATTERN } from '../http/route.js';
import {
  DEFAULT_QNA_COMPLETE_AFTER_SECONDS,
  DEFAULT_QNA_EXPIRES_AFTER_SECONDS,
  QNA_PROJECT_NAME_PATTERN,
  QNA_VOCABULARY,
  qnaJobBody,
  type QnaJobRecord,
} from '../qna/model.js';
import type { RateLimiter } from '../rate-limit.js';
import type { RequestLog } from '../request-log.js';
import type { SimulatorContext } from '../state.js';
import { planProgression, scaledDurationInMs } from '../timeline.js';
import {
  endpointSettingsSchema,
  faceOperationSettingsSchema,
  faultSchema,
  qnaJobSettingsSchema,
  rateLimitSchema,
  type EndpointSettings,
} from './schemas.js';

export interface AdminDependencies {
  context: SimulatorContext;
  faults: FaultInjector;
  requests: RequestLog;
  rateLimit: RateLimiter;
  /** Forgets all state, faults, the rate limit and requests, then seeds again if the simulator was seeded. */
  reset(): void;
}

export interface AdminRequest {
  method: string;
  /** Decoded path segments after `_simulator`. */
  segments: readonly string[];
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
  nowMs: number;
}

interface AdminRoute {
  methods: readonly string[];
  handle(request: AdminRequest): SimResponse;
}

/**
 * Answers an admin request: `/_simulator/...` as docs/simulator.md#admin-api lists it, plus `reset`, `DELETE faults` and
 * `GET rate-limit`.
 */
export function handleAdmin(deps: AdminDependencies, request: AdminRequest): SimResponse {
  const route = matchAdminRoute(deps, request.segments);
  if (!route) return errorResponse(404, 'NotFound', 'No such simulator admin resource.');
  if (!route.methods.includes(request.method)) {
    return errorResponse(405, 'MethodNotAllowed', `Use ${route.methods.join(' or ')}.`, {
      headers: { Allow: route.methods.join(', ') },
    });
  }
  return route.handle(request);
}

function matchAdminRoute(deps: AdminDependencies, segments: readonly string[]): AdminRoute | undefined {
  const path = segments.join('/');
  if (path === 'faults') {
    return {
      methods: ['POST', 'DELETE'],
      handle: (request) => (request.method === 'POST' ? addFault(deps, request) : clearFaults(deps)),
    };
  }
  if (path === 'requests') {
    return {
      methods: ['GET', 'DELETE'],
      handle: (request) => {
        if (request.method === 'GET') return jsonResponse(200, deps.requests.list());
        deps.requests.clear();
        return { status: 204 };
      },
    };
  }
  if (path === 'rate-limit') {
    return {
      methods: ['GET', 'PUT', 'DELETE'],
      handle: (request) => {
        if (request.method === 'PUT') return putRateLimit(deps, request);
        if (request.method === 'DELETE') deps.rateLimit.clear();
        return jsonResponse(200, { requestsPerSecond: deps.rateLimit.current()?.requestsPerSecond ?? null });
      },
    };
  }
  if (path === 'reset') {
    return {
      methods: ['POST'],
      handle: () => {
        deps.reset();
        return { status: 204 };
      },
    };
  }
  const [first, second, third, fourth, fifth] = segments;
  if (segments.length === 3 && first === 'customvoice' && second === 'endpoints' && third !== undefined) {
    return { methods: ['PUT'], handle: (request) => putEndpoint(deps.context, request, third) };
  }
  if (segments.length === 3 && first === 'face' && second === 'operations' && third !== undefined) {
    return { methods: ['PUT'], handle: (request) => putFaceOperation(deps.context, request, third) };
  }
  if (
    segments.length === 5 &&
    first === 'qna' &&
    second === 'projects' &&
    fourth === 'jobs' &&
    third !== undefined &&
    fifth !== undefined
  ) {
    return { methods: ['PUT'], handle: (request) => putQnaJob(deps.context, request, third, fifth) };
  }
  const jobRoute = matchJobAdminRoute(deps.context, segments, parseBody);
  if (jobRoute) return { methods: ['PUT'], handle: jobRoute };
  return undefined;
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: SimResponse };

/** The body checked against `schema` (no body counts as `{}`), or the 400 that explains what is wrong. */
function parseBody<T>(schema: z.ZodType<T>, body: unknown): Parsed<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, response: errorResponse(400, 'BadRequest', `Invalid body: ${problems}`) };
}

function invalidId(message: string): SimResponse {
  return errorResponse(400, 'BadRequest', message);
}

function putEndpoint(context: SimulatorContext, request: AdminRequest, rawId: string): SimResponse {
  if (!UUID_PATTERN.test(rawId)) return invalidId('An endpoint id must be a UUID.');
  const parsed = parseBody(endpointSettingsSchema, request.body);
  if (!parsed.ok) return parsed.response;
  const id = rawId.toLowerCase();
  const existing = context.state.endpoints.get(id);
  const updated = applyEndpointSettings(context, existing, id, parsed.value, request.nowMs);
  context.state.endpoints.set(id, updated);
  return jsonResponse(existing ? 200 : 201, endpointBody(updated, request.nowMs));
}

/** A created endpoint gets an active status and names derived from its id; given fields win. */
function applyEndpointSettings(
  context: SimulatorContext,
  existing: SimEndpoint | undefined,
  id: string,
  settings: EndpointSettings,
  nowMs: number,
): SimEndpoint {
  const shortId = id.slice(0, 8);
  let endpoint: SimEndpoint = existing
    ? settleEndpoint(existing, nowMs)
    : {
        id,
        description: `Simulated endpoint ${shortId}`,
        projectId: `project-${shortId}`,
        modelId: `model-${shortId}`,
        kind: 'HighPerformance',
        createdAtMs: nowMs,
        status: settings.status ?? 'Succeeded',
        statusSinceMs: nowMs,
      };
  if (settings.status !== undefined && existing) {
    const transition = endpoint.transition;
    if (transition) {
      // The forced status cuts the running suspend/resume short: its operation ends Failed.
      const operation = context.state.voiceOperations.get(transition.operationId);
      if (operation) context.state.voiceOperations.set(operation.id, { ...operation, failedAtMs: nowMs });
      const { transition: _cut, ...rest } = endpoint;
      endpoint = rest;
    }
    const wasAlready = readEndpoint(endpoint, nowMs).status === settings.status;
    endpoint = {
      ...endpoint,
      status: settings.status,
      statusSinceMs: wasAlready ? endpoint.statusSinceMs : nowMs,
    };
  }
  return {
    ...endpoint,
    ...(settings.kind !== undefined ? { kind: settings.kind } : {}),
    ...(settings.suspendSeconds !== undefined ? { suspendSeconds: settings.suspendSeconds } : {}),
    ...(settings.resumeSeconds !== undefined ? { resumeSeconds: settings.resumeSeconds } : {}),
    ...(settings.displayName !== undefined ? { displayName: settings.displayName } : {}),
    ...(settings.description !== undefined ? { description: settings.description } : {}),
    ...(settings.projectId !== undefined ? { projectId: settings.projectId } : {}),
    ...(settings.modelId !== undefined ? { modelId: settings.modelId } : {}),
  };
}

function putFaceOperation(context: SimulatorContext, request: AdminRequest, rawId: string): SimResponse {
  if (!UUID_PATTERN.test(rawId)) return invalidId('A Face operation id must be a UUID.');
  const parsed = parseBody(faceOperationSettingsSchema, request.body);
  if (!parsed.ok) return parsed.response;
  const settings = parsed.value;
  const id = rawId.toLowerCase();
  const existing = context.state.faceOperations.get(id);
  const operation: FaceOperationRecord = {
    id,
    createdAtMs: existing?.createdAtMs ?? request.nowMs,
    timeline: planProgression(
      {
        status: settings.status ?? 'notStarted',
        finalStatus: settings.finalStatus ?? 'succeeded',
        completeAfterSeconds: settings.completeAfterSeconds ?? DEFAULT_FACE_COMPLETE_AFTER_SECONDS,
      },
      FACE_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
    resourceLocation: settings.resourceLocation ?? existing?.resourceLocation ?? `/snapshots/${randomUUID()}`,
    message: settings.message ?? existing?.message ?? DEFAULT_FACE_FAILURE_MESSAGE,
  };
  context.state.faceOperations.set(id, operation);
  return jsonResponse(existing ? 200 : 201, faceOperationBody(operation, request.nowMs));
}

function putQnaJob(
  context: SimulatorContext,
  request: AdminRequest,
  projectName: string,
  jobId: string,
): SimResponse {
  if (!QNA_PROJECT_NAME_PATTERN.test(projectName)) {
    return invalidId('A project name must be 1-100 letters, digits and dashes, alphanumeric at both ends.');
  }
  if (jobId.length > 256 || /[\s\p{Cc}]/u.test(jobId)) {
    return invalidId('A job id must be 1-256 characters without spaces or control characters.');
  }
  const parsed = parseBody(qnaJobSettingsSchema, request.body);
  if (!parsed.ok) return parsed.response;
  const settings = parsed.value;
  const status = settings.status ?? 'notStarted';
  const project = context.state.qnaProjects.get(projectName) ?? new Map<string, QnaJobRecord>();
  const existing = project.get(jobId);
  const job: QnaJobRecord = {
    projectName,
    jobId,
    createdAtMs: existing?.createdAtMs ?? request.nowMs,
    expiresAtMs:
      settings.expiresAfterSeconds !== undefined || !existing
        ? request.nowMs +
          scaledDurationInMs(
            settings.expiresAfterSeconds ?? DEFAULT_QNA_EXPIRES_AFTER_SECONDS,
            context.timeScale,
          )
        : existing.expiresAtMs,
    timeline: planProgression(
      {
        status,
        finalStatus: settings.finalStatus ?? (status === 'cancelling' ? 'cancelled' : 'succeeded'),
        completeAfterSeconds: settings.completeAfterSeconds ?? DEFAULT_QNA_COMPLETE_AFTER_SECONDS,
      },
      QNA_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
  };
  project.set(jobId, job);
  context.state.qnaProjects.set(projectName, project);
  return jsonResponse(existing ? 200 : 201, qnaJobBody(job, request.nowMs));
}

function addFault(deps: AdminDependencies, request: AdminRequest): SimResponse {
  const parsed = parseBody(faultSchema, request.body);
  if (!parsed.ok) return parsed.response;
  deps.faults.add(parsed.value);
  return jsonResponse(201, parsed.value);
}

function clearFaults(deps: AdminDependencies): SimResponse {
  deps.faults.clear();
  return { status: 204 };
}

function putRateLimit(deps: AdminDependencies, request: AdminRequest): SimResponse {
  const parsed = parseBody(rateLimitSchema, request.body);
  if (!parsed.ok) return parsed.response;
  deps.rateLimit.set(parsed.value, request.nowMs);
  return jsonResponse(200, parsed.value);
}

import type { ServiceBody } from '../http/body.js';
import { errorResponse, jsonResponse, serviceError, type SimResponse } from '../http/response.js';
import { UUID_PATTERN, type RouteMatcher, type ServiceRequest } from '../http/route.js';
import { newOperationId, planJob } from '../long-running/job-plan.js';
import type { SimulatorContext } from '../state.js';
import { scaledDurationInMs } from '../timeline.js';
import {
  DEFAULT_TEXT_JOB_EXPIRES_AFTER_SECONDS,
  TEXT_ANALYSIS_API_VERSION,
  TEXT_JOB_VOCABULARY,
  TEXT_TASK_KINDS,
  textJobBody,
  type TextJobRecord,
  type TextTask,
  type TextTaskKind,
} from './model.js';

const SERVICE = 'textanalysis' as const;
const PREFIX = ['language', 'analyze-text', 'jobs'] as const;

/** `POST /language/analyze-text/jobs` (`AnalyzeTextJobsInput`) and `GET /language/analyze-text/jobs/{jobId}`. */
export function textAnalysisRoutes(context: SimulatorContext): RouteMatcher {
  return (segments) => {
    if (PREFIX.some((part, index) => segments[index] !== part)) return undefined;
    if (segments.length === 3) {
      return { service: SERVICE, methods: ['POST'], handle: (request) => submitJob(context, request) };
    }
    if (segments.length === 4) {
      const jobId = segments[3] ?? '';
      return { service: SERVICE, methods: ['GET'], handle: (request) => getJob(context, request, jobId) };
    }
    return undefined;
  };
}

function checkApiVersion(request: ServiceRequest): SimResponse | undefined {
  const apiVersion = request.url.searchParams.get('api-version');
  if (apiVersion === TEXT_ANALYSIS_API_VERSION) return undefined;
  return serviceError(
    SERVICE,
    400,
    'invalidInput',
    apiVersion
      ? `The api-version is not supported; use ${TEXT_ANALYSIS_API_VERSION}.`
      : 'The api-version query parameter is required.',
    { target: 'api-version' },
  );
}

interface JobInput {
  displayName?: string;
  tasks: TextTask[];
}

function submitJob(context: SimulatorContext, request: ServiceRequest): SimResponse {
  const versionProblem = checkApiVersion(request);
  if (versionProblem) return versionProblem;
  const input = readJobInput(request.body);
  if (!('tasks' in input)) return input;
  const jobId = newOperationId();
  const job: TextJobRecord = {
    jobId,
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    createdAtMs: request.nowMs,
    expiresAtMs:
      request.nowMs + scaledDurationInMs(DEFAULT_TEXT_JOB_EXPIRES_AFTER_SECONDS, context.timeScale),
    timeline: planJob(
      {},
      context.state.nextPlans.textanalysis,
      TEXT_JOB_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
    tasks: input.tasks,
  };
  context.state.textAnalysisJobs.set(jobId, job);
  const location = `${request.baseUrl}/${PREFIX.join('/')}/${jobId}?api-version=${TEXT_ANALYSIS_API_VERSION}`;
  return { status: 202, headers: { 'Operation-Location': location } };
}

/** The display name and tasks of an `AnalyzeTextJobsInput`, or the 400 naming what is missing. */
function readJobInput(body: ServiceBody): JobInput | SimResponse {
  if (body.kind === 'invalid') {
    return errorResponse(
      body.status,
      body.status === 413 ? 'PayloadTooLarge' : 'InvalidRequest',
      body.reason,
    );
  }
  const invalid = (message: string, target: string) =>
    serviceError(SERVICE, 400, 'invalidInput', message, { target });
  const value = (body.kind === 'json' ? body.value : undefined) as
    { displayName?: unknown; analysisInput?: { documents?: unknown }; tasks?: unknown } | null | undefined;
  if (typeof value !== 'object' || value === null) {
    return serviceError(SERVICE, 400, 'rejected', 'The request body must be an AnalyzeTextJobsInput object.');
  }
  const documents = value.analysisInput?.documents;
  if (!Array.isArray(documents) || documents.length === 0) {
    return invalid('analysisInput.documents must list at least one document.', 'analysisInput.documents');
  }
  for (const [index, document] of (documents as unknown[]).entries()) {
    const { id, text } = (document ?? {}) as { id?: unknown; text?: unknown };
    if (typeof id !== 'string' || id === '' || typeof text !== 'string') {
      return invalid('Every document needs an id and a text.', `analysisInput.documents[${index}]`);
    }
  }
  const tasks = value.tasks;
  if (!Array.isArray(tasks) || tasks.length === 0)
    return invalid('tasks must list at least one task.', 'tasks');
  const parsed: TextTask[] = [];
  for (const [index, task] of (tasks as unknown[]).entries()) {
    const { kind, taskName } = (task ?? {}) as { kind?: unknown; taskName?: unknown };
    if (typeof kind !== 'string' || !(TEXT_TASK_KINDS as readonly string[]).includes(kind)) {
      return invalid(
        `Every task needs a kind, one of ${TEXT_TASK_KINDS.join(', ')}.`,
        `tasks[${index}].kind`,
      );
    }
    parsed.push({ kind: kind as TextTaskKind, ...(typeof taskName === 'string' ? { taskName } : {}) });
  }
  return {
    ...(typeof value.displayName === 'string' ? { displayName: value.displayName } : {}),
    tasks: parsed,
  };
}

function getJob(context: SimulatorContext, request: ServiceRequest, jobId: string): SimResponse {
  const versionProblem = checkApiVersion(request);
  if (versionProblem) return versionProblem;
  if (!UUID_PATTERN.test(jobId)) {
    return serviceError(SERVICE, 400, 'invalidInput', 'The jobId must be a UUID.', { target: 'jobId' });
  }
  const job = context.state.textAnalysisJobs.get(jobId.toLowerCase());
  if (!job) return serviceError(SERVICE, 404, 'notFound', `Job ${jobId} was not found.`, { target: 'jobId' });
  return jsonResponse(200, textJobBody(job, request.nowMs));
}

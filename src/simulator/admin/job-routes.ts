import type { z } from 'zod';
import {
  ANALYZE_VOCABULARY,
  analyzeOperationBody,
  type AnalyzeRecord,
} from '../document-intelligence/model.js';
import { errorResponse, jsonResponse, type SimResponse } from '../http/response.js';
import { UUID_PATTERN } from '../http/route.js';
import { planJob, type JobPlanDefaults } from '../long-running/job-plan.js';
import type { SimulatorContext, SimulatorState } from '../state.js';
import {
  DEFAULT_TEXT_JOB_EXPIRES_AFTER_SECONDS,
  TEXT_JOB_VOCABULARY,
  textJobBody,
} from '../text-analysis/model.js';
import type { TextJobRecord } from '../text-analysis/model.js';
import { readTimeline, scaledDurationInMs } from '../timeline.js';
import { TRANSLATION_VOCABULARY, translationStatusBody } from '../translator/model.js';
import type { TranslationBatchRecord } from '../translator/model.js';
import {
  documentAnalysisDefaultsSchema,
  documentAnalysisSettingsSchema,
  textJobDefaultsSchema,
  textJobSettingsSchema,
  translationBatchSettingsSchema,
  translationDefaultsSchema,
} from './schemas.js';

/**
 * Admin routes of the start-and-poll services: `PUT /_simulator/{service}/defaults` for operations started
 * from now on, and `PUT /_simulator/{service}/{collection}/{id}` to change (or create) one operation.
 */

export interface JobAdminRequest {
  segments: readonly string[];
  body: unknown;
  nowMs: number;
}

type Parse = <T>(
  schema: z.ZodType<T>,
  body: unknown,
) => { ok: true; value: T } | { ok: false; response: SimResponse };

/** The handler for a PUT to `segments` (after `_simulator`), or undefined when it is not one of these. */
export function matchJobAdminRoute(
  context: SimulatorContext,
  segments: readonly string[],
  parse: Parse,
): ((request: JobAdminRequest) => SimResponse) | undefined {
  const [service, collection, id] = segments;
  const key = serviceKey(service);
  if (!key) return undefined;
  if (segments.length === 2 && collection === 'defaults') {
    return (request) => putDefaults(context.state, key, request.body, parse);
  }
  if (segments.length !== 3 || id === undefined || collection !== COLLECTIONS[key]) return undefined;
  return (request) => {
    if (!UUID_PATTERN.test(id)) return errorResponse(400, 'BadRequest', 'An operation id must be a UUID.');
    switch (key) {
      case 'documentintelligence':
        return putAnalysis(context, request, id.toLowerCase(), parse);
      case 'translator':
        return putBatch(context, request, id.toLowerCase(), parse);
      case 'textanalysis':
        return putTextJob(context, request, id.toLowerCase(), parse);
    }
  };
}

type JobService = keyof SimulatorState['nextPlans'];

/** Admin path segment of each service (Language analyze-text is `language`, as in its service path). */
function serviceKey(segment: string | undefined): JobService | undefined {
  if (segment === 'documentintelligence' || segment === 'translator') return segment;
  return segment === 'language' ? 'textanalysis' : undefined;
}

const COLLECTIONS: Record<JobService, string> = {
  documentintelligence: 'analyzeResults',
  translator: 'batches',
  textanalysis: 'jobs',
};

function putDefaults(state: SimulatorState, key: JobService, body: unknown, parse: Parse): SimResponse {
  const schema = {
    documentintelligence: documentAnalysisDefaultsSchema,
    translator: translationDefaultsSchema,
    textanalysis: textJobDefaultsSchema,
  }[key];
  const parsed = parse(schema as z.ZodType<Partial<JobPlanDefaults<string>>>, body);
  if (!parsed.ok) return parsed.response;
  const plans = state.nextPlans as Record<JobService, JobPlanDefaults<string>>;
  plans[key] = { ...plans[key], ...parsed.value };
  return jsonResponse(200, plans[key]);
}

/** The status a changed operation has now, so that a PUT naming no status keeps it. */
function currentStatus<S extends string>(
  record: { timeline: readonly { status: S; atMs: number }[] } | undefined,
  nowMs: number,
): S | undefined {
  return record ? readTimeline(record.timeline, nowMs).status : undefined;
}

function putAnalysis(
  context: SimulatorContext,
  request: JobAdminRequest,
  id: string,
  parse: Parse,
): SimResponse {
  const parsed = parse(documentAnalysisSettingsSchema, request.body);
  if (!parsed.ok) return parsed.response;
  const { modelId, ...settings } = parsed.value;
  const existing = context.state.documentAnalyses.get(id);
  const status = settings.status ?? currentStatus(existing, request.nowMs);
  const record: AnalyzeRecord = {
    resultId: id,
    modelId: existing?.modelId ?? modelId ?? 'prebuilt-layout',
    createdAtMs: existing?.createdAtMs ?? request.nowMs,
    stringIndexType: existing?.stringIndexType ?? 'textElements',
    contentFormat: existing?.contentFormat ?? 'text',
    timeline: planJob(
      { ...settings, ...(status ? { status } : {}) },
      context.state.nextPlans.documentintelligence,
      ANALYZE_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
  };
  context.state.documentAnalyses.set(id, record);
  return jsonResponse(existing ? 200 : 201, analyzeOperationBody(record, request.nowMs));
}

function putBatch(
  context: SimulatorContext,
  request: JobAdminRequest,
  id: string,
  parse: Parse,
): SimResponse {
  const parsed = parse(translationBatchSettingsSchema, request.body);
  if (!parsed.ok) return parsed.response;
  const { documents, ...settings } = parsed.value;
  const existing = context.state.translationBatches.get(id);
  const status = settings.status ?? currentStatus(existing, request.nowMs);
  const batch: TranslationBatchRecord = {
    id,
    createdAtMs: existing?.createdAtMs ?? request.nowMs,
    documents: existing?.documents ?? documents ?? 1,
    timeline: planJob(
      { ...settings, ...(status ? { status } : {}) },
      context.state.nextPlans.translator,
      TRANSLATION_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
  };
  context.state.translationBatches.set(id, batch);
  return jsonResponse(existing ? 200 : 201, translationStatusBody(batch, request.nowMs));
}

function putTextJob(
  context: SimulatorContext,
  request: JobAdminRequest,
  id: string,
  parse: Parse,
): SimResponse {
  const parsed = parse(textJobSettingsSchema, request.body);
  if (!parsed.ok) return parsed.response;
  const { expiresAfterSeconds, ...settings } = parsed.value;
  const existing = context.state.textAnalysisJobs.get(id);
  const status = settings.status ?? currentStatus(existing, request.nowMs);
  const expiresAtMs =
    expiresAfterSeconds !== undefined || !existing
      ? request.nowMs +
        scaledDurationInMs(expiresAfterSeconds ?? DEFAULT_TEXT_JOB_EXPIRES_AFTER_SECONDS, context.timeScale)
      : existing.expiresAtMs;
  const job: TextJobRecord = {
    jobId: id,
    ...(existing?.displayName !== undefined ? { displayName: existing.displayName } : {}),
    createdAtMs: existing?.createdAtMs ?? request.nowMs,
    expiresAtMs,
    tasks: existing?.tasks ?? [{ kind: 'EntityRecognition' }],
    timeline: planJob(
      { ...settings, ...(status ? { status } : {}) },
      context.state.nextPlans.textanalysis,
      TEXT_JOB_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
  };
  context.state.textAnalysisJobs.set(id, job);
  return jsonResponse(existing ? 200 : 201, textJobBody(job, request.nowMs));
}

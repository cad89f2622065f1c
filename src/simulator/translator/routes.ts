import type { ServiceBody } from '../http/body.js';
import { errorResponse, jsonResponse, serviceError, type SimResponse } from '../http/response.js';
import { UUID_PATTERN, type RouteMatcher, type ServiceRequest } from '../http/route.js';
import { newOperationId, planJob, retryAfterHeader } from '../long-running/job-plan.js';
import { readTimeline } from '../timeline.js';
import type { SimulatorContext } from '../state.js';
import {
  TRANSLATION_VOCABULARY,
  TRANSLATOR_API_VERSION,
  translationStatusBody,
  type TranslationBatchRecord,
} from './model.js';

const SERVICE = 'translator' as const;
const PREFIX = ['translator', 'document', 'batches'] as const;

/** `POST /translator/document/batches` (`StartTranslationDetails`) and `GET .../batches/{id}`. */
export function translatorRoutes(context: SimulatorContext): RouteMatcher {
  return (segments) => {
    if (PREFIX.some((part, index) => segments[index] !== part)) return undefined;
    if (segments.length === 3) {
      return { service: SERVICE, methods: ['POST'], handle: (request) => startBatch(context, request) };
    }
    if (segments.length === 4) {
      const id = segments[3] ?? '';
      return { service: SERVICE, methods: ['GET'], handle: (request) => getBatch(context, request, id) };
    }
    return undefined;
  };
}

function checkApiVersion(request: ServiceRequest): SimResponse | undefined {
  const apiVersion = request.url.searchParams.get('api-version');
  if (apiVersion === TRANSLATOR_API_VERSION) return undefined;
  return serviceError(
    SERVICE,
    400,
    'invalidInput',
    apiVersion
      ? `The api-version is not supported; use ${TRANSLATOR_API_VERSION}.`
      : 'The api-version query parameter is required.',
    { target: 'api-version' },
  );
}

function startBatch(context: SimulatorContext, request: ServiceRequest): SimResponse {
  const versionProblem = checkApiVersion(request);
  if (versionProblem) return versionProblem;
  const documents = countDocuments(request.body);
  if (typeof documents !== 'number') return documents;
  const id = newOperationId();
  const batch: TranslationBatchRecord = {
    id,
    createdAtMs: request.nowMs,
    timeline: planJob(
      {},
      context.state.nextPlans.translator,
      TRANSLATION_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
    documents,
  };
  context.state.translationBatches.set(id, batch);
  // The service documents `Operation-Location`; the swagger declares `location`. Both name the status.
  const location = `${request.baseUrl}/${PREFIX.join('/')}/${id}?api-version=${TRANSLATOR_API_VERSION}`;
  return { status: 202, headers: { 'Operation-Location': location, Location: location } };
}

/**
 * The number of documents of a `StartTranslationDetails` body (one per target of each input), or the
 * `400 InvalidRequest` naming the first missing part.
 */
function countDocuments(body: ServiceBody): number | SimResponse {
  if (body.kind === 'invalid') {
    return errorResponse(
      body.status,
      body.status === 413 ? 'PayloadTooLarge' : 'InvalidRequest',
      body.reason,
    );
  }
  const rejected = (message: string, target: string) =>
    serviceError(SERVICE, 400, 'rejected', message, { target });
  const inputs = body.kind === 'json' ? (body.value as { inputs?: unknown } | null)?.inputs : undefined;
  if (!Array.isArray(inputs) || inputs.length === 0) {
    return rejected('The request must list at least one input in inputs.', 'inputs');
  }
  let documents = 0;
  for (const [index, input] of (inputs as unknown[]).entries()) {
    const { source, targets } = (input ?? {}) as { source?: { sourceUrl?: unknown }; targets?: unknown };
    if (typeof source?.sourceUrl !== 'string' || source.sourceUrl === '') {
      return rejected('Every input needs a source with a sourceUrl.', `inputs[${index}].source.sourceUrl`);
    }
    if (!Array.isArray(targets) || targets.length === 0) {
      return rejected('Every input needs at least one target.', `inputs[${index}].targets`);
    }
    for (const [targetIndex, target] of (targets as unknown[]).entries()) {
      const { targetUrl, language } = (target ?? {}) as { targetUrl?: unknown; language?: unknown };
      if (
        typeof targetUrl !== 'string' ||
        targetUrl === '' ||
        typeof language !== 'string' ||
        language === ''
      ) {
        return rejected(
          'Every target needs a targetUrl and a language.',
          `inputs[${index}].targets[${targetIndex}]`,
        );
      }
      documents += 1;
    }
  }
  return documents;
}

function getBatch(context: SimulatorContext, request: ServiceRequest, id: string): SimResponse {
  const versionProblem = checkApiVersion(request);
  if (versionProblem) return versionProblem;
  if (!UUID_PATTERN.test(id)) {
    return serviceError(SERVICE, 400, 'invalidInput', 'The batch id must be a UUID.', { target: 'id' });
  }
  const batch = context.state.translationBatches.get(id.toLowerCase());
  if (!batch) {
    return serviceError(SERVICE, 404, 'notFound', 'Cannot find the requested operation.', {
      target: 'Operation',
    });
  }
  const { status } = readTimeline(batch.timeline, request.nowMs);
  const headers = TRANSLATION_VOCABULARY.isTerminal(status) ? {} : retryAfterHeader();
  return jsonResponse(200, translationStatusBody(batch, request.nowMs), headers);
}

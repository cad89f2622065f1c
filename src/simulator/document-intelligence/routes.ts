import type { ServiceBody } from '../http/body.js';
import { errorResponse, jsonResponse, serviceError, type SimResponse } from '../http/response.js';
import { UUID_PATTERN, type RouteMatcher, type ServiceRequest } from '../http/route.js';
import { newOperationId, planJob, retryAfterHeader } from '../long-running/job-plan.js';
import type { SimulatorContext } from '../state.js';
import {
  ANALYZE_VOCABULARY,
  analyzeOperationBody,
  CONTENT_FORMATS,
  DOCUMENT_INTELLIGENCE_API_VERSION,
  MODEL_ID_PATTERN,
  PAGES_PATTERN,
  PREBUILT_MODEL_IDS,
  STRING_INDEX_TYPES,
  type AnalyzeRecord,
  type ContentFormat,
  type StringIndexType,
} from './model.js';

const SERVICE = 'documentintelligence' as const;

/** The custom model of the published analyze example, which every simulated resource has. */
export const EXAMPLE_CUSTOM_MODEL_ID = 'customModel' as const;

/**
 * `POST /documentintelligence/documentModels/{modelId}:analyze` (JSON `AnalyzeDocumentRequest` or the
 * document itself) and `GET /documentintelligence/documentModels/{modelId}/analyzeResults/{resultId}`.
 */
export function documentIntelligenceRoutes(context: SimulatorContext): RouteMatcher {
  return (segments) => {
    if (segments[0] !== SERVICE || segments[1] !== 'documentModels') return undefined;
    if (segments.length === 3) {
      const [modelId, verb] = splitAction(segments[2] ?? '');
      if (verb !== 'analyze') return undefined;
      return { service: SERVICE, methods: ['POST'], handle: (request) => analyze(context, request, modelId) };
    }
    if (segments.length === 5 && segments[3] === 'analyzeResults') {
      const modelId = segments[2] ?? '';
      const resultId = segments[4] ?? '';
      return {
        service: SERVICE,
        methods: ['GET'],
        handle: (request) => getResult(context, request, modelId, resultId),
      };
    }
    return undefined;
  };
}

/** `customModel:analyze` as `['customModel', 'analyze']`. */
function splitAction(segment: string): [string, string | undefined] {
  const colon = segment.lastIndexOf(':');
  return colon < 0 ? [segment, undefined] : [segment.slice(0, colon), segment.slice(colon + 1)];
}

function invalid(message: string, target: string): SimResponse {
  return serviceError(SERVICE, 400, 'invalidInput', message, { target });
}

function checkApiVersion(request: ServiceRequest): SimResponse | undefined {
  const apiVersion = request.url.searchParams.get('api-version');
  if (apiVersion === DOCUMENT_INTELLIGENCE_API_VERSION) return undefined;
  return invalid(
    apiVersion
      ? `The api-version is not supported; use ${DOCUMENT_INTELLIGENCE_API_VERSION}.`
      : 'The api-version query parameter is required.',
    'api-version',
  );
}

function modelExists(modelId: string): boolean {
  return (PREBUILT_MODEL_IDS as readonly string[]).includes(modelId) || modelId === EXAMPLE_CUSTOM_MODEL_ID;
}

function analyze(context: SimulatorContext, request: ServiceRequest, modelId: string): SimResponse {
  const versionProblem = checkApiVersion(request);
  if (versionProblem) return versionProblem;
  if (!MODEL_ID_PATTERN.test(modelId)) {
    return invalid(
      'The modelId must be 2-64 letters, digits, . _ ~ -, starting with a letter or digit.',
      'modelId',
    );
  }
  const query = request.url.searchParams;
  const pages = query.get('pages');
  if (pages !== null && !PAGES_PATTERN.test(pages)) {
    return invalid('pages must be page numbers and ranges, e.g. "1-3,5,7-9".', 'pages');
  }
  const stringIndexType = query.get('stringIndexType') ?? 'textElements';
  if (!(STRING_INDEX_TYPES as readonly string[]).includes(stringIndexType)) {
    return invalid(`stringIndexType must be one of ${STRING_INDEX_TYPES.join(', ')}.`, 'stringIndexType');
  }
  const contentFormat = query.get('outputContentFormat') ?? 'text';
  if (!(CONTENT_FORMATS as readonly string[]).includes(contentFormat)) {
    return invalid(
      `outputContentFormat must be one of ${CONTENT_FORMATS.join(', ')}.`,
      'outputContentFormat',
    );
  }
  const bodyProblem = checkDocument(request.body);
  if (bodyProblem) return bodyProblem;
  if (!modelExists(modelId)) {
    return serviceError(SERVICE, 404, 'notFound', 'Resource not found.', {
      innererror: { code: 'ModelNotFound', message: `The requested model '${modelId}' was not found.` },
    });
  }
  const resultId = newOperationId();
  const record: AnalyzeRecord = {
    resultId,
    modelId,
    createdAtMs: request.nowMs,
    timeline: planJob(
      {},
      context.state.nextPlans.documentintelligence,
      ANALYZE_VOCABULARY,
      request.nowMs,
      context.timeScale,
    ),
    stringIndexType: stringIndexType as StringIndexType,
    contentFormat: contentFormat as ContentFormat,
  };
  context.state.documentAnalyses.set(resultId, record);
  const location = `${request.baseUrl}/${SERVICE}/documentModels/${encodeURIComponent(modelId)}/analyzeResults/${resultId}?api-version=${DOCUMENT_INTELLIGENCE_API_VERSION}`;
  return { status: 202, headers: { 'Operation-Location': location, ...retryAfterHeader() } };
}

/** The document: a JSON `AnalyzeDocumentRequest` with `urlSource` or `base64Source`, or raw bytes. */
function checkDocument(body: ServiceBody): SimResponse | undefined {
  switch (body.kind) {
    case 'binary':
      return undefined;
    case 'invalid':
      return errorResponse(
        body.status,
        body.status === 413 ? 'PayloadTooLarge' : 'InvalidRequest',
        body.reason,
      );
    case 'none':
      return serviceError(SERVICE, 400, 'rejected', 'The request has no document to analyze.', {
        innererror: { code: 'EmptyRequest', message: 'Request body must contain a document.' },
      });
    case 'json': {
      const value = body.value;
      const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
      const urlSource = (record as { urlSource?: unknown } | undefined)?.urlSource;
      const base64Source = (record as { base64Source?: unknown } | undefined)?.base64Source;
      if (typeof urlSource === 'string' && isAbsoluteUrl(urlSource)) return undefined;
      if (typeof base64Source === 'string' && base64Source.length > 0) return undefined;
      return serviceError(SERVICE, 400, 'rejected', 'Invalid request.', {
        target: 'analyzeRequest',
        innererror: {
          code: 'InvalidContent',
          message: 'Either urlSource (an absolute URL) or base64Source must be specified.',
        },
      });
    }
  }
}

function isAbsoluteUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

function getResult(
  context: SimulatorContext,
  request: ServiceRequest,
  modelId: string,
  resultId: string,
): SimResponse {
  const versionProblem = checkApiVersion(request);
  if (versionProblem) return versionProblem;
  if (!UUID_PATTERN.test(resultId)) return invalid('The resultId must be a UUID.', 'resultId');
  const record = context.state.documentAnalyses.get(resultId.toLowerCase());
  if (!record || record.modelId !== modelId) {
    return serviceError(SERVICE, 404, 'notFound', 'Resource not found.', {
      innererror: { code: 'ResultNotFound', message: `Analyze result ${resultId} was not found.` },
    });
  }
  return jsonResponse(200, analyzeOperationBody(record, request.nowMs));
}

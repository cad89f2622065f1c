import { DEFAULT_JOB_COMPLETE_AFTER_SECONDS, type JobPlanDefaults } from '../long-running/job-plan.js';
import { readTimeline, type ProgressionVocabulary, type Timeline } from '../timeline.js';

/** Document Intelligence analyze operations (`AnalyzeOperation` of 2024-11-30, API-NOTES section F). */

export const DOCUMENT_INTELLIGENCE_API_VERSION = '2024-11-30' as const;

/**
 * `DocumentIntelligenceOperationStatus` as an analyze operation reports it. The enum's sixth word,
 * `skipped`, describes one document of a batch analysis, never a whole analyze operation.
 */
export const ANALYZE_STATUSES = ['notStarted', 'running', 'succeeded', 'failed', 'canceled'] as const;
export type AnalyzeStatus = (typeof ANALYZE_STATUSES)[number];
export const ANALYZE_FINAL_STATUSES = [
  'succeeded',
  'failed',
  'canceled',
] as const satisfies readonly AnalyzeStatus[];
export type AnalyzeFinalStatus = (typeof ANALYZE_FINAL_STATUSES)[number];

export const ANALYZE_VOCABULARY: ProgressionVocabulary<AnalyzeStatus> = {
  notStarted: 'notStarted',
  running: 'running',
  isTerminal: (status) => (ANALYZE_FINAL_STATUSES as readonly string[]).includes(status),
};

export const DEFAULT_ANALYZE_PLAN: JobPlanDefaults<AnalyzeStatus> = {
  completeAfterSeconds: DEFAULT_JOB_COMPLETE_AFTER_SECONDS,
  finalStatus: 'succeeded',
};

/** The `modelId` path parameter's pattern. */
export const MODEL_ID_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._~-]{1,63}$/;

/** The `pages` query parameter's pattern ("1-3,5,7-9"). */
export const PAGES_PATTERN = /^(\d+(-\d+)?)(,\s*(\d+(-\d+)?))*$/;

export const STRING_INDEX_TYPES = ['textElements', 'unicodeCodePoint', 'utf16CodeUnit'] as const;
export type StringIndexType = (typeof STRING_INDEX_TYPES)[number];

export const CONTENT_FORMATS = ['text', 'markdown'] as const;
export type ContentFormat = (typeof CONTENT_FORMATS)[number];

/**
 * The models an analyze request may name: the prebuilt ones of 2024-11-30 and the published example's
 * `customModel`. Any other id is `404 NotFound` (`ModelNotFound`), as on a resource
 * where no such custom model was built.
 */
export const PREBUILT_MODEL_IDS = [
  'prebuilt-read',
  'prebuilt-layout',
  'prebuilt-invoice',
  'prebuilt-receipt',
  'prebuilt-idDocument',
  'prebuilt-businessCard',
  'prebuilt-contract',
  'prebuilt-healthInsuranceCard.us',
  'prebuilt-tax.us.w2',
  'prebuilt-bankStatement.us',
] as const;

export interface AnalyzeRecord {
  resultId: string;
  modelId: string;
  createdAtMs: number;
  timeline: Timeline<AnalyzeStatus>;
  stringIndexType: StringIndexType;
  contentFormat: ContentFormat;
}

/** What a failed analysis reports: the service's answer to a document it cannot read. */
export const ANALYZE_FAILURE = {
  code: 'InvalidRequest',
  message: 'Invalid request.',
  innererror: {
    code: 'InvalidContent',
    message:
      'The file is corrupted or format is unsupported. Refer to documentation for the list of supported formats.',
  },
} as const;

/**
 * The `AnalyzeOperation` body: `error` once failed, `analyzeResult` once succeeded. The simulated result
 * has the schema's required fields and no content: the simulator reads no documents.
 */
export function analyzeOperationBody(record: AnalyzeRecord, nowMs: number): Record<string, unknown> {
  const { status, sinceMs } = readTimeline(record.timeline, nowMs);
  return {
    status,
    createdDateTime: new Date(record.createdAtMs).toISOString(),
    lastUpdatedDateTime: new Date(sinceMs).toISOString(),
    ...(status === 'failed' ? { error: structuredClone(ANALYZE_FAILURE) } : {}),
    ...(status === 'succeeded'
      ? {
          analyzeResult: {
            apiVersion: DOCUMENT_INTELLIGENCE_API_VERSION,
            modelId: record.modelId,
            stringIndexType: record.stringIndexType,
            content: '',
            contentFormat: record.contentFormat,
            pages: [],
          },
        }
      : {}),
  };
}

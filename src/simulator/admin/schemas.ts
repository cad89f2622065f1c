import { z } from 'zod';
import { ENDPOINT_KINDS, ENDPOINT_STATUSES } from '../custom-voice/model.js';
import {
  ANALYZE_FINAL_STATUSES,
  ANALYZE_STATUSES,
  MODEL_ID_PATTERN,
} from '../document-intelligence/model.js';
import { FACE_FINAL_STATUSES, FACE_STATUSES } from '../face/model.js';
import { FAULT_STATUSES } from '../faults.js';
import { QNA_FINAL_STATUSES, QNA_STATUSES } from '../qna/model.js';
import { TEXT_JOB_FINAL_STATUSES, TEXT_JOB_STATUSES } from '../text-analysis/model.js';
import { TRANSLATION_FINAL_STATUSES, TRANSLATION_STATUSES } from '../translator/model.js';

/** Bodies of the admin API (`/_simulator`), checked strictly: an unknown field is a mistake, not a no-op. */

/** Simulated seconds: up to ten years, which is "never" for any test or demo. */
const seconds = z
  .number()
  .nonnegative()
  .max(10 * 365 * 24 * 3600);
const resourceId = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{1,62}[a-zA-Z0-9]$/);

export const endpointSettingsSchema = z.strictObject({
  /** Forces the status now; an unfinished suspend/resume of the endpoint then ends `Failed`. */
  status: z.enum(ENDPOINT_STATUSES).optional(),
  kind: z.enum(ENDPOINT_KINDS).optional(),
  /** Simulated seconds a suspend takes (default 2). */
  suspendSeconds: seconds.optional(),
  /** Simulated seconds a resume takes (default 5 for HighPerformance, 2 for FastResume). */
  resumeSeconds: seconds.optional(),
  displayName: z.string().min(1).max(256).optional(),
  description: z.string().max(1024).optional(),
  projectId: resourceId.optional(),
  modelId: resourceId.optional(),
});
export type EndpointSettings = z.input<typeof endpointSettingsSchema>;

export const faceOperationSettingsSchema = z.strictObject({
  /** The status now (default `notStarted`). */
  status: z.enum(FACE_STATUSES).optional(),
  /** Simulated seconds until `finalStatus` (default 3); ignored when `status` is final. */
  completeAfterSeconds: seconds.optional(),
  /** Default `succeeded`. */
  finalStatus: z.enum(FACE_FINAL_STATUSES).optional(),
  /** Reported on success (default `/snapshots/{new uuid}`). */
  resourceLocation: z.string().min(1).max(1024).optional(),
  /** Reported on failure. */
  message: z.string().min(1).max(1024).optional(),
});
export type FaceOperationSettings = z.input<typeof faceOperationSettingsSchema>;

export const qnaJobSettingsSchema = z.strictObject({
  /** The status now (default `notStarted`). */
  status: z.enum(QNA_STATUSES).optional(),
  /** Simulated seconds until `finalStatus` (default 3); ignored when `status` is final. */
  completeAfterSeconds: seconds.optional(),
  /** Default `succeeded` (`cancelled` when `status` is `cancelling`). */
  finalStatus: z.enum(QNA_FINAL_STATUSES).optional(),
  /** Simulated seconds from now to `expirationDateTime` (default 24 hours). */
  expiresAfterSeconds: seconds.optional(),
});
export type QnaJobSettings = z.input<typeof qnaJobSettingsSchema>;

/** How the operations a start route creates from now on progress (`PUT /_simulator/{service}/defaults`). */
function defaultsSchema<const F extends readonly [string, ...string[]]>(finalStatuses: F) {
  return z.strictObject({
    /** Simulated seconds from the start to `finalStatus` (default 3). */
    completeAfterSeconds: seconds.optional(),
    /** The status the operations end in (default: the service's success word). */
    finalStatus: z.enum(finalStatuses).optional(),
  });
}

/** One started operation, changed (or created) from now on: its status now, and how it ends. */
function jobSchema<
  const S extends readonly [string, ...string[]],
  const F extends readonly [string, ...string[]],
>(statuses: S, finalStatuses: F) {
  return z.strictObject({
    /** The status now (default: the status it has, `notStarted` for a new one). */
    status: z.enum(statuses).optional(),
    /** Simulated seconds from now to `finalStatus` (default 3); ignored when `status` is final. */
    completeAfterSeconds: seconds.optional(),
    /** Default: the service's success word (its cancelled word when `status` is its cancelling word). */
    finalStatus: z.enum(finalStatuses).optional(),
  });
}

export const documentAnalysisDefaultsSchema = defaultsSchema(ANALYZE_FINAL_STATUSES);
export const documentAnalysisSettingsSchema = jobSchema(ANALYZE_STATUSES, ANALYZE_FINAL_STATUSES).extend({
  /** For a new result only: the model it was analysed with (default `prebuilt-layout`). */
  modelId: z.string().regex(MODEL_ID_PATTERN).optional(),
});
export type DocumentAnalysisSettings = z.input<typeof documentAnalysisSettingsSchema>;

export const translationDefaultsSchema = defaultsSchema(TRANSLATION_FINAL_STATUSES);
export const translationBatchSettingsSchema = jobSchema(
  TRANSLATION_STATUSES,
  TRANSLATION_FINAL_STATUSES,
).extend({
  /** For a new batch only: how many documents it translates (default 1). */
  documents: z.number().int().min(1).max(1000).optional(),
});
export type TranslationBatchSettings = z.input<typeof translationBatchSettingsSchema>;

export const textJobDefaultsSchema = defaultsSchema(TEXT_JOB_FINAL_STATUSES);
export const textJobSettingsSchema = jobSchema(TEXT_JOB_STATUSES, TEXT_JOB_FINAL_STATUSES).extend({
  /** Simulated seconds from now to `expirationDateTime` (default 24 hours for a new job). */
  expiresAfterSeconds: seconds.optional(),
});
export type TextJobSettings = z.input<typeof textJobSettingsSchema>;

export type JobDefaultsSettings<F extends string> = { completeAfterSeconds?: number; finalStatus?: F };

export const faultSchema = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]{1,16}$/)
    .optional(),
  pathPrefix: z.string().startsWith('/').max(2048).optional(),
  status: z.literal(FAULT_STATUSES),
  retryAfterSeconds: z.number().int().nonnegative().max(3600).optional(),
  count: z.number().int().min(1).max(100_000),
  /** The request is carried out and then its answer is replaced by the fault: an answer lost on the way. */
  afterHandling: z.boolean().optional(),
});
export type FaultSettings = z.input<typeof faultSchema>;

export const rateLimitSchema = z.strictObject({
  /** Service requests per second the simulated resource admits (all routes together); beyond it, 429. */
  requestsPerSecond: z.number().positive().max(100_000),
});
export type RateLimitBody = z.input<typeof rateLimitSchema>;

import { z } from 'zod';
import { ENDPOINT_KINDS, ENDPOINT_STATUSES } from '../custom-voice/model.js';
import { FACE_FINAL_STATUSES, FACE_STATUSES } from '../face/model.js';
import { FAULT_STATUSES } from '../faults.js';
import { QNA_FINAL_STATUSES, QNA_STATUSES } from '../qna/model.js';

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

export const faultSchema = z.strictObject({
  method: z
    .string()
    .regex(/^[A-Za-z]{1,16}$/)
    .optional(),
  pathPrefix: z.string().startsWith('/').max(2048).optional(),
  status: z.literal(FAULT_STATUSES),
  retryAfterSeconds: z.number().int().nonnegative().max(3600).optional(),
  count: z.number().int().min(1).max(100_000),
});
export type FaultSettings = z.input<typeof faultSchema>;

export const rateLimitSchema = z.strictObject({
  /** Service requests per second the simulated resource admits (all routes together); beyond it, 429. */
  requestsPerSecond: z.number().positive().max(100_000),
});
export type RateLimitBody = z.input<typeof rateLimitSchema>;

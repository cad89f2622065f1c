import { z } from 'zod';

/**
 * The body of any Azure AI status monitor (Azure Core `OperationStatus`, Document Intelligence
 * `AnalyzeOperation`, Translator `TranslationStatus`, Language `AnalyzeTextJobState`), as far as this kind
 * reads it: the fields those shapes share. Everything else is the service's business and passes through
 * unread; a malformed optional field is dropped rather than failing the read.
 */

export const serviceErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string(),
  target: z.string().optional(),
});

export const statusMonitorBodySchema = z.looseObject({
  status: z.string().min(1),
  /** Azure Core, Document Intelligence, Translator. */
  error: serviceErrorSchema.optional().catch(undefined),
  /** Language jobs. */
  errors: z.array(serviceErrorSchema).optional().catch(undefined),
  /** Azure Core: what the operation made or changed. */
  resourceLocation: z.string().optional().catch(undefined),
  /** Language jobs: past it, the job will never finish. */
  expirationDateTime: z.string().optional().catch(undefined),
});
export type StatusMonitorBody = z.infer<typeof statusMonitorBodySchema>;

export type ServiceError = z.infer<typeof serviceErrorSchema>;

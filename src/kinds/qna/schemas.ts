import { z } from 'zod';

export interface QnaServiceError {
  code: string;
  message: string;
  target?: string;
  details?: QnaServiceError[];
}

/** An update-qnas job as Projects - Get Update Qnas Status returns it. */
export interface QnaJob {
  jobId: string;
  status: string;
  createdDateTime: string;
  lastUpdatedDateTime: string;
  expirationDateTime?: string;
  errors?: QnaServiceError[];
}

const text = z.string().min(1);

const qnaErrorSchema: z.ZodType<QnaServiceError> = z.lazy(() =>
  z
    .object({
      code: z.string(),
      message: z.string(),
      target: z.string().optional(),
      details: z.array(qnaErrorSchema).optional(),
    })
    .transform((error): QnaServiceError => ({
      code: error.code,
      message: error.message,
      ...(error.target !== undefined ? { target: error.target } : {}),
      ...(error.details !== undefined ? { details: error.details } : {}),
    })),
);

export const qnaJobSchema = z
  .object({
    jobId: text,
    status: text,
    createdDateTime: text,
    lastUpdatedDateTime: text,
    expirationDateTime: z.string().nullish(),
    errors: z.array(qnaErrorSchema).nullish(),
  })
  .transform((body): QnaJob => ({
    jobId: body.jobId,
    status: body.status,
    createdDateTime: body.createdDateTime,
    lastUpdatedDateTime: body.lastUpdatedDateTime,
    ...(body.expirationDateTime ? { expirationDateTime: body.expirationDateTime } : {}),
    ...(body.errors ? { errors: body.errors } : {}),
  }));

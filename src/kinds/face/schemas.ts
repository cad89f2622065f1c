import { z } from 'zod';

/** A Face snapshot operation as Snapshot - Get Operation Status returns it. */
export interface FaceOperation {
  status: string;
  createdTime: string;
  lastActionTime?: string;
  finishedTime?: string;
  resourceLocation?: string;
  message?: string | null;
}

const text = z.string().min(1);

/** The stable v1.0 example says `location` where the schema says `resourceLocation`: accept either. */
export const faceOperationSchema = z
  .object({
    status: text,
    createdTime: text,
    lastActionTime: z.string().nullish(),
    finishedTime: z.string().nullish(),
    resourceLocation: z.string().nullish(),
    location: z.string().nullish(),
    message: z.string().nullish(),
  })
  .transform((body): FaceOperation => {
    const resourceLocation = body.resourceLocation ?? body.location;
    return {
      status: body.status,
      createdTime: body.createdTime,
      ...(body.lastActionTime ? { lastActionTime: body.lastActionTime } : {}),
      ...(body.finishedTime ? { finishedTime: body.finishedTime } : {}),
      ...(resourceLocation ? { resourceLocation } : {}),
      ...(body.message !== undefined ? { message: body.message } : {}),
    };
  });

import { z } from 'zod';
import { OperationStatus } from '../domain/operation.js';
import { operationKinds } from '../kinds/index.js';

const DEFAULT_PAGE_SIZE = 50;

/** The query of `GET /api/operations`: what the route validates, and what the OpenAPI document shows. */
export const listOperationsQuerySchema = z.strictObject({
  status: z.enum(Object.values(OperationStatus)).optional(),
  kind: z.enum(operationKinds.names as [string, ...string[]]).optional(),
  top: z.coerce.number().int().min(1).max(1000).default(DEFAULT_PAGE_SIZE),
  skipToken: z.string().min(1).optional(),
});

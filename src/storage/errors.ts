export class OperationAlreadyExistsError extends Error {
  override readonly name = 'OperationAlreadyExistsError';
  constructor(
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`An operation with id '${id}' already exists.`, options);
  }
}

export class ConcurrencyConflictError extends Error {
  override readonly name = 'ConcurrencyConflictError';
  constructor(
    readonly id: string,
    options?: { cause?: unknown },
  ) {
    super(`The record '${id}' was changed by another writer.`, options);
  }
}

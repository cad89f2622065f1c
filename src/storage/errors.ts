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

/** The record does not fit Table Storage's 64 KiB string property; nothing was written. */
export class OperationRecordTooLargeError extends Error {
  override readonly name = 'OperationRecordTooLargeError';
  constructor(
    readonly id: string,
    readonly sizeInChars: number,
    readonly limitInChars: number,
    options?: { cause?: unknown },
  ) {
    super(
      `The operation '${id}' serializes to ${sizeInChars} characters; the store holds at most ${limitInChars}.`,
      options,
    );
  }
}

/** The record cannot be stored as given (an id outside the id pattern, a timestamp that is not a date). */
export class InvalidOperationRecordError extends Error {
  override readonly name = 'InvalidOperationRecordError';
  constructor(
    readonly id: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`The operation '${id.slice(0, 80)}' cannot be stored: ${reason}`, options);
  }
}

/** A continuation token that this store did not issue, or that was altered. */
export class InvalidContinuationTokenError extends Error {
  override readonly name = 'InvalidContinuationTokenError';
  constructor(options?: { cause?: unknown }) {
    super('The continuation token is not valid; start again from the first page.', options);
  }
}

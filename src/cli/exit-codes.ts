/** What `cogops` exits with, so scripts can tell the cases apart (documented in the README). */
export const EXIT = {
  /** Done; for `wait` and `--wait`: the operation Succeeded. */
  ok: 0,
  /** The operation ended Failed or Canceled. */
  operationFailed: 1,
  /** The command line is wrong; nothing was sent. */
  usage: 2,
  /** The app refused the request (its error code is shown) or could not be reached. */
  apiError: 3,
  /** `--timeout` ran out before the operation ended; it goes on. */
  timedOut: 4,
} as const;

/** The command line itself is wrong: nothing was sent. Shown with a pointer to `--help`. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

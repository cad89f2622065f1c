/**
 * A start-up failure the user can fix by changing one setting (a port in use, a bad port number, a data
 * directory held by another run). `npm start` prints its message as one line and exits non-zero.
 */
export class StartupError extends Error {
  override readonly name = 'StartupError';
  constructor(
    /** The setting to change, e.g. `PORT`. */
    readonly setting: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Reads a port setting: an integer from 0 (any free port) to 65535, or the default when unset. */
export function readPortSetting(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const port = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || port > 65_535) {
    throw new StartupError(
      name,
      `${name} must be a TCP port number from 0 to 65535 (0 picks a free port), not '${value}'.`,
    );
  }
  return port;
}

/** Turns a listen failure into a `StartupError` naming the setting; other errors pass through. */
export function explainListenError(error: unknown, setting: string, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new StartupError(
      setting,
      `${setting}: port ${port} on ${host} is already in use; stop whatever uses it or set ${setting} to another port (0 picks a free one).`,
      { cause: error },
    );
  }
  if (code === 'EACCES') {
    return new StartupError(
      setting,
      `${setting}: port ${port} on ${host} needs privileges this process lacks; set ${setting} to a port above 1023.`,
      { cause: error },
    );
  }
  return error;
}

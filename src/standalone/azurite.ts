import { fork } from 'node:child_process';
import type { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '../shared/free-port.js';

/** Azurite's published well-known development account (not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
  tableUrl: string;
  connectionString: string;
  /** Resolves if Azurite stops by itself (killed, crashed) rather than through `close()`. */
  exited: Promise<string>;
  close(): Promise<void>;
}

export interface AzuriteOptions {
  host?: string;
  port?: number;
  /** Resolves when Azurite is listening; defaults to 30 s. */
  startTimeoutInMs?: number;
  /**
   * Keep the tables in this directory (Azurite's `--location`), every answered write saved before the
   * answer; in memory when absent.
   */
  location?: string;
}

const STARTED_LINE = 'successfully started';
/** Enough of Azurite's early output to explain a failed start. */
const KEPT_OUTPUT_CHARS = 4_096;

/**
 * Starts Azurite's Table service in a child process, in memory or in `location`, telemetry and access
 * log off. The child exits when this process exits (see exit-with-parent.cjs), so nothing is left
 * running after a crash.
 */
export async function startAzuriteTables(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await findFreePort(host));
  const azuriteMain = createRequire(import.meta.url).resolve('azurite/dist/src/table/main.js');
  const preload = (file: string): string[] => ['--require', fileURLToPath(new URL(file, import.meta.url))];
  const child = fork(
    azuriteMain,
    [
      '--tableHost',
      host,
      '--tablePort',
      String(port),
      ...(options.location ? ['--location', options.location] : ['--inMemoryPersistence']),
      '--disableTelemetry',
      '--skipApiVersionCheck',
      // The access log is a line per request that nobody reads.
      '--silent',
    ],
    {
      execArgv: [
        ...preload('exit-with-parent.cjs'),
        ...(options.location ? preload('azurite-durable-writes.cjs') : []),
      ],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const tableUrl = `http://${host}:${port}/${AZURITE_ACCOUNT}`;
  let closing = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const timeoutInMs = options.startTimeoutInMs ?? 30_000;
  const streams = [child.stdout, child.stderr].filter((stream): stream is Readable => stream !== null);
  await Promise.race([
    waitForLine(streams, STARTED_LINE, timeoutInMs),
    exited.then(({ code, signal }) => {
      throw new Error(`Azurite exited (${signal ?? `code ${String(code)}`}) before it was ready.`);
    }),
  ]).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    tableUrl,
    exited: exited.then(({ code, signal }) =>
      closing
        ? new Promise<string>(() => undefined)
        : `Azurite stopped (${signal ?? `exit code ${String(code)}`})`,
    ),
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `TableEndpoint=${tableUrl};`,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Resolves when `line` appears in the streams' output, then stops reading it: the streams keep flowing
 * (so the child never blocks on a full pipe) but nothing is kept or searched any more. Rejects after
 * `timeoutInMs` with the start of the output.
 */
export function waitForLine(streams: Readable[], line: string, timeoutInMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let output = '';
    let tail = '';
    const stopListening = (): void => {
      clearTimeout(timer);
      for (const stream of streams) {
        stream.off('data', onData);
        stream.resume();
      }
    };
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      if (output.length < KEPT_OUTPUT_CHARS) output += text.slice(0, KEPT_OUTPUT_CHARS - output.length);
      // The line may be split across chunks: search what is new plus the end of what came before.
      const searched = tail + text;
      tail = searched.slice(-line.length);
      if (!searched.includes(line)) return;
      stopListening();
      resolve();
    };
    const timer = setTimeout(() => {
      stopListening();
      reject(new Error(`Azurite did not start within ${timeoutInMs} ms: ${output}`));
    }, timeoutInMs);
    for (const stream of streams) stream.on('data', onData);
  });
}

import { fork } from 'node:child_process';
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
  close(): Promise<void>;
}

export interface AzuriteOptions {
  host?: string;
  port?: number;
  /** Resolves when Azurite is listening; defaults to 30 s. */
  startTimeoutInMs?: number;
}

/**
 * Starts Azurite's Table service in a child process, in memory, telemetry off. The child exits when this
 * process exits (see exit-with-parent.cjs), so nothing is left running after a crash.
 */
export async function startAzuriteTables(options: AzuriteOptions = {}): Promise<RunningAzurite> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await findFreePort(host));
  const azuriteMain = createRequire(import.meta.url).resolve('azurite/dist/src/table/main.js');
  const child = fork(
    azuriteMain,
    [
      '--tableHost',
      host,
      '--tablePort',
      String(port),
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
    ],
    {
      execArgv: ['--require', fileURLToPath(new URL('exit-with-parent.cjs', import.meta.url))],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const tableUrl = `http://${host}:${port}/${AZURITE_ACCOUNT}`;
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () =>
        reject(new Error(`Azurite did not start within ${options.startTimeoutInMs ?? 30_000} ms: ${output}`)),
      options.startTimeoutInMs ?? 30_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('successfully started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${String(code)} before it was ready: ${output}`));
    });
  });
  return {
    tableUrl,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `TableEndpoint=${tableUrl};`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

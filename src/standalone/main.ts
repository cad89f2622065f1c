/**
 * `npm start`: the whole app on this machine, no Azure account needed. Keeps its state in
 * STANDALONE_DATA_DIR and stops everything on Ctrl-C, on SIGTERM to any of its processes, or when a part
 * it runs on goes away.
 */
import { SEED } from '../simulator/seed.js';
import { startTelemetryFromEnv } from '../telemetry/start-telemetry.js';
import { dataDirFromSetting } from './data-dir.js';
import { SIMULATOR_RESOURCE, startStandaloneHost, type StandaloneHost } from './host.js';
import { watchLaunchers } from './launcher-watch.js';
import { readPortSetting, StartupError } from './startup-error.js';

/** Past this, stopping gives up waiting for running handlers: their messages are kept and run again. */
const STOP_TIMEOUT_IN_MS = 30_000;

// OTEL_EXPORTER_OTLP_ENDPOINT or APPLICATIONINSIGHTS_CONNECTION_STRING: the same telemetry as in Azure.
const telemetry = await startTelemetryFromEnv(process.env);

let host: StandaloneHost;
try {
  // PORT / SIMULATOR_PORT = 0 picks free ports (used by the tests that run this entry point).
  const dataDirectory = dataDirFromSetting(process.env.STANDALONE_DATA_DIR, process.cwd());
  host = await startStandaloneHost({
    httpPort: readPortSetting('PORT', process.env.PORT, 7071),
    simulatorPort: readPortSetting('SIMULATOR_PORT', process.env.SIMULATOR_PORT, 7072),
    ...(dataDirectory ? { dataDirectory } : {}),
  });
} catch (error) {
  // A setting the user can fix gets one line that names it, not a stack trace.
  console.error(error instanceof StartupError ? error.message : error);
  await telemetry.shutdown().catch(() => undefined);
  process.exit(1);
}

const functions = host.definitions
  .map((d) =>
    d.kind === 'http'
      ? `  ${d.methods.join(',').padEnd(11)} ${host.url}/api/${d.route}`
      : `  ${d.kind.padEnd(11)} ${d.name}`,
  )
  .join('\n');
console.log(`
cognitive-ops is running (storage: ${host.storage}, bus: ${host.busKind}${host.simulatorUrl ? `, AI services: simulator at ${host.simulatorUrl}` : ''}).
${host.dataDirectory ? `State is kept in ${host.dataDirectory}: a restart carries on where this run stopped.` : 'State is kept in memory (STANDALONE_DATA_DIR=memory): it ends with this run.'}

Functions:
${functions}

Try a suspend of the simulator's seed endpoint:
  curl -si -X POST ${host.url}/api/commands -H 'Content-Type: application/json' \\
    -d '{"action":"suspend","target":{"kind":"customvoice-endpoint","resource":"${SIMULATOR_RESOURCE}","endpointId":"${SEED.endpointId}"}}'
then follow the Operation-Location header:
  curl -s ${host.url}/api/operations/<id>

Press Ctrl-C to stop.
`);

let stopping = false;
const stop = (why: string, exitCode: number): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping...`);
  setTimeout(() => {
    console.error(
      `Not stopped after ${STOP_TIMEOUT_IN_MS / 1000} s; exiting (unfinished messages run again next time).`,
    );
    process.exit(1);
  }, STOP_TIMEOUT_IN_MS).unref();
  host
    .close()
    .then(() => telemetry.shutdown())
    .then(
      () => process.exit(exitCode),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
};
process.on('SIGINT', () => stop('SIGINT', 0));
process.on('SIGTERM', () => stop('SIGTERM', 0));
process.on('SIGHUP', () => stop('SIGHUP', 0));
// npm does not pass SIGTERM all the way down: stop when whatever launched this process goes away.
watchLaunchers((why) => stop(why, 0));
void host.lost.then((why) => stop(why, 1));

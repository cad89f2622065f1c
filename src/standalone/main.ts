/**
 * `npm start`: the whole app on this machine, no Azure account needed. Stops everything on Ctrl-C.
 */
import { SEED } from '../simulator/seed.js';
import { startTelemetryFromEnv } from '../telemetry/start-telemetry.js';
import { SIMULATOR_RESOURCE, startStandaloneHost } from './host.js';

// OTEL_EXPORTER_OTLP_ENDPOINT or APPLICATIONINSIGHTS_CONNECTION_STRING: the same telemetry as in Azure.
const telemetry = await startTelemetryFromEnv(process.env);

// PORT / SIMULATOR_PORT = 0 picks free ports (used by the test that runs this entry point).
const host = await startStandaloneHost({
  httpPort: Number(process.env.PORT ?? 7071),
  simulatorPort: Number(process.env.SIMULATOR_PORT ?? 7072),
});

const functions = host.definitions
  .map((d) =>
    d.kind === 'http'
      ? `  ${d.methods.join(',').padEnd(11)} ${host.url}/api/${d.route}`
      : `  ${d.kind.padEnd(11)} ${d.name}`,
  )
  .join('\n');
console.log(`
cognitive-ops is running (storage: ${host.storage}, bus: ${host.busKind}${host.simulatorUrl ? `, AI services: simulator at ${host.simulatorUrl}` : ''}).

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
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  host
    .close()
    .then(() => telemetry.shutdown())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

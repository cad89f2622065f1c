/**
 * `npm run simulator`: the AI services simulator alone, on 127.0.0.1:7072 unless told otherwise.
 * Settings: SIMULATOR_PORT (default 7072), SIMULATOR_KEY (default `simulator-key`),
 * SIMULATOR_TIME_SCALE (default 1: a HighPerformance resume takes 5 s).
 */
import { SEED } from './seed.js';
import { DEFAULT_SIMULATOR_KEY, startSimulator } from './server.js';

const DEFAULT_PORT = 7072;

function numberSetting(name: string, fallback: number, valid: (value: number) => boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!valid(value)) {
    console.error(`${name} must be a valid number (got "${raw}").`);
    process.exit(2);
  }
  return value;
}

const port = numberSetting(
  'SIMULATOR_PORT',
  DEFAULT_PORT,
  (v) => Number.isInteger(v) && v >= 0 && v <= 65535,
);
const timeScale = numberSetting('SIMULATOR_TIME_SCALE', 1, (v) => Number.isFinite(v) && v > 0);
const customKey = process.env.SIMULATOR_KEY;

const simulator = await startSimulator({
  host: '127.0.0.1',
  port,
  key: customKey || DEFAULT_SIMULATOR_KEY,
  timeScale,
  log: (line) => console.log(line),
});

// The key is a shell variable in the example, so a custom key never lands in the terminal or a log.
const keyHint = customKey ? '$SIMULATOR_KEY' : DEFAULT_SIMULATOR_KEY;
console.log(`AI services simulator on ${simulator.url} (time scale ${timeScale}).

Suspend the seed endpoint and follow its operation:
  curl -si -X POST '${simulator.url}/customvoice/endpoints/${SEED.endpointId}:suspend?api-version=2026-01-01' \\
    -H "Ocp-Apim-Subscription-Key: ${keyHint}" -H 'Content-Length: 0'
  curl -s '${simulator.url}/customvoice/endpoints/${SEED.endpointId}?api-version=2026-01-01' -H "Ocp-Apim-Subscription-Key: ${keyHint}"
Requests so far:
  curl -s ${simulator.url}/_simulator/requests

Press Ctrl-C to stop.`);

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping the simulator...`);
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

/**
 * `cogops`: the command-line client of cognitive-ops (`npx cogops --help`). Started by bin/cogops.mjs.
 */
import { runCli } from './run.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: (text) => process.stdout.write(`${text}\n`),
  stderr: process.stderr,
  readStdin,
  now: () => Date.now(),
});

/**
 * `npm run bench`: runs every benchmark in this folder one after the other (they share two cores) and
 * prints each one's figures and its ratio against the baseline it measured in the same run.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './types.js';

const folder = fileURLToPath(new URL('.', import.meta.url));
const files = (await readdir(folder)).filter((file) => file.endsWith('.bench.ts')).sort();

let failed = false;
for (const file of files) {
  console.log(`\n=== ${file}`);
  try {
    const module = (await import(pathToFileURL(`${folder}${file}`).href)) as { run(): Promise<BenchResult> };
    const result = await module.run();
    console.log(`${result.name}`);
    for (const [name, value] of Object.entries(result.figures)) {
      console.log(`  ${name.padEnd(36)} ${Number.isInteger(value) ? value : value.toFixed(3)}`);
    }
    console.log(`  ratio vs "${result.baselineName}": ${result.ratio.toFixed(2)}`);
  } catch (error) {
    failed = true;
    console.error(`  failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;

import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { TableClient } from '@azure/data-tables';
import { TABLES } from '../src/config/names.js';
import { SimulatorAdmin } from '../src/simulator/admin-client.js';
import { startAzuriteTables, type RunningAzurite } from '../src/standalone/azurite.js';
import { ensureTable } from '../src/storage/table-client-factory.js';
import { createOperationsInBulk } from '../src/storage/bulk-create.js';
import { childPidsMatching, rssOf, startHostProcess, type HostProcess } from './host-process.js';
import { median, round2 } from './stats.js';
import { runningFaceCheck } from './fixtures.js';
import type { BenchResult } from './types.js';

/**
 * Resident memory of what `npm start` runs (the host process and an Azurite) while the host tracks
 * 10 000 pending operations (`BENCH_PENDING`), against the same two processes idle. The operations are
 * Running status checks of one Face operation that runs for an hour, due over the next minute, so the
 * poller keeps looking at them. They are written into storage before the host starts, so the seeding
 * does not compete with the host; the idle figure comes from a host run on the same Azurite before the
 * seeding. Idle is the lowest of a minute of samples, pending their median (see `SAMPLES`); the growth
 * is also given at the highest pending sample.
 *
 * Seeding goes 33 records to a transaction (see `createOperationsInBulk`). Azurite finds each row it
 * writes by comparing the RowKey of every row already in the partition, and all of them share one, so a
 * write costs in proportion to the rows before it and the whole seeding grows with the square of the
 * count: 10 000 records (30 000 rows) take about 25 s on an idle machine, most of it in the last few
 * thousand. Seeding through `POST /api/commands`, as a user would, costs several such writes a command
 * plus the poller's looks at the ones already Running: accepting the first 2 000 took about 24 s, most of
 * them not yet started.
 */
const PENDING = Number(process.env.BENCH_PENDING ?? 10_000);
/**
 * Transactions in flight while seeding: Azurite runs one at a time, a second keeps it busy while the
 * next is sent (8 were no faster).
 */
const SEED_CONCURRENCY = 2;
/** Records between two progress lines while seeding. */
const SEED_PROGRESS_EVERY = 1_000;
const SETTLE_MS = 5_000;
/**
 * A minute of samples: a few seconds showed whichever moment they fell on. An idle host keeps its
 * start-up garbage (some 45 MB) until a GC that came 20 s to about 40 s after the start, and then stays
 * flat, so the lowest sample is the idle figure (a median moved between 182 and 216 MB with that GC;
 * the few seconds once sampled gave 230-250 MB). With the operations pending, the processes go up and
 * down: right after seeding Azurite holds the seeding's garbage until a major GC (180 to 270 MB in the
 * first 30 s, then about 190-200 MB), and the busy host's heap climbs some 50 MB between its major GCs,
 * a minute and a half or more apart here; so the median, and the highest for the peak.
 */
const SAMPLES = 30;
const SAMPLE_EVERY_MS = 2_000;
const MB = 1024 * 1024;

export async function run(): Promise<BenchResult> {
  const azurite = await startAzuriteTables();
  try {
    const azuritePids = await childPidsMatching('azurite');
    const rss = async (host: HostProcess): Promise<number> => {
      let total = await host.treeRss();
      for (const pid of azuritePids) total += await rssOf(pid);
      return total;
    };
    const env = { AzureWebJobsStorage: azurite.connectionString };

    let host = await startHostProcess({ env });
    const faceOperationId = randomUUID();
    let idle: RssSamples;
    try {
      idle = await sampleRss(() => rss(host));
    } finally {
      await host.stop();
    }
    console.log(`  idle ${describe(idle)}; seeding ${PENDING} pending operations ...`);
    const seedStarted = Date.now();
    await seed(azurite, faceOperationId);
    const seedSeconds = (Date.now() - seedStarted) / 1000;

    host = await startHostProcess({ env });
    try {
      // A fresh simulator in the new host: the Face operation they all follow runs for an hour.
      await new SimulatorAdmin(host.simulatorUrl).putFaceOperation(faceOperationId, {
        status: 'running',
        completeAfterSeconds: 3_600,
      });
      const pending = await sampleRss(() => rss(host));
      console.log(`  with ${PENDING} pending ${describe(pending)}`);
      return {
        name: `RSS of the host and Azurite with ${PENDING} pending operations`,
        baselineName: 'the same processes idle',
        figures: {
          pendingOperations: PENDING,
          idleRssMb: Math.round(idle.min / MB),
          pendingRssMb: Math.round(pending.median / MB),
          growthMb: Math.round((pending.median - idle.min) / MB),
          // The highest sample: what the 200 MB must also cover.
          peakGrowthMb: Math.round((pending.max - idle.min) / MB),
          seedSeconds: Math.round(seedSeconds),
        },
        ratio: round2(pending.median / idle.min),
      };
    } finally {
      await host.stop();
    }
  } finally {
    await azurite.close();
  }
}

async function seed(azurite: RunningAzurite, faceOperationId: string): Promise<void> {
  const table = TableClient.fromConnectionString(azurite.connectionString, TABLES.operations, {
    allowInsecureConnection: true,
  });
  await ensureTable(table);
  const now = Date.now();
  const records = Array.from({ length: PENDING }, (_, i) =>
    runningFaceCheck({
      resource: 'simulator',
      faceOperationId,
      at: new Date(),
      nextCheckAt: new Date(now + (i % 60) * 1_000),
    }),
  );
  // In slices, for a progress line each: a write slows down with the rows before it, so a slow run shows.
  for (let done = 0; done < records.length; done += SEED_PROGRESS_EVERY) {
    const slice = records.slice(done, done + SEED_PROGRESS_EVERY);
    await createOperationsInBulk(table, slice, SEED_CONCURRENCY);
    console.log(
      `  seeded ${done + slice.length} of ${PENDING} (${((Date.now() - now) / 1000).toFixed(1)} s)`,
    );
  }
}

interface RssSamples {
  median: number;
  min: number;
  max: number;
}

function describe(samples: RssSamples): string {
  const mb = (bytes: number): string => (bytes / MB).toFixed(0);
  return `${mb(samples.median)} MB (${mb(samples.min)}-${mb(samples.max)})`;
}

/** After the host starts, the median, lowest and highest of samples over a minute (see `SAMPLES`), bytes. */
async function sampleRss(measure: () => Promise<number>): Promise<RssSamples> {
  await sleep(SETTLE_MS);
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    await sleep(SAMPLE_EVERY_MS);
    samples.push(await measure());
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await run());
}

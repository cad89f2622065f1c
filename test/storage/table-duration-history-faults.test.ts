/**
 * The coalescing duration history against a scripted in-memory table, so failures
 * and races happen exactly where the test says.
 */
import type { TableClient } from '@azure/data-tables';
import { describe, expect, it } from 'vitest';
import type { DurationKey } from '../../src/engine/duration-history.js';
import { createTableDurationHistory } from '../../src/storage/table-duration-history.js';

type Row = { partitionKey: string; rowKey: string; durationsJson: string; etag: string };

function fakeTable() {
  const rows = new Map<string, Row>();
  let version = 0;
  const hooks = {
    /** Runs before each updateEntity/createEntity lands; may throw to fail it. */
    beforeWrite: async (_kind: 'update' | 'create'): Promise<void> => {},
  };
  const statusError = (statusCode: number) => Object.assign(new Error(`HTTP ${statusCode}`), { statusCode });
  const table = {
    getEntity(_pk: string, rk: string): Promise<Row> {
      const row = rows.get(rk);
      return row ? Promise.resolve({ ...row }) : Promise.reject(statusError(404));
    },
    async createEntity(entity: Omit<Row, 'etag'>) {
      await hooks.beforeWrite('create');
      if (rows.has(entity.rowKey)) throw statusError(409);
      const etag = `W/"${++version}"`;
      rows.set(entity.rowKey, { ...entity, etag });
      return { etag };
    },
    async updateEntity(entity: Omit<Row, 'etag'>, _mode: string, options: { etag: string }) {
      await hooks.beforeWrite('update');
      const row = rows.get(entity.rowKey);
      if (!row) throw statusError(404);
      if (row.etag !== options.etag) throw statusError(412);
      const etag = `W/"${++version}"`;
      rows.set(entity.rowKey, { ...entity, etag });
      return { etag };
    },
  };
  /** Another process's write of the row (it appends one duration). */
  function foreignWrite(rowKey: string, duration: number): void {
    const row = rows.get(rowKey)!;
    const durations = [...(JSON.parse(row.durationsJson) as number[]), duration];
    rows.set(rowKey, { ...row, durationsJson: JSON.stringify(durations), etag: `W/"${++version}"` });
  }
  const samples = (rowKey: string): number[] =>
    JSON.parse(rows.get(rowKey)?.durationsJson ?? '[]') as number[];
  return { table: table as unknown as TableClient, hooks, foreignWrite, samples };
}

const key: DurationKey = { resource: 'r', kind: 'customvoice-endpoint', action: 'suspend' };
const rowKey = 'r~customvoice-endpoint~suspend~';

describe('duration history under faults', () => {
  it('a failed write rejects its own batch only; the batch that queued behind it is written, nothing hangs', async () => {
    const fake = fakeTable();
    const history = createTableDurationHistory(fake.table);
    let release!: () => void;
    let writes = 0;
    fake.hooks.beforeWrite = async () => {
      writes += 1;
      if (writes === 1) {
        await new Promise<void>((resolve) => (release = resolve));
        throw Object.assign(new Error('HTTP 503'), { statusCode: 503 });
      }
    };
    const first = history.observe(key, 1_000);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = [history.observe(key, 2_000), history.observe(key, 3_000)];
    release();
    await expect(first).rejects.toMatchObject({ statusCode: 503 });
    await expect(Promise.all(second)).resolves.toBeDefined();
    expect(fake.samples(rowKey)).toEqual([2_000, 3_000]);
    // And the next observation still goes through (nothing left half-open in `waiting`).
    await history.observe(key, 4_000);
    expect(fake.samples(rowKey)).toEqual([2_000, 3_000, 4_000]);
  });

  it('keeps a sample through two write races after a stale cached ETag (three tries, each from a read)', async () => {
    const fake = fakeTable();
    const a = createTableDurationHistory(fake.table);
    await a.observe(key, 1_000); // A now holds the row's ETag from its own write.
    const b = createTableDurationHistory(fake.table);
    await b.observe(key, 2_000); // B writes since: A's cached ETag is stale.

    // Two more of B's siblings land between A's read and A's write, twice (a busy scale-out).
    let racesLeft = 2;
    let readSinceLastWrite = false;
    const getEntity = fake.table.getEntity.bind(fake.table);
    (fake.table as unknown as { getEntity: typeof getEntity }).getEntity = (...args) => {
      readSinceLastWrite = true;
      return getEntity(...args);
    };
    fake.hooks.beforeWrite = () => {
      if (readSinceLastWrite && racesLeft > 0) {
        racesLeft -= 1;
        fake.foreignWrite(rowKey, 9_000 + racesLeft);
      }
      readSinceLastWrite = false;
      return Promise.resolve();
    };
    await a.observe(key, 3_000);
    expect(fake.samples(rowKey)).toContain(3_000);
  });
});

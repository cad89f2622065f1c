import { TableClient } from '@azure/data-tables';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleSpec } from '../../src/schedules/schedule.js';
import {
  ScheduleAlreadyExistsError,
  ScheduleChangedError,
  type ScheduleStore,
} from '../../src/schedules/schedule-store.js';
import { createTableScheduleStore } from '../../src/schedules/table-schedule-store.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';

const spec: ScheduleSpec = {
  targets: [
    { alias: 'jessica' },
    { resource: 'speech-we', endpointId: '0b0c8b5e-7f06-4c1e-9a55-3b8e2f1d6a10' },
  ],
  timeZone: 'Europe/Berlin',
  suspendAt: '0 19 * * 1-5',
  resumeAt: '0 7 * * 1-5',
  exceptions: ['2025-12-25', { from: '2025-12-24', to: '2026-01-01' }],
  enabled: true,
};

let store: ScheduleStore;
let table: TableClient;

// A table per test: each test sees only the schedules it creates.
beforeEach(async () => {
  table = TableClient.fromConnectionString(azuriteConnectionString(), uniqueTableName('schedules'), {
    allowInsecureConnection: true,
  });
  await table.createTable();
  store = createTableScheduleStore(table);
});

describe('table schedule store', () => {
  it('stores a schedule with its evaluation marker at creation, and reads it back', async () => {
    const created = await store.create('office-hours', spec, new Date('2025-06-02T08:00:00Z'));
    expect(created.etag).not.toBe('');
    const read = await store.get('office-hours');
    expect(read?.spec).toEqual(spec);
    expect(read?.createdDateTime).toBe('2025-06-02T08:00:00.000Z');
    const marker = await store.getEvaluationMarker('office-hours');
    expect(marker?.lastEvaluatedAt.toISOString()).toBe('2025-06-02T08:00:00.000Z');
    await expect(store.create('office-hours', spec, new Date())).rejects.toThrow(ScheduleAlreadyExistsError);
  });

  it('refuses a replace with a stale ETag and keeps the marker on replace', async () => {
    const first = await store.create('replace-me', spec, new Date('2025-06-02T08:00:00Z'));
    const replaced = await store.replace(
      'replace-me',
      { ...spec, enabled: false },
      first.etag,
      new Date('2025-06-03T08:00:00Z'),
    );
    expect(replaced.createdDateTime).toBe('2025-06-02T08:00:00.000Z');
    expect(replaced.lastModifiedDateTime).toBe('2025-06-03T08:00:00.000Z');
    expect((await store.get('replace-me'))?.spec.enabled).toBe(false);
    await expect(store.replace('replace-me', spec, first.etag, new Date())).rejects.toThrow(
      ScheduleChangedError,
    );
    expect((await store.getEvaluationMarker('replace-me'))?.lastEvaluatedAt.toISOString()).toBe(
      '2025-06-02T08:00:00.000Z',
    );
  });

  it('lets only one evaluator move the marker from the same reading', async () => {
    await store.create('marker', spec, new Date('2025-06-02T08:00:00Z'));
    const readByA = await store.getEvaluationMarker('marker');
    const readByB = await store.getEvaluationMarker('marker');
    expect(
      await store.advanceEvaluationMarker('marker', new Date('2025-06-02T08:01:00Z'), readByA!.etag),
    ).toBe(true);
    expect(
      await store.advanceEvaluationMarker('marker', new Date('2025-06-02T08:01:00Z'), readByB!.etag),
    ).toBe(false);
    // A fresh store (a restarted instance) reads the stored marker, not a remembered one.
    const restarted = createTableScheduleStore(table);
    expect((await restarted.getEvaluationMarker('marker'))?.lastEvaluatedAt.toISOString()).toBe(
      '2025-06-02T08:01:00.000Z',
    );
  });

  it('keeps overrides per schedule and deletes everything with the schedule', async () => {
    await store.create('with-overrides', spec, new Date('2025-06-02T08:00:00Z'));
    await store.create('other', spec, new Date('2025-06-02T08:00:00Z'));
    const override = {
      id: '5f1d7c0a-3a55-4c59-9c39-0d3c1f7f2b11',
      targets: [{ resource: 'speech-we', endpointId: '0b0c8b5e-7f06-4c1e-9a55-3b8e2f1d6a10' }],
      hold: 'running' as const,
      createdDateTime: '2025-06-02T16:00:00.000Z',
      until: '2025-06-02T20:00:00.000Z',
    };
    await store.addOverride('with-overrides', override);
    expect(await store.listOverrides('with-overrides')).toEqual([override]);
    expect(await store.listOverrides('other')).toEqual([]);

    expect((await store.list()).map((s) => s.name)).toEqual(['other', 'with-overrides']);
    expect(await store.delete('with-overrides')).toBe(true);
    expect(await store.get('with-overrides')).toBeUndefined();
    expect(await store.getEvaluationMarker('with-overrides')).toBeUndefined();
    expect(await store.listOverrides('with-overrides')).toEqual([]);
    expect(await store.delete('with-overrides')).toBe(false);
    expect(await store.get('other')).toBeDefined();
    expect((await store.list()).map((s) => s.name)).toEqual(['other']);
  });

  it('ends a single override', async () => {
    await store.create('end-one', spec, new Date('2025-06-02T08:00:00Z'));
    const base = { targets: [], hold: 'suspended' as const, createdDateTime: '2025-06-02T08:00:00.000Z' };
    await store.addOverride('end-one', { ...base, id: 'a', until: '2025-06-02T10:00:00.000Z' });
    await store.addOverride('end-one', { ...base, id: 'b', until: '2025-06-02T09:00:00.000Z' });
    expect((await store.listOverrides('end-one')).map((o) => o.id)).toEqual(['b', 'a']);
    expect(await store.deleteOverride('end-one', 'b')).toBe(true);
    expect(await store.deleteOverride('end-one', 'b')).toBe(false);
    expect((await store.listOverrides('end-one')).map((o) => o.id)).toEqual(['a']);
  });
});

/**
 * The schedule store on Azure Table Storage (table `schedules`).
 *
 * Layout: one partition per schedule (PartitionKey = schedule name), so a schedule and its marker are
 * created in one entity-group transaction and deleted together.
 *
 *   RowKey `definition`       the spec as JSON (`specJson`), `createdDateTime`, `lastModifiedDateTime`
 *   RowKey `evaluation`       `lastEvaluatedDateTime`: the instant up to which the timer has acted. It is
 *                             a row of its own so that a user's PUT and the timer never fight over one ETag.
 *   RowKey `override-{id}`    a temporary hold: `targetsJson`, `hold`, `createdDateTime`, `until`
 *
 * Listing schedules reads the `definition` rows across partitions: a scan, fine for the few hundred
 * schedules a team keeps.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { statusCodeOf } from '../storage/table-errors.js';
import { scheduleSpecSchema, type ScheduleSpec } from './schedule.js';
import {
  ScheduleAlreadyExistsError,
  ScheduleChangedError,
  type EvaluationMarker,
  type ScheduleOverride,
  type ScheduleStore,
  type StoredSchedule,
} from './schedule-store.js';

const ROW = { definition: 'definition', evaluation: 'evaluation', overridePrefix: 'override-' } as const;
/** Every override RowKey sorts between these. */
const OVERRIDE_RANGE_END = 'override.';
const TRANSACTION_LIMIT = 100;

type DefinitionEntity = {
  partitionKey: string;
  rowKey: string;
  specJson: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
};

type EvaluationEntity = { partitionKey: string; rowKey: string; lastEvaluatedDateTime: string };

type OverrideEntity = {
  partitionKey: string;
  rowKey: string;
  targetsJson: string;
  hold: string;
  createdDateTime: string;
  until: string;
};

const overrideTargetsSchema = z.array(z.object({ resource: z.string(), endpointId: z.string() }));
const holdSchema = z.enum(['running', 'suspended']);

export class InvalidScheduleRowError extends Error {
  override readonly name = 'InvalidScheduleRowError';
  constructor(
    readonly partitionKey: string,
    readonly rowKey: string,
  ) {
    super(`The stored row '${partitionKey}/${rowKey}' could not be read.`);
  }
}

export function createTableScheduleStore(table: TableClient): ScheduleStore {
  function toStored(entity: DefinitionEntity & { etag: string }): StoredSchedule {
    let spec: ScheduleSpec;
    try {
      spec = scheduleSpecSchema.parse(JSON.parse(entity.specJson));
    } catch {
      throw new InvalidScheduleRowError(entity.partitionKey, entity.rowKey);
    }
    return {
      name: entity.partitionKey,
      spec,
      createdDateTime: entity.createdDateTime,
      lastModifiedDateTime: entity.lastModifiedDateTime,
      etag: entity.etag,
    };
  }

  async function getRow<T extends object>(
    partitionKey: string,
    rowKey: string,
  ): Promise<(T & { etag: string }) | undefined> {
    try {
      const entity = await table.getEntity<T>(partitionKey, rowKey);
      return entity;
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  async function deleteRows(partitionKey: string, rowKeys: string[]): Promise<void> {
    for (let start = 0; start < rowKeys.length; start += TRANSACTION_LIMIT) {
      const actions = rowKeys
        .slice(start, start + TRANSACTION_LIMIT)
        .map((rowKey): TransactionAction => ['delete', { partitionKey, rowKey }]);
      await table.submitTransaction(actions);
    }
  }

  return {
    async get(name) {
      const entity = await getRow<DefinitionEntity>(name, ROW.definition);
      return entity ? toStored(entity) : undefined;
    },

    async list() {
      const schedules: StoredSchedule[] = [];
      const rows = table.listEntities<DefinitionEntity>({
        queryOptions: { filter: odata`RowKey eq ${ROW.definition}` },
      });
      for await (const entity of rows) schedules.push(toStored(entity));
      return schedules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },

    async create(name, spec, now) {
      const at = now.toISOString();
      const definition: DefinitionEntity = {
        partitionKey: name,
        rowKey: ROW.definition,
        specJson: JSON.stringify(spec),
        createdDateTime: at,
        lastModifiedDateTime: at,
      };
      const marker: EvaluationEntity = {
        partitionKey: name,
        rowKey: ROW.evaluation,
        lastEvaluatedDateTime: at,
      };
      try {
        const response = await table.submitTransaction([
          ['create', definition],
          ['upsert', marker, 'Replace'],
        ]);
        const etag = response.subResponses[0]?.etag ?? '';
        return { name, spec, createdDateTime: at, lastModifiedDateTime: at, etag };
      } catch (error) {
        if (statusCodeOf(error) === 409) throw new ScheduleAlreadyExistsError(name);
        throw error;
      }
    },

    async replace(name, spec, etag, now) {
      const existing = await getRow<DefinitionEntity>(name, ROW.definition);
      if (!existing) throw new ScheduleChangedError(name);
      const definition: DefinitionEntity = {
        partitionKey: name,
        rowKey: ROW.definition,
        specJson: JSON.stringify(spec),
        createdDateTime: existing.createdDateTime,
        lastModifiedDateTime: now.toISOString(),
      };
      try {
        const response = await table.updateEntity(definition, 'Replace', { etag });
        return {
          name,
          spec,
          createdDateTime: definition.createdDateTime,
          lastModifiedDateTime: definition.lastModifiedDateTime,
          etag: response.etag ?? '',
        };
      } catch (error) {
        const status = statusCodeOf(error);
        if (status === 412 || status === 404) throw new ScheduleChangedError(name);
        throw error;
      }
    },

    async delete(name) {
      const rowKeys: string[] = [];
      const rows = table.listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${name}`, select: ['RowKey'] },
      });
      for await (const row of rows) if (row.rowKey) rowKeys.push(row.rowKey);
      if (!rowKeys.includes(ROW.definition)) {
        // A partition without its definition is leftover state (an interrupted delete): tidy it anyway.
        if (rowKeys.length > 0) await deleteRows(name, rowKeys);
        return false;
      }
      // The definition goes last, so an interrupted delete leaves a visible schedule to delete again.
      await deleteRows(
        name,
        rowKeys.filter((key) => key !== ROW.definition),
      );
      await deleteRows(name, [ROW.definition]);
      return true;
    },

    async getEvaluationMarker(name) {
      const entity = await getRow<EvaluationEntity>(name, ROW.evaluation);
      if (!entity) return undefined;
      const at = Date.parse(entity.lastEvaluatedDateTime);
      if (Number.isNaN(at)) throw new InvalidScheduleRowError(name, ROW.evaluation);
      return { lastEvaluatedAt: new Date(at), etag: entity.etag } satisfies EvaluationMarker;
    },

    async initEvaluationMarker(name, at) {
      const marker: EvaluationEntity = {
        partitionKey: name,
        rowKey: ROW.evaluation,
        lastEvaluatedDateTime: at.toISOString(),
      };
      try {
        await table.createEntity(marker);
      } catch (error) {
        if (statusCodeOf(error) !== 409) throw error;
      }
    },

    async advanceEvaluationMarker(name, to, etag) {
      const marker: EvaluationEntity = {
        partitionKey: name,
        rowKey: ROW.evaluation,
        lastEvaluatedDateTime: to.toISOString(),
      };
      try {
        await table.updateEntity(marker, 'Replace', { etag });
        return true;
      } catch (error) {
        const status = statusCodeOf(error);
        if (status === 412 || status === 404) return false;
        throw error;
      }
    },

    async listOverrides(name) {
      const overrides: ScheduleOverride[] = [];
      const rows = table.listEntities<OverrideEntity>({
        queryOptions: {
          filter: odata`PartitionKey eq ${name} and RowKey ge ${ROW.overridePrefix} and RowKey lt ${OVERRIDE_RANGE_END}`,
        },
      });
      for await (const entity of rows) {
        const targets = overrideTargetsSchema.safeParse(safeJson(entity.targetsJson));
        const hold = holdSchema.safeParse(entity.hold);
        if (!targets.success || !hold.success) {
          throw new InvalidScheduleRowError(name, entity.rowKey);
        }
        overrides.push({
          id: entity.rowKey.slice(ROW.overridePrefix.length),
          targets: targets.data,
          hold: hold.data,
          createdDateTime: entity.createdDateTime,
          until: entity.until,
        });
      }
      return overrides.sort((a, b) => (a.until < b.until ? -1 : a.until > b.until ? 1 : 0));
    },

    async addOverride(name, override) {
      const entity: OverrideEntity = {
        partitionKey: name,
        rowKey: `${ROW.overridePrefix}${override.id}`,
        targetsJson: JSON.stringify(override.targets),
        hold: override.hold,
        createdDateTime: override.createdDateTime,
        until: override.until,
      };
      await table.createEntity(entity);
    },

    async deleteOverride(name, overrideId) {
      try {
        await table.deleteEntity(name, `${ROW.overridePrefix}${overrideId}`);
        return true;
      } catch (error) {
        if (statusCodeOf(error) === 404) return false;
        throw error;
      }
    },
  };
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

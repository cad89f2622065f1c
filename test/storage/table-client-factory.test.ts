import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/config/env.js';
import {
  createTableClientFromEnv,
  createTableServiceClientFromEnv,
  ensureTable,
} from '../../src/storage/table-client-factory.js';
import { createTableOperationStore } from '../../src/storage/table-operation-store.js';
import { azuriteConnectionString, uniqueTableName } from '../harness/tables.js';
import { anOperationRecord } from './records.js';

function configurationErrorFrom(build: () => unknown): ConfigurationError {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('createTableServiceClientFromEnv', () => {
  it('connects with an Azurite connection string over plain http', async () => {
    const env = { AzureWebJobsStorage: azuriteConnectionString() };
    const tableName = uniqueTableName('factory');
    const table = createTableServiceClientFromEnv(env).table(tableName);
    await ensureTable(table);
    await ensureTable(table);
    await Promise.all([ensureTable(table), ensureTable(createTableClientFromEnv(env, tableName))]);

    const store = createTableOperationStore(table);
    const record = anOperationRecord();
    await store.create(record);
    expect((await store.get(record.id))?.record).toEqual(record);

    const tables: string[] = [];
    for await (const item of createTableServiceClientFromEnv(env).service.listTables())
      tables.push(item.name ?? '');
    expect(tables).toContain(tableName);
  });

  it('names the setting when nothing usable is configured', () => {
    for (const env of [{}, { AzureWebJobsStorage: '  ' }]) {
      const error = configurationErrorFrom(() => createTableServiceClientFromEnv(env));
      expect(error.setting).toBe('AzureWebJobsStorage');
      expect(error.message).toContain('AzureWebJobsStorage');
      expect(error.message).toContain('AzureWebJobsStorage__accountName');
    }
  });

  it('never echoes a connection string it cannot use', () => {
    const secret = 'c3VwZXJzZWNyZXRrZXk=';
    for (const value of [`AccountKey=${secret}`, `notaconnectionstring${secret}`]) {
      const error = configurationErrorFrom(() =>
        createTableServiceClientFromEnv({ AzureWebJobsStorage: value }),
      );
      expect(error.setting).toBe('AzureWebJobsStorage');
      expect(error.message).not.toContain(secret);
      expect(String(error.stack)).not.toContain(secret);
    }
  });

  it('uses an Entra ID identity for the account name or table service URI', () => {
    expect(
      createTableServiceClientFromEnv({ AzureWebJobsStorage__accountName: 'opsstore01' }).service.url,
    ).toBe('https://opsstore01.table.core.windows.net');
    const byUri = createTableServiceClientFromEnv({
      AzureWebJobsStorage__tableServiceUri: 'https://custom.example.net/',
      AzureWebJobsStorage__clientId: '00000000-0000-0000-0000-000000000001',
    });
    expect(byUri.service.url).toBe('https://custom.example.net');
    expect(byUri.table('operations').url).toBe('https://custom.example.net');
    expect(byUri.table('operations').tableName).toBe('operations');

    const invalid = configurationErrorFrom(() =>
      createTableServiceClientFromEnv({ AzureWebJobsStorage__accountName: 'Not_An-Account' }),
    );
    expect(invalid.setting).toBe('AzureWebJobsStorage__accountName');
  });
});

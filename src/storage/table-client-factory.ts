import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import type { TokenCredential } from '@azure/core-auth';
import { ConfigurationError, readOptionalString, type Env } from '../config/env.js';
import { lazyDefaultAzureCredential } from '../shared/lazy-credential.js';
import { statusCodeOf } from './table-errors.js';

/**
 * Builds Table Storage clients from the same settings the Functions host reads for its own storage,
 * so one `AzureWebJobsStorage` (connection string, or the identity-based `__` settings) serves both.
 */

/** The settings, in the Functions host's spelling. */
export const STORAGE_SETTINGS = {
  connection: 'AzureWebJobsStorage',
  tableServiceUri: 'AzureWebJobsStorage__tableServiceUri',
  accountName: 'AzureWebJobsStorage__accountName',
  clientId: 'AzureWebJobsStorage__clientId',
  fallbackClientId: 'AZURE_CLIENT_ID',
} as const;

/** Where the tables live and how to authenticate; resolved once from the environment. */
export type TableStorageTarget =
  | { kind: 'connectionString'; connectionString: string; options: TableServiceClientOptions }
  | { kind: 'identity'; tableServiceUrl: string; credential: TokenCredential };

/**
 * The account's clients. Not a `TableServiceClient` subclass: that class already has a private `table`
 * member, so adding `table(name)` to it would break it.
 */
export interface TableStorageClients {
  /** The account's service client (create, delete, list tables). */
  service: TableServiceClient;
  /** A client for `tableName` on the same account, with the same authentication. */
  table(tableName: string): TableClient;
}

/**
 * Reads the storage settings. Throws `ConfigurationError` naming the settings when none is usable; the
 * connection string itself never appears in an error (it holds the account key).
 */
export function resolveTableStorageTarget(env: Env): TableStorageTarget {
  const connectionString = readOptionalString(env, STORAGE_SETTINGS.connection);
  if (connectionString !== undefined) {
    if (!looksLikeConnectionString(connectionString)) {
      throw new ConfigurationError(
        STORAGE_SETTINGS.connection,
        `${STORAGE_SETTINGS.connection} is not a storage connection string ` +
          `(expected 'UseDevelopmentStorage=true' or 'Key=value;...' pairs with an account key or SAS).`,
      );
    }
    return {
      kind: 'connectionString',
      connectionString,
      options: targetsPlainHttp(connectionString) ? { allowInsecureConnection: true } : {},
    };
  }

  const tableServiceUrl = identityTableServiceUrl(env);
  if (tableServiceUrl !== undefined) {
    const clientId =
      readOptionalString(env, STORAGE_SETTINGS.clientId) ??
      readOptionalString(env, STORAGE_SETTINGS.fallbackClientId);
    const credential = lazyDefaultAzureCredential(clientId);
    return { kind: 'identity', tableServiceUrl, credential };
  }

  throw new ConfigurationError(
    STORAGE_SETTINGS.connection,
    `${STORAGE_SETTINGS.connection} is required: set it to a storage connection string, or set ` +
      `${STORAGE_SETTINGS.tableServiceUri} or ${STORAGE_SETTINGS.accountName} to use an Entra ID identity.`,
  );
}

/** The clients for the account in `env`: `service`, and `table(name)` for single tables. */
export function createTableServiceClientFromEnv(env: Env): TableStorageClients {
  const target = resolveTableStorageTarget(env);
  return {
    service: createTableServiceClient(target),
    table: (tableName) => createTableClient(target, tableName),
  };
}

export function createTableServiceClient(target: TableStorageTarget): TableServiceClient {
  return target.kind === 'connectionString'
    ? withoutSecretInError(() =>
        TableServiceClient.fromConnectionString(target.connectionString, { ...target.options }),
      )
    : new TableServiceClient(target.tableServiceUrl, target.credential);
}

export function createTableClient(target: TableStorageTarget, tableName: string): TableClient {
  return target.kind === 'connectionString'
    ? withoutSecretInError(() =>
        TableClient.fromConnectionString(target.connectionString, tableName, { ...target.options }),
      )
    : new TableClient(target.tableServiceUrl, tableName, target.credential);
}

/** A client for one table of the account in `env`. */
export function createTableClientFromEnv(env: Env, tableName: string): TableClient {
  return createTableClient(resolveTableStorageTarget(env), tableName);
}

/** Creates the table unless it exists; safe when several instances start at once. */
export async function ensureTable(client: TableClient): Promise<void> {
  try {
    await client.createTable();
  } catch (error) {
    // The SDK already swallows 409 TableAlreadyExists; a race with a concurrent creator or a table
    // being deleted can still surface as 409, which for us means "it is there".
    if (statusCodeOf(error) !== 409) throw error;
  }
}

function identityTableServiceUrl(env: Env): string | undefined {
  const uri = readOptionalString(env, STORAGE_SETTINGS.tableServiceUri);
  if (uri !== undefined) {
    if (!URL.canParse(uri)) {
      throw new ConfigurationError(
        STORAGE_SETTINGS.tableServiceUri,
        `${STORAGE_SETTINGS.tableServiceUri} must be an absolute URL.`,
      );
    }
    return uri.replace(/\/+$/, '');
  }
  const account = readOptionalString(env, STORAGE_SETTINGS.accountName);
  if (account === undefined) return undefined;
  if (!/^[a-z0-9]{3,24}$/.test(account)) {
    throw new ConfigurationError(
      STORAGE_SETTINGS.accountName,
      `${STORAGE_SETTINGS.accountName} must be a storage account name (3-24 lowercase letters and digits).`,
    );
  }
  return `https://${account}.table.core.windows.net`;
}

function looksLikeConnectionString(value: string): boolean {
  return /^usedevelopmentstorage=true$/i.test(value) || /(^|;)\s*[A-Za-z]+=[^;]/.test(value);
}

/** Azurite and other local emulators listen on plain http; the SDK refuses http unless told. */
function targetsPlainHttp(connectionString: string): boolean {
  return (
    /usedevelopmentstorage=true/i.test(connectionString) ||
    /(^|;)\s*TableEndpoint=http:/i.test(connectionString) ||
    /(^|;)\s*DefaultEndpointsProtocol=http(;|$)/i.test(connectionString)
  );
}

/** The SDK's parse errors are generic, but keep our own message so nothing from the string can leak. */
function withoutSecretInError<T>(build: () => T): T {
  try {
    return build();
  } catch {
    throw new ConfigurationError(
      STORAGE_SETTINGS.connection,
      `${STORAGE_SETTINGS.connection} could not be parsed as a storage connection string.`,
    );
  }
}

import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

/** The connection string of the run's Azurite (started by global-setup.ts). */
export function azuriteConnectionString(): string {
  return inject('azuriteConnectionString');
}

/** A table name no other test uses: Table names are 3-63 alphanumerics starting with a letter. */
export function uniqueTableName(prefix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9]/g, '')}${randomBytes(6).toString('hex')}`;
}

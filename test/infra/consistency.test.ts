import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_COMMANDS_QUEUE,
  DEFAULT_DELIVERIES_QUEUE,
  DEFAULT_EVENTS_TOPIC,
  EVENT_SUBSCRIPTIONS,
  EVENT_TYPE_PROPERTY,
  TABLES,
} from '../../src/config/names.js';
import { REQUIRED_ROLES, type RoleScope } from '../../src/config/required-roles.js';
import { SETTINGS, type SettingSpec } from '../../src/config/settings-catalog.js';
import { STANDALONE_BUS_CONCURRENCY } from '../../src/standalone/host.js';
import {
  bodyObject,
  declaration,
  declarations,
  isExpression,
  isObject,
  parseValue,
  type BicepDeclaration,
  type BicepValue,
} from './bicep.js';
import { listSourceFiles, scanSettingReads, type SettingRead } from './setting-reads.js';

/**
 * The code, the settings catalog and infra/ must agree: a setting the code reads that Bicep does not
 * set (and that has no default), an entity name that differs, or a role the code needs that is not
 * assigned would each break the deployed app while every other test stays green.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Never deployed: `npm start`'s standalone host, the AI services simulator and the `cogops` CLI run only on
 * a developer's machine (src/index.ts, the Functions entry point, imports none of them), and read
 * local-only variables such as PORT, SIMULATOR_PORT and COGOPS_URL. Excluded so the catalog lists only
 * what the deployed app reads.
 */
const LOCAL_ONLY_FOLDERS = ['src/standalone', 'src/simulator', 'src/cli'];

/** Settings Bicep sets for the Functions host itself; the code never reads them. */
const HOST_SETTINGS = new Set([
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'APPLICATIONINSIGHTS_AUTHENTICATION_STRING',
]);

/** Identity-based connection properties that say how to authenticate rather than where to connect. */
const CREDENTIAL_SUFFIXES = new Set(['credential', 'clientId']);

const catalog: readonly SettingSpec[] = SETTINGS;
const catalogByName = new Map(catalog.map((setting) => [setting.name, setting]));

const readInfra = (path: string): string => readFileSync(join(ROOT, 'infra', path), 'utf8');
const main = declarations(readInfra('main.bicep'));
const api = declarations(readInfra('app/api.bicep'));
const serviceBus = declarations(readInfra('app/service-bus.bicep'));
const storage = declarations(readInfra('app/storage.bicep'));

const scan = scanSettingReads(ROOT, listSourceFiles(ROOT, 'src', LOCAL_ONLY_FOLDERS));

/** `AzureWebJobsStorage__tableServiceUri` -> `AzureWebJobsStorage`. */
const baseName = (name: string): string => name.split('__')[0]!;
const where = (read: SettingRead): string => `${read.name} (${read.file}:${read.line})`;

function objectVar(
  decls: readonly BicepDeclaration[],
  name: string,
  file: string,
): { [key: string]: BicepValue } {
  const value = parseValue(declaration(decls, 'var', name, file).body);
  if (!isObject(value)) throw new Error(`${file}: var ${name} is not an object literal.`);
  return value;
}

/** Settings api.bicep always sets, and those it sets as Key Vault references once their secrets exist. */
const appSettings = objectVar(api, 'appSettings', 'infra/app/api.bicep');
const keyVaultBackedSettings = objectVar(api, 'keyVaultBackedSettings', 'infra/app/api.bicep');
const bicepSettingNames = [...Object.keys(appSettings), ...Object.keys(keyVaultBackedSettings)];

const asText = (value: BicepValue | undefined): string => (typeof value === 'string' ? value : '');

const isSetInBicep = (name: string): boolean =>
  bicepSettingNames.some((set) => set === name || set.startsWith(`${name}__`));

describe('infra consistency: app settings', () => {
  it('finds the settings the code reads (the scanner itself works on this tree)', () => {
    const names = new Set(scan.reads.map((read) => read.name));
    expect(names).toContain('COMMANDS_QUEUE');
    expect(names).toContain('AI_RESOURCES');
    expect(names).toContain('POLLER_SCHEDULE');
    expect(names).toContain('ServiceBusConnection');
  });

  it('every setting the code reads is in src/config/settings-catalog.ts', () => {
    const unknown = scan.reads.filter(
      (read) => !catalogByName.has(read.name) && !catalogByName.has(baseName(read.name)),
    );
    expect(unknown.map(where), 'settings read by the code but missing from SETTINGS').toEqual([]);
  });

  it('every setting name the code builds at run time is documented in the catalog', () => {
    const documentation = catalog.map((setting) => `${setting.name} ${setting.description}`).join('\n');
    const undocumented = scan.dynamic
      .filter((read) =>
        read.fragments.some((fragment) => fragment.length >= 3 && !documentation.includes(fragment)),
      )
      .map((read) => `${read.fragments.join('…')} (${read.file}:${read.line})`);
    expect(undocumented, 'describe the pattern (e.g. AI_KEY_<NAME>) in a catalog entry').toEqual([]);
  });

  it('Bicep sets every catalog setting that has no default, directly or in its identity-based form', () => {
    const missing = catalog
      .filter(
        (setting) =>
          (setting.required === true || setting.default === undefined) && setting.platform !== true,
      )
      .map((setting) => setting.name)
      .filter((name) => !isSetInBicep(name));
    expect(missing, 'set these in infra/app/api.bicep (appSettings or keyVaultBackedSettings)').toEqual([]);
  });

  it('Bicep sets no setting the code does not know (a setting renamed in code only)', () => {
    const unknown = bicepSettingNames.filter(
      (name) => !catalogByName.has(baseName(name)) && !HOST_SETTINGS.has(name),
    );
    expect(unknown, 'infra/app/api.bicep sets settings that are not in SETTINGS').toEqual([]);
  });

  it('identity-based connections use the managed identity and a form of the setting the code reads', () => {
    const problems: string[] = [];
    const connections = new Set(
      Object.keys(appSettings)
        .filter((name) => name.includes('__'))
        .map(baseName),
    );
    expect(connections).toEqual(new Set(['AzureWebJobsStorage', 'ServiceBusConnection']));
    for (const connection of connections) {
      if (appSettings[`${connection}__credential`] !== 'managedidentity') {
        problems.push(`${connection}__credential must be 'managedidentity'`);
      }
      if (!(`${connection}__clientId` in appSettings)) problems.push(`${connection}__clientId is not set`);
      if (connection in appSettings) problems.push(`${connection} (a connection string) is set as well`);
      const readForms = new Set(
        scan.reads
          .filter((read) => baseName(read.name) === connection && read.name.includes('__'))
          .map((read) => read.name)
          .filter((name) => !CREDENTIAL_SUFFIXES.has(name.split('__')[1]!)),
      );
      if (readForms.size > 0 && ![...readForms].some((form) => form in appSettings)) {
        problems.push(`the code reads ${[...readForms].join(' or ')}, Bicep sets none of them`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no app setting carries an account key or a SAS connection string', () => {
    const withKeys = Object.entries(appSettings)
      .filter(([, value]) =>
        /AccountKey=|SharedAccessKey|listKeys\(|connectionString\(/i.test(JSON.stringify(value)),
      )
      .map(([name]) => name);
    expect(withKeys).toEqual([]);
  });

  it('secret settings reach the app only as Key Vault references', () => {
    const secretsSetInPlain = catalog
      .filter((setting) => setting.secret === true && setting.name in appSettings)
      .map((setting) => setting.name);
    expect(secretsSetInPlain).toEqual([]);
    const body = declaration(api, 'var', 'keyVaultReferenceSettings', 'infra/app/api.bicep').body;
    expect(body).toContain('@Microsoft.KeyVault(');
  });
});

describe('infra consistency: queue, topic, subscription and table names', () => {
  const names = objectVar(main, 'names', 'infra/main.bicep');
  const moduleParams = (name: string): { [key: string]: BicepValue } =>
    bodyObject(declaration(main, 'module', name, 'infra/main.bicep').body)['params'] as {
      [key: string]: BicepValue;
    };
  const expression = (value: BicepValue | undefined): string | undefined =>
    isExpression(value) ? value.expression : undefined;
  const resourceOfType = (decls: readonly BicepDeclaration[], type: string): BicepDeclaration[] =>
    decls.filter((d) => d.keyword === 'resource' && d.type === type && !d.existing);

  it('main.bicep names the entities and tables as src/config/names.ts does', () => {
    expect({
      commandsQueue: names['commandsQueue'],
      deliveriesQueue: names['deliveriesQueue'],
      eventsTopic: names['eventsTopic'],
      eventSubscriptions: names['eventSubscriptions'],
      eventTypeProperty: names['eventTypeProperty'],
      tables: names['tables'],
    }).toEqual({
      commandsQueue: DEFAULT_COMMANDS_QUEUE,
      deliveriesQueue: DEFAULT_DELIVERIES_QUEUE,
      eventsTopic: DEFAULT_EVENTS_TOPIC,
      eventSubscriptions: Object.values(EVENT_SUBSCRIPTIONS),
      eventTypeProperty: EVENT_TYPE_PROPERTY,
      tables: Object.values(TABLES),
    });
  });

  it('the Service Bus module creates the queue, topic and subscriptions from those names', () => {
    expect(moduleParams('serviceBus')).toMatchObject({
      queueName: { expression: 'names.commandsQueue' },
      deliveriesQueueName: { expression: 'names.deliveriesQueue' },
      topicName: { expression: 'names.eventsTopic' },
      subscriptionNames: { expression: 'names.eventSubscriptions' },
      eventTypeProperty: { expression: 'names.eventTypeProperty' },
    });
    const queues = resourceOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/queues');
    const topics = resourceOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/topics');
    const subscriptions = resourceOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/topics/subscriptions');
    expect(queues.map((q) => expression(bodyObject(q.body)['name']))).toEqual([
      'queueName',
      'deliveriesQueueName',
    ]);
    expect(topics.map((t) => expression(bodyObject(t.body)['name']))).toEqual(['topicName']);
    const appSubscriptions = subscriptions.filter((s) =>
      /for\s+\w+\s+in\s+subscriptionNames\s*:/.test(s.body),
    );
    expect(appSubscriptions).toHaveLength(1);
    expect(expression(bodyObject(appSubscriptions[0]!.body)['name'])).toBe(
      /for\s+(\w+)\s+in/.exec(appSubscriptions[0]!.body)![1],
    );
  });

  it('the deliveries queue drops a fanned-out delivery sent twice and dead-letters what expires', () => {
    const [, queue] = resourceOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/queues');
    const properties = bodyObject(queue!.body)['properties'] as { [key: string]: BicepValue };
    expect(properties['requiresDuplicateDetection']).toBe(true);
    expect(properties['deadLetteringOnMessageExpiration']).toBe(true);
    const window = /^PT(\d+)([HM])$/.exec(asText(properties['duplicateDetectionHistoryTimeWindow']));
    expect(window && Number(window[1]) * (window[2] === 'H' ? 60 : 1)).toBeGreaterThanOrEqual(10);
    expect(properties['maxDeliveryCount']).toBeGreaterThanOrEqual(3);
  });

  it('the commands queue suits the executor: duplicate detection, dead-lettering, a lock longer than a call', () => {
    const [queue] = resourceOfType(serviceBus, 'Microsoft.ServiceBus/namespaces/queues');
    const properties = bodyObject(queue!.body)['properties'] as { [key: string]: BicepValue };
    expect(properties['requiresDuplicateDetection']).toBe(true);
    expect(properties['deadLetteringOnMessageExpiration']).toBe(true);
    const window = /^PT(\d+)([HM])$/.exec(asText(properties['duplicateDetectionHistoryTimeWindow']));
    expect(window && Number(window[1]) * (window[2] === 'H' ? 60 : 1)).toBeGreaterThanOrEqual(10);
    const lock = /^PT(\d+)([MS])$/.exec(asText(properties['lockDuration']));
    // One AI call may take 30 s (AI_REQUEST_TIMEOUT_SECONDS); the lock must outlast a slow invocation.
    expect(lock && Number(lock[1]) * (lock[2] === 'M' ? 60 : 1)).toBeGreaterThanOrEqual(60);
    expect(properties['maxDeliveryCount']).toBeGreaterThanOrEqual(3);
  });

  it('the storage module creates the tables from those names, and the app settings carry the entity names', () => {
    expect(moduleParams('storage')).toMatchObject({ tableNames: { expression: 'names.tables' } });
    const tables = resourceOfType(storage, 'Microsoft.Storage/storageAccounts/tableServices/tables');
    expect(tables.map((t) => /for\s+\w+\s+in\s+(\w+)\s*:/.exec(t.body)?.[1])).toEqual(['tableNames']);
    expect(moduleParams('api')).toMatchObject({
      commandsQueueName: { expression: 'names.commandsQueue' },
      deliveriesQueueName: { expression: 'names.deliveriesQueue' },
      eventsTopicName: { expression: 'names.eventsTopic' },
    });
    expect(appSettings).toMatchObject({
      COMMANDS_QUEUE: { expression: 'commandsQueueName' },
      DELIVERIES_QUEUE: { expression: 'deliveriesQueueName' },
      EVENTS_TOPIC: { expression: 'eventsTopicName' },
    });
  });
});

describe('infra consistency: roles', () => {
  /** Which resource type each scope in required-roles.ts means. */
  const SCOPE_TYPES: Record<RoleScope, string> = {
    storage: 'Microsoft.Storage/storageAccounts',
    servicebus: 'Microsoft.ServiceBus/namespaces',
    keyvault: 'Microsoft.KeyVault/vaults',
    ai: 'Microsoft.CognitiveServices/accounts',
  };

  interface Assignment {
    file: string;
    roleDefinitionId: string;
    principal: string;
    scopeType: string | undefined;
  }

  const bicepFiles = readdirSync(join(ROOT, 'infra', 'app'))
    .filter((name) => name.endsWith('.bicep'))
    .map((name) => `app/${name}`);

  const assignments: Assignment[] = bicepFiles.flatMap((file) => {
    const decls = declarations(readInfra(file));
    return decls
      .filter((d) => d.keyword === 'resource' && d.type === 'Microsoft.Authorization/roleAssignments')
      .map((d) => {
        const body = bodyObject(d.body);
        const properties = body['properties'] as { [key: string]: BicepValue };
        const scope = isExpression(body['scope']) ? body['scope'].expression : '';
        const role = isExpression(properties['roleDefinitionId'])
          ? properties['roleDefinitionId'].expression
          : '';
        return {
          file,
          roleDefinitionId:
            /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(role)?.[0] ?? '',
          principal: isExpression(properties['principalId']) ? properties['principalId'].expression : '',
          scopeType: decls.find((r) => r.keyword === 'resource' && r.name === scope)?.type,
        };
      });
  });

  it('every role the code needs is assigned to the app identity on a resource of the right kind', () => {
    const missing = REQUIRED_ROLES.filter(
      (role) =>
        !assignments.some(
          (a) =>
            a.roleDefinitionId === role.roleDefinitionId &&
            a.principal === 'identityPrincipalId' &&
            a.scopeType === SCOPE_TYPES[role.scope],
        ),
    ).map((role) => `${role.name} (${role.roleDefinitionId}) on ${role.scope}`);
    expect(missing).toEqual([]);
  });

  it('main.bicep hands the app identity to the role modules', () => {
    const identity = { expression: 'identity.outputs.principalId' };
    expect(bodyObject(declaration(main, 'module', 'rbac', 'infra/main.bicep').body)['params']).toMatchObject({
      identityPrincipalId: identity,
    });
    const aiRbac = declaration(main, 'module', 'aiRbac', 'infra/main.bicep');
    expect(aiRbac.type).toBe('app/ai-rbac.bicep');
    expect(bodyObject(aiRbac.body)['params']).toMatchObject({ identityPrincipalId: identity });
  });
});

describe('infra consistency: the standalone host runs triggers as host.json says', () => {
  it('handles as many messages at once per trigger as serviceBus.maxConcurrentCalls', () => {
    const hostJson = JSON.parse(readFileSync(join(ROOT, 'host.json'), 'utf8')) as {
      extensions: { serviceBus: { maxConcurrentCalls: number } };
    };
    expect(STANDALONE_BUS_CONCURRENCY).toBe(hostJson.extensions.serviceBus.maxConcurrentCalls);
  });
});

describe('infra consistency: azd', () => {
  it('azure.yaml deploys the service that api.bicep tags, with the app the tests build', () => {
    const azureYaml = readFileSync(join(ROOT, 'azure.yaml'), 'utf8');
    expect(azureYaml).toMatch(/^services:\s*\n\s+api:\s*\n/m);
    expect(azureYaml).toMatch(/^\s+host:\s*function\s*$/m);
    expect(readInfra('app/api.bicep')).toContain("'azd-service-name': 'api'");
    const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string };
    // The deployed package is staged from the build output that package.json `main` points at.
    expect(packageJson.main).toMatch(/^dist\//);
  });
});

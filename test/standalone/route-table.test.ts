import { describe, expect, it } from 'vitest';
import type { HttpFunctionDefinition } from '../../src/functions/definition.js';
import { createRouteTable } from '../../src/standalone/route-table.js';

const handler: HttpFunctionDefinition['handler'] = () => Promise.resolve({ status: 204 });
const define = (
  name: string,
  route: string,
  methods: HttpFunctionDefinition['methods'],
): HttpFunctionDefinition => ({
  kind: 'http',
  name,
  route,
  methods,
  handler,
});

describe('standalone route table', () => {
  const table = createRouteTable([
    define('getOperation', 'operations/{id}', ['GET']),
    define('listOperations', 'operations', ['GET']),
    define('overrides', 'schedules/{name}/overrides/{overrideId?}', ['GET', 'DELETE']),
    define('report', 'schedules/{name}/report', ['GET']),
  ]);

  it('routes /api paths to the definition and decodes parameters', () => {
    expect(table.match('GET', '/api/operations/abc%2Dd')).toMatchObject({
      definition: { name: 'getOperation' },
      params: { id: 'abc-d' },
    });
    expect(table.match('GET', '/api/operations/')).toMatchObject({ definition: { name: 'listOperations' } });
    expect(table.match('GET', '/api/schedules/night/report')).toMatchObject({ params: { name: 'night' } });
  });

  it('matches a complex segment: a parameter followed by a literal action (`{id}:replay`)', () => {
    const actions = createRouteTable([
      define('replay', 'deadletters/{entity}/{id}:replay', ['POST']),
      define('other', 'deadletters/{entity}/{id}', ['GET']),
    ]);
    expect(actions.match('POST', '/api/deadletters/commands/42:replay')).toMatchObject({
      definition: { name: 'replay' },
      params: { entity: 'commands', id: '42' },
    });
    expect(actions.match('POST', '/api/DeadLetters/commands/42:REPLAY')).toMatchObject({
      params: { id: '42' },
    });
    expect(actions.match('POST', '/api/deadletters/commands/42:cancel')).toEqual({
      methodNotAllowed: true,
      allow: ['GET'],
    });
    expect(actions.match('POST', '/api/deadletters/commands/:replay')).toEqual({
      methodNotAllowed: true,
      allow: ['GET'],
    });
  });

  it('supports optional parameters', () => {
    expect(table.match('DELETE', '/api/schedules/night/overrides/o1')).toMatchObject({
      params: { name: 'night', overrideId: 'o1' },
    });
    expect(table.match('GET', '/api/schedules/night/overrides')).toMatchObject({ params: { name: 'night' } });
  });

  it('matches literal segments case-insensitively and keeps parameters as sent', () => {
    expect(table.match('GET', '/API/Operations/AbC')).toMatchObject({
      definition: { name: 'getOperation' },
      params: { id: 'AbC' },
    });
  });

  it('refuses dot segments, plain or percent-encoded, instead of resolving them', () => {
    for (const path of [
      '/api/schedules/night/overrides/%2e%2e',
      '/api/schedules/night/overrides/..',
      '/api/schedules/night/%2E/report',
      '/api/operations/.%2e',
    ]) {
      expect(table.match('DELETE', path)).toEqual({ dotSegment: true });
    }
    expect(table.match('GET', '/api/operations/..x')).toMatchObject({ params: { id: '..x' } });
  });

  it('tells an unknown path from a wrong method', () => {
    expect(table.match('GET', '/api/nothing')).toBeUndefined();
    expect(table.match('GET', '/operations/x')).toBeUndefined();
    expect(table.match('POST', '/api/operations/x')).toEqual({ methodNotAllowed: true, allow: ['GET'] });
  });
});

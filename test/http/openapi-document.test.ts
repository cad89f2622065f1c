import { readFileSync } from 'node:fs';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import type { AppServices } from '../../src/composition/app-services.js';
import { createFunctionDefinitions } from '../../src/functions/all-functions.js';
import type { HttpFunctionDefinition } from '../../src/functions/definition.js';
import { ERROR_CODES } from '../../src/http/error-codes.js';
import { buildOpenApiDocument, openApiDocumentText } from '../../src/http/openapi/document.js';
import { ROUTE_DOCS } from '../../src/http/openapi/route-docs.js';

const noServices = () => Promise.reject<AppServices>(new Error('No services in this test.'));
const httpDefinitions = createFunctionDefinitions(noServices).filter(
  (definition): definition is HttpFunctionDefinition => definition.kind === 'http',
);
const document = buildOpenApiDocument();

type Json = Record<string, unknown>;
const operations = Object.values(document.paths ?? {}).flatMap((item) =>
  Object.values(item as Record<string, Json>),
);

describe('route docs', () => {
  it('document every HTTP route of both hosts, and only those', () => {
    const routes = httpDefinitions.flatMap((definition) =>
      definition.methods.map((method) => `${method} ${definition.route}`),
    );
    const documented = Object.keys(ROUTE_DOCS);
    const missing = routes.filter((route) => !documented.includes(route));
    expect(missing, `add an entry to src/http/openapi/route-docs.ts for: ${missing.join(', ')}`).toEqual([]);
    expect(
      documented.filter((route) => !routes.includes(route)),
      'entries without a route',
    ).toEqual([]);
  });

  it("name each route's function and its auth level", () => {
    for (const definition of httpDefinitions) {
      for (const method of definition.methods) {
        const doc = ROUTE_DOCS[`${method} ${definition.route}`];
        expect(doc?.name, `${method} ${definition.route}`).toBe(definition.name);
        expect(doc?.authLevel ?? 'function', `${definition.name}'s auth level`).toBe(
          definition.authLevel ?? 'function',
        );
      }
    }
  });
});

describe('the OpenAPI document', () => {
  it('is the committed docs/openapi.json (run `npm run openapi` after changing a route)', () => {
    const committed = readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8');
    expect(committed === openApiDocumentText(), 'docs/openapi.json is out of date: npm run openapi').toBe(
      true,
    );
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(
      structuredClone(document) as unknown as Parameters<Validator['validate']>[0],
    );
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every error code with its one status', () => {
    const component = (document.components?.schemas?.ErrorCode ?? {}) as { enum?: string[] };
    expect([...(component.enum ?? [])].sort()).toEqual(Object.keys(ERROR_CODES).sort());
    // Each code is answered under its own status somewhere: by a route, or by the host before any route.
    const answered = new Map<string, Set<string>>();
    const note = (status: string, response: Json) => {
      const headers = response.headers as Record<string, { schema?: { enum?: string[] } }> | undefined;
      for (const code of headers?.['x-ms-error-code']?.schema?.enum ?? []) {
        answered.set(code, new Set([...(answered.get(code) ?? []), status]));
      }
    };
    for (const operation of operations) {
      for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
        note(status, response);
      }
    }
    for (const [code, response] of Object.entries(document.components?.responses ?? {})) {
      note(String(ERROR_CODES[code as keyof typeof ERROR_CODES].status), response as unknown as Json);
    }
    for (const [code, { status }] of Object.entries(ERROR_CODES)) {
      expect([...(answered.get(code) ?? [])], `statuses ${code} is documented under`).toEqual([
        String(status),
      ]);
    }
  });

  it('describes the operation resource, the completion event and the long-running-operation headers', () => {
    const text = JSON.stringify(document);
    expect(document.components?.schemas).toHaveProperty('Operation');
    expect(document.components?.schemas).toHaveProperty('OperationEvent');
    expect(document.webhooks).toHaveProperty('operationEvent');
    const headersOf = (path: string, method: 'get' | 'post', status: string): string[] => {
      const responses = (document.paths?.[path]?.[method]?.responses ?? {}) as Record<string, Json>;
      return Object.keys(responses[status]?.headers ?? {}).sort();
    };
    expect(headersOf('/api/commands', 'post', '202')).toEqual(['Operation-Id', 'Operation-Location']);
    expect(headersOf('/api/webhooks/generic', 'post', '202')).toEqual(['Operation-Id', 'Operation-Location']);
    expect(headersOf('/api/operations/{id}', 'get', '200')).toEqual(['Retry-After']);
    expect(document.components?.responses?.MethodNotAllowed).toHaveProperty('headers.Allow');
    expect(text).not.toContain('"Invalid input');
  });
});

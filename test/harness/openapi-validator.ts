import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { oas31 } from 'zod-openapi';

/**
 * Checks a recorded answer against the OpenAPI document with ajv (JSON Schema 2020-12, the dialect of
 * OpenAPI 3.1): the status must be documented for the route, every required header present and every
 * documented header valid, the content type documented and the body valid against its schema.
 */

export interface RecordedAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the text of any other content type. */
  body: unknown;
}

type Json = Record<string, unknown>;
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const DOCUMENT_ID = 'https://cognitive-ops.invalid/openapi.json';

export function createAnswerValidator(document: oas31.OpenAPIObject) {
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, validateSchema: false }));
  ajv.addSchema({ ...(document as unknown as Json), $id: DOCUMENT_ID });
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string[]): ValidateFunction => {
    const ref = `${DOCUMENT_ID}#/${pointer.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };

  const resolve = (response: Json): { response: Json; pointer: string[] } | undefined => {
    const ref = response.$ref;
    if (typeof ref !== 'string') return undefined;
    const name = ref.replace('#/components/responses/', '');
    const target = document.components?.responses?.[name] as Json | undefined;
    return target ? { response: target, pointer: ['components', 'responses', name] } : undefined;
  };

  function check(response: Json, pointer: string[], answer: RecordedAnswer): string[] {
    const resolved = resolve(response);
    if (resolved) return check(resolved.response, resolved.pointer, answer);
    const problems: string[] = [];
    const headers = (response.headers ?? {}) as Record<string, Json>;
    for (const [name, header] of Object.entries(headers)) {
      const value = answer.headers.get(name);
      if (value === null) {
        if (header.required === true) problems.push(`header ${name} is missing`);
        continue;
      }
      const validate = validatorAt([...pointer, 'headers', name, 'schema']);
      if (!validate(value)) problems.push(`header ${name}: ${ajv.errorsText(validate.errors)}`);
    }
    const content = response.content as Record<string, Json> | undefined;
    const contentType = (answer.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!content) {
      if (answer.body !== undefined && answer.body !== '') problems.push('a body where none is documented');
      return problems;
    }
    if (!(contentType in content)) {
      problems.push(`content type '${contentType}' is not documented (${Object.keys(content).join(', ')})`);
      return problems;
    }
    const validate = validatorAt([...pointer, 'content', contentType, 'schema']);
    if (!validate(answer.body))
      problems.push(`body: ${ajv.errorsText(validate.errors, { separator: '; ' })}`);
    return problems;
  }

  return {
    /** Problems of an answer of the route `'<METHOD> <route>'` (empty when it matches the document). */
    routeAnswer(routeKey: string, answer: RecordedAnswer): string[] {
      const [method = '', route = ''] = routeKey.split(' ');
      const path = `/api/${route}`;
      const operation = (document.paths?.[path] as Record<string, Json> | undefined)?.[method.toLowerCase()];
      if (!operation) return [`${routeKey} is not in the document`];
      const responses = operation.responses as Record<string, Json>;
      const status = String(answer.status);
      const key = status in responses ? status : `${status[0]}XX` in responses ? `${status[0]}XX` : 'default';
      const response = responses[key];
      if (!response) return [`status ${status} is not documented for ${routeKey}`];
      return check(response, ['paths', path, method.toLowerCase(), 'responses', key], answer);
    },
    /** Problems of an answer the host gives before any route runs (`components.responses[code]`). */
    hostAnswer(code: string, answer: RecordedAnswer): string[] {
      const response = document.components?.responses?.[code] as Json | undefined;
      if (!response) return [`no host response ${code} in the document`];
      return check(response, ['components', 'responses', code], answer);
    },
  };
}

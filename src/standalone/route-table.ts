import type { HttpFunctionDefinition } from '../functions/definition.js';

export interface RouteMatch {
  definition: HttpFunctionDefinition;
  params: Record<string, string>;
}

export type RouteResult =
  | RouteMatch
  /** The path exists with other methods: a `405` whose `Allow` header lists them. */
  | { methodNotAllowed: true; allow: string[] }
  /** A `.` or `..` segment, written plainly or percent-encoded: refused, never resolved. */
  | { dotSegment: true }
  | undefined;

interface CompiledRoute {
  definition: HttpFunctionDefinition;
  pattern: RegExp;
  paramNames: string[];
  /** Literal segments count: `operations/{id}` must lose to a literal `operations/stats`. */
  literalSegments: number;
}

/**
 * Matches raw `/api/...` paths (as they came on the request line, still percent-encoded) to HTTP
 * definitions the way the Functions host does for the route templates we use (`a/{b}/c`, optional
 * `{b?}`): literal segments compare case-insensitively (ASP.NET Core routing), a trailing slash is
 * ignored, literal routes win over parameterised ones, and parameters are percent-decoded after matching.
 *
 * Dot segments are not resolved: resolving `overrides/%2e%2e` would turn a request on an override into a
 * request on its schedule. A path with one is refused instead (`dotSegment`).
 */
export function createRouteTable(definitions: HttpFunctionDefinition[], prefix = 'api') {
  const routes: CompiledRoute[] = definitions
    .map((definition) => compile(definition))
    .sort((a, b) => b.literalSegments - a.literalSegments);
  const prefixPattern = new RegExp(`^/${escapeRegExp(prefix)}/`, 'i');

  return {
    /**
     * `undefined` when no route matches the raw path; `methodNotAllowed` when only the method differs.
     * Throws `URIError` for a parameter whose percent-encoding is broken.
     */
    match(method: string, rawPath: string): RouteResult {
      if (rawPath.split('/').some(isDotSegment)) return { dotSegment: true };
      const path = rawPath.replace(/\/$/, '');
      if (!prefixPattern.test(path)) return undefined;
      const relative = path.slice(prefix.length + 2);
      const allow = new Set<string>();
      for (const route of routes) {
        const found = route.pattern.exec(relative);
        if (!found) continue;
        if (!route.definition.methods.includes(method.toUpperCase() as never)) {
          for (const allowed of route.definition.methods) allow.add(allowed);
          continue;
        }
        const params: Record<string, string> = {};
        route.paramNames.forEach((name, index) => {
          const value = found[index + 1];
          if (value !== undefined) params[name] = decodeURIComponent(value);
        });
        return { definition: route.definition, params };
      }
      return allow.size > 0 ? { methodNotAllowed: true, allow: [...allow].sort() } : undefined;
    },
  };
}

/** `.`, `..` and their percent-encoded spellings (`%2e`, `.%2E`, ...). */
function isDotSegment(segment: string): boolean {
  return /^(?:\.|%2e){1,2}$/i.test(segment);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function compile(definition: HttpFunctionDefinition): CompiledRoute {
  const paramNames: string[] = [];
  let literalSegments = 0;
  const source = definition.route
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)(\?)?\}$/.exec(segment);
      if (param) {
        paramNames.push(param[1] ?? '');
        return param[2] ? '(?:/([^/]+))?' : '/([^/]+)';
      }
      if (!segment.includes('{')) {
        literalSegments += 1;
        return `/${escapeRegExp(segment)}`;
      }
      // A complex segment (`{id}:replay`): parameters between literal text, as ASP.NET Core routing allows.
      return `/${segment
        .split(/(\{\w+\})/)
        .map((part) => {
          const inner = /^\{(\w+)\}$/.exec(part);
          if (!inner) return escapeRegExp(part);
          paramNames.push(inner[1] ?? '');
          return '([^/]+?)';
        })
        .join('')}`;
    })
    .join('')
    .slice(1);
  return { definition, pattern: new RegExp(`^${source}$`, 'i'), paramNames, literalSegments };
}

import type { HttpFunctionDefinition } from '../functions/definition.js';

export interface RouteMatch {
  definition: HttpFunctionDefinition;
  params: Record<string, string>;
}

interface CompiledRoute {
  definition: HttpFunctionDefinition;
  pattern: RegExp;
  paramNames: string[];
  /** Literal segments count: `operations/{id}` must lose to a literal `operations/stats`. */
  literalSegments: number;
}

/**
 * Matches `/api/...` paths to HTTP definitions the way the Functions host does for the route templates we
 * use (`a/{b}/c`, optional `{b?}`); literal routes win over parameterised ones.
 */
export function createRouteTable(definitions: HttpFunctionDefinition[], prefix = 'api') {
  const routes: CompiledRoute[] = definitions
    .map((definition) => compile(definition))
    .sort((a, b) => b.literalSegments - a.literalSegments);

  return {
    /** `undefined` when no route matches the path; `methodNotAllowed` when only the method differs. */
    match(method: string, pathname: string): RouteMatch | { methodNotAllowed: true } | undefined {
      const path = pathname.replace(/\/+$/, '');
      if (!path.startsWith(`/${prefix}/`)) return undefined;
      const relative = path.slice(prefix.length + 2);
      let pathMatched = false;
      for (const route of routes) {
        const found = route.pattern.exec(relative);
        if (!found) continue;
        pathMatched = true;
        if (!route.definition.methods.includes(method.toUpperCase() as never)) continue;
        const params: Record<string, string> = {};
        route.paramNames.forEach((name, index) => {
          const value = found[index + 1];
          if (value !== undefined) params[name] = decodeURIComponent(value);
        });
        return { definition: route.definition, params };
      }
      return pathMatched ? { methodNotAllowed: true } : undefined;
    },
  };
}

function compile(definition: HttpFunctionDefinition): CompiledRoute {
  const paramNames: string[] = [];
  let literalSegments = 0;
  const source = definition.route
    .split('/')
    .map((segment) => {
      const param = /^\{(\w+)(\?)?\}$/.exec(segment);
      if (!param) {
        literalSegments += 1;
        return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      }
      paramNames.push(param[1] ?? '');
      return param[2] ? '(?:/([^/]+))?' : '/([^/]+)';
    })
    .join('')
    .slice(1);
  return { definition, pattern: new RegExp(`^${source}$`), paramNames, literalSegments };
}

/**
 * The `@azure/functions` classes the standalone host constructs. The package is CommonJS and Node's ESM
 * loader only detects some of its named exports (`app`, but not `HttpRequest`), so they are read from the
 * default export, which works both under Node and under vitest.
 */
import azureFunctions from '@azure/functions';

export const { HttpRequest, HttpResponse, InvocationContext } = azureFunctions;

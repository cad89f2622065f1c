import type { FunctionDefinition } from './definition.js';

/** What the Functions host needs to index a function: everything of its definition but the handler. */
export type FunctionRegistration = FunctionDefinition extends infer D
  ? D extends FunctionDefinition
    ? Omit<D, 'handler'>
    : never
  : never;

/** The registration facts of a definition, in the form `FUNCTION_MANIFEST` lists them. */
export function registrationOf(definition: FunctionDefinition): FunctionRegistration {
  const { handler: _handler, ...registration } = definition;
  return registration;
}

/**
 * Definitions whose handlers load the real ones (`load`, once, shared) on their first invocation and
 * then hand every call to the definition of the same name. Registration itself loads nothing.
 */
export function lazyDefinitions(
  registrations: readonly FunctionRegistration[],
  load: () => Promise<readonly FunctionDefinition[]>,
): FunctionDefinition[] {
  let byName: Promise<Map<string, FunctionDefinition>> | undefined;
  const definitionNamed = async (name: string): Promise<FunctionDefinition> => {
    byName ??= load().then(
      (definitions) => new Map(definitions.map((definition) => [definition.name, definition])),
      (error: unknown) => {
        byName = undefined;
        throw error;
      },
    );
    const definition = (await byName).get(name);
    if (!definition) throw new Error(`Function '${name}' is registered but has no definition.`);
    return definition;
  };
  return registrations.map((registration) => {
    // The handler's arguments differ by trigger kind; the definition of the same name has the same kind.
    const handler = async (...args: unknown[]): Promise<unknown> => {
      const definition = await definitionNamed(registration.name);
      return (definition.handler as (...handlerArgs: unknown[]) => Promise<unknown>)(...args);
    };
    return { ...registration, handler } as FunctionDefinition;
  });
}

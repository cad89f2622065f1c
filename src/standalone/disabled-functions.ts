import type { FunctionDefinition } from '../functions/definition.js';

/**
 * Azure's switch for one function: the app setting `AzureWebJobs.<name>.Disabled`, or
 * `AzureWebJobs_<name>_Disabled` where an environment variable cannot hold dots (a Linux shell). The
 * Functions host reads it at start-up (the WebJobs SDK's `HostListenerFactory.IsDisabled`) and then
 * ignores the function's trigger (an HTTP route answers 404); "true" or "1", in any case, turns it off,
 * anything else leaves it on. The standalone host honours the same setting, so an operator's pause
 * works the same in both places.
 */
export function disabledSettingOf(functionName: string): string {
  return `AzureWebJobs.${functionName}.Disabled`;
}

export function isFunctionDisabled(
  functionName: string,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return [disabledSettingOf(functionName), `AzureWebJobs_${functionName}_Disabled`].some((name) => {
    const value = env[name]?.toLowerCase();
    return value === 'true' || value === '1';
  });
}

/** The definitions to run, and the names of those the settings turned off. Pure. */
export function withoutDisabled(
  definitions: readonly FunctionDefinition[],
  env: Readonly<Record<string, string | undefined>>,
): { enabled: FunctionDefinition[]; disabled: string[] } {
  const enabled: FunctionDefinition[] = [];
  const disabled: string[] = [];
  for (const definition of definitions) {
    if (isFunctionDisabled(definition.name, env)) disabled.push(definition.name);
    else enabled.push(definition);
  }
  return { enabled, disabled };
}

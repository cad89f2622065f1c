import { buildCommandSchemas, type CommandSchemas } from '../domain/command-schema.js';
import type { Action, Target } from '../domain/operation.js';
import type { KindSteps, OperationKind, TargetCheckContext, TargetProblem } from './kind.js';

/** The operation kinds the app knows, looked up by `target.kind`; built once from `src/kinds/index.ts`. */
export interface KindRegistry {
  /** Every `target.kind`, in the order the kinds are listed. */
  readonly names: readonly string[];
  readonly schemas: CommandSchemas;
  get(kind: string): OperationKind | undefined;
  /** The steps of `action` on a target of that kind, or undefined when the kind does not carry it out. */
  stepsFor(kind: string, action: Action): KindSteps | undefined;
  /** How people read a target; a kind this build does not know is named as it is. */
  describe(target: Target): string;
  /** The kind's refusal of this target on this resource, if any (see `OperationKind.checkTarget`). */
  checkTarget(target: Target, resource: TargetCheckContext): TargetProblem | undefined;
  /**
   * The key under which a command of `action` on `target` takes its turn, or undefined when it needs
   * none: only actions that start something upstream (a status check only reads) of a kind with a key.
   */
  targetKeyOf(target: Target, action: Action): string | undefined;
}

export function createKindRegistry(kinds: readonly OperationKind[]): KindRegistry {
  const byName = new Map<string, OperationKind>();
  for (const kind of kinds) {
    if (byName.has(kind.name)) throw new Error(`Operation kind '${kind.name}' is listed twice.`);
    byName.set(kind.name, kind);
  }
  const schemas = buildCommandSchemas(
    kinds.map((kind) => ({
      name: kind.name,
      targetSchema: kind.targetSchema,
      actions: Object.keys(kind.actions) as Action[],
    })),
  );
  return {
    names: kinds.map((kind) => kind.name),
    schemas,
    get: (name) => byName.get(name),
    stepsFor: (name, action) => byName.get(name)?.actions[action],
    describe: (target) => byName.get(target.kind)?.describe(target) ?? `${target.kind} target`,
    checkTarget: (target, resource) => byName.get(target.kind)?.checkTarget?.(target, resource),
    targetKeyOf: (target, action) => {
      const kind = byName.get(target.kind);
      return kind?.actions[action]?.start ? kind.targetKey?.(target) : undefined;
    },
  };
}

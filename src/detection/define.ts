/**
 * What detection modules call: `defineDetection`, `defineException`,
 * `definePack` and `env`. Each returns its input unchanged, marked with a
 * symbol so the loader can tell detections, exceptions and pack settings apart
 * from helper exports. Validation happens at load time (zod), not here, so a
 * broken module still loads far enough to report every problem with a location.
 */
import type { DetectionField } from "./fields.ts";
import type { MitreTacticId, MitreTechniqueId } from "./mitre-catalogue.ts";
import type { DetectionInputShape, PackInputShape } from "./schema.ts";

// Symbol.for: the loader and the module may see two copies of this file (tsx
// and vitest each keep a module graph); a registered symbol is the same in both.
export const DETECTION_MARK = Symbol.for("dac.detection");
export const EXCEPTION_MARK = Symbol.for("dac.exception");
export const PACK_MARK = Symbol.for("dac.pack");

/** A reference to a list in the environment's `exceptionValues`. */
export interface EnvRef {
  readonly kind: "env";
  readonly key: string;
}

/** `env("adminAccounts")`: resolved per environment by resolveDetection. */
export function env(key: string): EnvRef {
  return { kind: "env", key };
}

type EntryBase = { readonly field: DetectionField; readonly negate?: boolean };
export type ExceptionEntryInput =
  | (EntryBase & { readonly kind: "equals"; readonly value: string | EnvRef })
  | (EntryBase & { readonly kind: "any-of"; readonly values: readonly string[] | EnvRef })
  | (EntryBase & { readonly kind: "wildcard"; readonly pattern: string | EnvRef })
  | (EntryBase & { readonly kind: "exists" })
  | (EntryBase & { readonly kind: "cidr"; readonly cidrs: readonly string[] | EnvRef });

export interface ExceptionInput {
  readonly name: string;
  readonly description: string;
  /** ANDed: an event is excepted when every entry matches. */
  readonly entries: readonly ExceptionEntryInput[];
}

/** zod's input types use mutable arrays; modules often build them `as const`. */
type ReadonlyDeep<T> = T extends readonly (infer U)[] ? readonly ReadonlyDeep<U>[] : T extends object ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> } : T;

/**
 * One ATT&CK mapping: an active technique (under its catalogue tactics), a
 * tactic alone, or a technique under tactics the module names.
 */
export type MitreMapping = MitreTechniqueId | MitreTacticId | { readonly technique: MitreTechniqueId; readonly tactics: readonly MitreTacticId[] };

/** The typed input of a detection module (see schema.ts for defaults and rules). */
export type DetectionInput = ReadonlyDeep<Omit<DetectionInputShape, "mitre" | "entityField" | "exceptions">> & {
  readonly mitre: readonly MitreMapping[];
  readonly entityField?: DetectionField;
  readonly exceptions?: readonly string[];
};

export type DetectionDefinition = DetectionInput & { readonly [DETECTION_MARK]: true };
export type ExceptionDefinitionInput = ExceptionInput & { readonly [EXCEPTION_MARK]: true };
export type PackDefinition = PackInputShape & { readonly [PACK_MARK]: true };

function mark<T extends object, S extends symbol>(value: T, symbol: S): T & { readonly [K in S]: true } {
  // Non-enumerable so zod's strict object check and JSON output never see it.
  Object.defineProperty(value, symbol, { value: true, enumerable: false });
  return value as T & { readonly [K in S]: true };
}

export function defineDetection(input: DetectionInput): DetectionDefinition {
  return mark({ ...input }, DETECTION_MARK);
}

export function defineException(input: ExceptionInput): ExceptionDefinitionInput {
  return mark({ ...input }, EXCEPTION_MARK);
}

export function definePack(input: PackInputShape): PackDefinition {
  return mark({ ...input }, PACK_MARK);
}

export function isMarked(value: unknown, symbol: symbol): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[symbol] === true;
}

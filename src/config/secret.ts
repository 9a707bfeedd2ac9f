import { inspect } from "node:util";

/**
 * A credential read from the process environment. It prints as `***` in every
 * way a value usually leaks (String(), template strings, JSON.stringify,
 * console.log / util.inspect); call `reveal()` only where the HTTP client
 * needs the raw value.
 */
export class Secret {
  readonly #value: string;
  /** The environment variable it came from: safe to print, useful in errors. */
  readonly source: string;

  constructor(value: string, source: string) {
    this.#value = value;
    this.source = source;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return "***";
  }

  toJSON(): string {
    return "***";
  }

  [inspect.custom](): string {
    return `Secret(${this.source}: ***)`;
  }
}

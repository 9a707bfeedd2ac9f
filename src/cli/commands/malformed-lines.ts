/**
 * The one rule for event lines that are not JSON objects, shared by `dac scan`
 * and `dac eql search`: the line is skipped, the run goes on over the rest,
 * and at the end dac says how many were skipped and where the first one is,
 * then exits 1 (as grep does after a read error) so a script notices that
 * the results cover less than the whole file.
 */
export class MalformedLines {
  #count = 0;
  #first: string | undefined;

  constructor(private readonly command: string) {}

  get count(): number {
    return this.#count;
  }

  /** `location` is `file:line`. */
  add(location: string, reason: string): void {
    this.#count++;
    this.#first ??= `${location}: ${reason}`;
  }

  /** The stderr line for the skipped lines, or undefined when there were none. */
  describe(): string | undefined {
    if (this.#count === 0) return undefined;
    return `dac ${this.command}: skipped ${this.#count} malformed line${this.#count === 1 ? "" : "s"} (each event must be one JSON object per line); first: ${this.#first}`;
  }
}

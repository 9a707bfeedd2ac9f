/**
 * Kept results' events on disk instead of in the heap, for `dac eql search`.
 * Asked for every result, a search keeps every matching event until the
 * response is written: event queries because the response is ordered by
 * timestamp and the input need not be, sequences because the response opens
 * with `took` and `total`, known only at the end. A parsed event costs several
 * times its JSON text in V8's heap, so memory grew with the input.
 *
 * The engine hands each kept result to `keep` (engine option `keepResult`:
 * an event, or a whole sequence hit); its JSON goes to an unlinked temporary file (nothing is left behind, even on
 * a crash) and the hit keeps a small stand-in whose `toJSON` reads it back, so
 * `JSON.stringify` and the piecewise writer print the very same bytes as
 * before. Only the offsets stay in memory.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EqlEvent } from "../../eql/index.ts";

const FLUSH_AT = 1 << 20;

export class ResultSpool {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingBytes = 0;
  private flushedBytes = 0;

  constructor() {
    const path = join(tmpdir(), `dac-eql-results-${process.pid}-${Math.random().toString(36).slice(2)}`);
    this.fd = openSync(path, "wx+", 0o600);
    // Unlinked at once: the open descriptor keeps the data until the process ends.
    unlinkSync(path);
  }

  /** Spools `value` and returns its stand-in (the engine's `keepResult`). */
  readonly keep = (value: EqlEvent): EqlEvent => {
    const text = JSON.stringify(value);
    const length = Buffer.byteLength(text);
    const offset = this.flushedBytes + this.pendingBytes;
    this.pending.push(text);
    this.pendingBytes += length;
    if (this.pendingBytes >= FLUSH_AT) this.flush();
    return new SpooledSource(this, offset, length) as unknown as EqlEvent;
  };

  /** The event spooled at `offset`, parsed again. */
  read(offset: number, length: number): unknown {
    if (offset + length > this.flushedBytes) this.flush();
    const bytes = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) done += readSync(this.fd, bytes, done, length - done, offset + done);
    return JSON.parse(bytes.toString("utf8"));
  }

  close(): void {
    closeSync(this.fd);
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const bytes = Buffer.from(this.pending.join(""), "utf8");
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done, this.flushedBytes + done);
    this.flushedBytes += bytes.length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** A kept event or sequence while it waits on disk: serialises as the value it stands for. */
class SpooledSource {
  constructor(
    private readonly spool: ResultSpool,
    private readonly offset: number,
    private readonly length: number,
  ) {}

  toJSON(): unknown {
    return this.spool.read(this.offset, this.length);
  }
}

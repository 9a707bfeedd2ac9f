/**
 * An in-memory TargetAdapter for the sync core's own unit tests: it stores
 * bodies with dac's applied hash like a real adapter would, counts calls, and
 * lets a test inject failures per call.
 */
import { hashBody } from "../../../src/sync/hash.ts";
import type { DesiredResource, JsonObject, LiveResource, LiveState, TargetAdapter } from "../../../src/sync/target.ts";

export interface StoredObject {
  remoteId: string;
  id: string;
  name: string;
  body: JsonObject;
  appliedHash?: string;
  managed: boolean;
}

export type FailureInjector = (call: { method: "create" | "update" | "delete" | "readLive"; id?: string; attempt: number }) => unknown;

export class FakeAdapter implements TargetAdapter {
  readonly kind = "opensearch" as const;
  readonly location: string;
  readonly objects = new Map<string, StoredObject>();
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private nextRemote = 1;
  private readonly attempts = new Map<string, number>();
  /** Return an error to throw it (before the write), or {after: err} to throw after writing (lost response). */
  failWith: FailureInjector = () => undefined;
  /** Awaited inside every write, so tests can hold calls in flight. */
  gate: () => Promise<void> = () => Promise.resolve();

  constructor(location = "fake://cluster") {
    this.location = location;
  }

  seed(obj: Omit<StoredObject, "remoteId"> & { remoteId?: string }): StoredObject {
    const stored = { ...obj, remoteId: obj.remoteId ?? this.allocateRemoteId() };
    this.objects.set(stored.remoteId, stored);
    return stored;
  }

  private allocateRemoteId(): string {
    return `r${String(this.nextRemote++).padStart(4, "0")}`;
  }

  private maybeFail(method: "create" | "update" | "delete" | "readLive", id?: string): { after?: unknown } {
    const key = `${method}:${id ?? ""}`;
    const attempt = (this.attempts.get(key) ?? 0) + 1;
    this.attempts.set(key, attempt);
    const failure = this.failWith({ method, attempt, ...(id === undefined ? {} : { id }) });
    if (failure === undefined) return {};
    if (typeof failure === "object" && failure !== null && "after" in failure) return { after: (failure as { after: unknown }).after };
    throw failure;
  }

  private async write<T>(method: "create" | "update" | "delete", id: string, fn: () => T): Promise<T> {
    this.calls.push(`${method}:${id}`);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await this.gate();
      const { after } = this.maybeFail(method, id);
      const value = fn();
      if (after !== undefined) throw after;
      return value;
    } finally {
      this.inFlight--;
    }
  }

  async readLive(): Promise<LiveState> {
    this.calls.push("readLive");
    this.maybeFail("readLive");
    const managed: LiveResource[] = [];
    let unmanagedCount = 0;
    for (const o of this.objects.values()) {
      if (!o.managed) {
        unmanagedCount++;
        continue;
      }
      managed.push({
        id: o.id,
        name: o.name,
        body: structuredClone(o.body),
        handle: { remoteId: o.remoteId },
        remoteId: o.remoteId,
        ...(o.appliedHash === undefined ? {} : { appliedHash: o.appliedHash }),
      });
    }
    return { managed, unmanagedCount, calls: 1 };
  }

  create(desired: DesiredResource): Promise<void> {
    return this.write("create", desired.id, () => {
      this.seed({ id: desired.id, name: desired.name, body: structuredClone(desired.body), appliedHash: hashBody(desired.body), managed: true });
    });
  }

  update(desired: DesiredResource, live: LiveResource): Promise<void> {
    return this.write("update", desired.id, () => {
      const o = this.objects.get(live.remoteId ?? "");
      if (!o) throw Object.assign(new Error("not found"), { status: 404 });
      Object.assign(o, { name: desired.name, body: structuredClone(desired.body), appliedHash: hashBody(desired.body) });
    });
  }

  delete(live: LiveResource): Promise<void> {
    return this.write("delete", live.id, () => {
      this.objects.delete(live.remoteId ?? "");
    });
  }

  /** Simulates an edit outside dac: changes the body, keeps the stored hash. */
  editByHand(id: string, edit: (body: JsonObject) => void): void {
    for (const o of this.objects.values()) if (o.id === id && o.managed) edit(o.body);
  }

  managedIds(): string[] {
    return [...this.objects.values()].filter((o) => o.managed).map((o) => o.id).sort();
  }
}

export function desired(id: string, body: JsonObject = { query: `q-${id}`, enabled: true }): DesiredResource {
  return { id, name: `Rule ${id}`, body };
}

import { describe, expect, it } from "vitest";
import { TargetHttpError } from "../../src/sync/clients/http-errors.ts";
import { computeBackoffMs, retryWithBackoff } from "../../src/sync/retry.ts";

describe("computeBackoffMs", () => {
  it("doubles the jitter window up to the cap", () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5, 6].map((a) => computeBackoffMs(a, opts))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(computeBackoffMs(3, { ...opts, random: () => 0 })).toBe(0);
  });

  it("honours Retry-After as a floor", () => {
    const err = new TargetHttpError({ status: 429, action: "create", message: "slow down", retryAfterSeconds: 2 });
    expect(computeBackoffMs(1, { baseDelayMs: 100, maxDelayMs: 10_000, random: () => 0 }, err)).toBe(2000);
  });
});

describe("retryWithBackoff", () => {
  it("stops at the first non-retryable error", async () => {
    let calls = 0;
    const outcome = await retryWithBackoff(
      async () => {
        calls++;
        throw new TargetHttpError({ status: 409, action: "update", message: "conflict" });
      },
      { sleep: async () => {} },
    );
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
    expect(calls).toBe(1);
  });

  it("retries connection errors and returns the value with the attempt count", async () => {
    const outcome = await retryWithBackoff(
      async (attempt) => {
        if (attempt < 3) throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9200"), { code: "ECONNREFUSED" });
        return "done";
      },
      { sleep: async () => {} },
    );
    expect(outcome).toEqual({ ok: true, value: "done", attempts: 3 });
  });
});

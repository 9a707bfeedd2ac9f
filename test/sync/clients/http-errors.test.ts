import { describe, expect, it } from "vitest";
import { isRetryable, TargetHttpError } from "../../../src/sync/clients/http-errors.ts";

const http = (status: number) => new TargetHttpError({ status, action: "create", message: `HTTP ${status}` });

describe("isRetryable", () => {
  it.each([
    ["429", http(429), true],
    ["500", http(500), true],
    ["503", http(503), true],
    ["408", http(408), true],
    ["400", http(400), false],
    ["404", http(404), false],
    ["409", http(409), false],
    ["ECONNRESET", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), true],
    ["ECONNREFUSED in cause (fetch failed)", new TypeError("fetch failed", { cause: Object.assign(new Error("x"), { code: "ECONNREFUSED" }) }), true],
    ["socket hang up", new Error("socket hang up"), true],
    ["timeout", Object.assign(new Error("The operation was aborted due to timeout"), { name: "TimeoutError" }), true],
    ["status 0 (no response)", new TargetHttpError({ status: 0, action: "read", message: "no response" }), true],
    ["client errors from other libraries", Object.assign(new Error("bad"), { statusCode: 403 }), false],
    ["a plain bug", new TypeError("x is undefined"), false],
  ])("%s", (_name, err, expected) => {
    expect(isRetryable(err)).toBe(expected);
  });
});

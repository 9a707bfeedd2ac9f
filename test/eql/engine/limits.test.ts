import { describe, expect, it } from "vitest";
import { applyLimits, OrderedLimiter, planLimits, StreamLimiter } from "../../../src/eql/engine/limits.ts";

describe("planLimits", () => {
  it("puts size first in the direction of the first pipe, else of the result position", () => {
    expect(planLimits([], 10, "tail")).toEqual({ first: { kind: "tail", count: 10 }, rest: [] });
    expect(planLimits([{ kind: "head", count: 4 }, { kind: "tail", count: 2 }], 10, "tail")).toEqual({
      first: { kind: "head", count: 4 },
      rest: [{ kind: "tail", count: 2 }],
    });
    expect(planLimits([{ kind: "head", count: 40 }], 10, "tail").first).toEqual({ kind: "head", count: 10 });
  });
});

describe("limiters", () => {
  it("StreamLimiter keeps head or a tail ring buffer in order", () => {
    const tail = new StreamLimiter<number>({ kind: "tail", count: 3 });
    for (let i = 1; i <= 10; i++) tail.push(i);
    expect(tail.finish()).toEqual([8, 9, 10]);
    const head = new StreamLimiter<number>({ kind: "head", count: 2 });
    for (let i = 1; i <= 10; i++) head.push(i);
    expect(head.finish()).toEqual([1, 2]);
  });
  it("OrderedLimiter keeps the N smallest or largest of unordered input, ascending", () => {
    const tail = new OrderedLimiter<number>({ kind: "tail", count: 3 }, (a, b) => a - b);
    for (const x of [5, 1, 9, 3, 7, 8]) tail.push(x);
    expect(tail.finish()).toEqual([7, 8, 9]);
    const head = new OrderedLimiter<number>({ kind: "head", count: 2 }, (a, b) => a - b);
    for (const x of [5, 1, 9, 3]) head.push(x);
    expect(head.finish()).toEqual([1, 3]);
  });
  it("both hand only the items they store to `keep` (results spooled to disk: options.ts keepResult)", () => {
    const seen: number[] = [];
    const keep = (x: number): number => (seen.push(x), -x);
    const head = new StreamLimiter<number>({ kind: "head", count: 2 }, keep);
    for (let i = 1; i <= 10; i++) head.push(i);
    expect([head.finish(), seen.splice(0)]).toEqual([[-1, -2], [1, 2]]);
    const ordered = new OrderedLimiter<number>({ kind: "head", count: 2 }, (a, b) => Math.abs(a) - Math.abs(b), keep);
    for (const x of [1, 2, 5, 0, 9]) ordered.push(x);
    expect([ordered.finish(), seen]).toEqual([[-0, -1], [1, 2, 0]]);
  });
  it("applyLimits applies left to right", () => {
    expect(applyLimits([1, 2, 3, 4, 5], [{ kind: "head", count: 4 }, { kind: "tail", count: 2 }])).toEqual([3, 4]);
  });
});

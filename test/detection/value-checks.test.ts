import { describe, expect, it } from "vitest";
import { explainInvalidCidr, explainValueTypeMismatch } from "../../src/detection/value-checks.ts";

describe("explainInvalidCidr", () => {
  it.each(["10.0.0.0/8", "10.0.0.1", "0.0.0.0/0", "192.168.1.0/32", "fd00::/8", "::1", "2001:db8::/128"])("accepts %s", (cidr) => {
    expect(explainInvalidCidr(cidr)).toBeUndefined();
  });
  it.each([
    ["10.0.0.0/33", "prefix /33: an IPv4 prefix is a whole number from 0 to 32"],
    ["fd00::/129", "prefix /129: an IPv6 prefix is a whole number from 0 to 128"],
    ["10.0.0.0/", "prefix /:"],
    ["10.0.0.0/8.5", "prefix /8.5"],
    ["jumphost/24", "is not an IP address or CIDR block"],
    ["10.0.0.256/24", "is not an IP address or CIDR block"],
  ])("refuses %s", (cidr, why) => {
    expect(explainInvalidCidr(cidr)).toContain(why);
  });
});

describe("explainValueTypeMismatch", () => {
  it.each([
    ["4", "long"],
    ["-12", "integer"],
    ["1.5", "float"],
    ["1e3", "double"],
    ["true", "boolean"],
    ["10.0.0.1", "ip"],
    ["anything", "keyword"],
    ["anything", undefined],
  ])("accepts %s on %s", (value, type) => {
    expect(explainValueTypeMismatch(value, type)).toBeUndefined();
  });
  it.each([
    ["four", "long", "mapped as long"],
    ["1.5", "long", "mapped as long"],
    ["yes", "boolean", "not true or false"],
    ["jumphost", "ip", 'use kind "cidr"'],
  ])("refuses %s on %s", (value, type, why) => {
    expect(explainValueTypeMismatch(value, type)).toContain(why);
  });
});

import { BlockList, isIP } from "node:net";
import { describe, expect, it } from "vitest";
import { ipBytes, parseCidrBlock } from "../../../src/targets/opensearch/cidr-blocks.ts";

/** The expression interpreter's IP grammar must be the engine's (Node's isIP + BlockList). */
const ADDRESSES = [
  "10.1.2.3", "255.255.255.255", "0.0.0.0", "01.2.3.4", "1.2.3", "1.2.3.4.5", "256.1.1.1", " 1.2.3.4", "1.2.3.4 ",
  "::", "::1", "1::", "fe80::1%eth0", "fe80::1%", "::ffff:10.1.2.3", "::10.1.2.3", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
  "1:2:3:4:5:6:7:8:9", "1::2::3", ":::1", "1:2:3:4:5:6:1.2.3.4", "::1.2.3.04", "FFFF::abcd", "00001::1", "2001:db8::1", "x", "",
];

describe("ipBytes: what Node's isIP accepts", () => {
  it.each(ADDRESSES)("%j", (text) => {
    expect(ipBytes(text) !== null).toBe(isIP(text) !== 0);
  });
});

describe("parseCidrBlock + prefix test: what BlockList.check answers", () => {
  const blocks = ["10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32", "::ffff:10.0.0.0/104", "fe80::/10", "1.2.3.4", "0.0.0.0/0"];
  const inBlock = (ip: number[], b: { bytes: readonly number[]; prefix: number }): boolean => {
    let left = b.prefix;
    for (let i = 0; i < 16 && left > 0; i++) {
      const bits = Math.min(8, left);
      const mask = (0xff << (8 - bits)) & 0xff;
      if ((ip[i]! & mask) !== (b.bytes[i]! & mask)) return false;
      left -= bits;
    }
    return true;
  };
  it.each(blocks)("%s", (cidr) => {
    const block = parseCidrBlock(cidr)!;
    expect(block).not.toBeNull();
    const [address, prefix] = cidr.split("/");
    const list = new BlockList();
    const family = isIP(address!) === 4 ? "ipv4" : "ipv6";
    list.addSubnet(address!, prefix === undefined ? (family === "ipv4" ? 32 : 128) : Number(prefix), family);
    for (const text of ADDRESSES) {
      const bytes = ipBytes(text);
      if (bytes === null) continue;
      expect([text, inBlock(bytes, block)]).toEqual([text, list.check(text, isIP(text) === 4 ? "ipv4" : "ipv6")]);
    }
  });
  it("refuses blocks that are not CIDRs", () => {
    for (const bad of ["10.0.0.0/33", "10.0.0.0/8/1", "x/8", "::/129", "10.0.0.0/-1"]) expect(parseCidrBlock(bad)).toBeNull();
  });
});

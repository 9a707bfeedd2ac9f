/**
 * `cidrMatch` support: IPv4 and IPv6 blocks on Node's own `net.BlockList`
 * (no dependency; it parses both families and compares numerically, so
 * `10.0.0.1` and `::ffff:10.0.0.1` style spellings are handled by the runtime).
 */
import { BlockList, isIP } from "node:net";

/** Returns a membership test for the given CIDR blocks, or an error message for a bad block. */
export function compileCidrSet(cidrs: readonly string[]): { test: (ip: string) => boolean } | { error: string } {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [address, prefixText, extra] = cidr.trim().split("/");
    const family = isIP(address ?? "");
    if (extra !== undefined || family === 0) return { error: `invalid CIDR [${cidr}]` };
    const type = family === 4 ? "ipv4" : "ipv6";
    const prefix = prefixText === undefined ? (family === 4 ? 32 : 128) : Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return { error: `invalid CIDR prefix in [${cidr}]` };
    list.addSubnet(address!, prefix, type);
  }
  return {
    test(ip) {
      const family = isIP(ip);
      // A value that is not an IP address is simply not in any block.
      if (family === 0) return false;
      return list.check(ip, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

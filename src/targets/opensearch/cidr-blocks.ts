/**
 * `cidrMatch` over a computed value runs in the expression interpreter
 * (expr-script.ts), which cannot use an `ip` field's terms. The blocks are
 * constants, so they are parsed here once into 16 bytes (IPv4 as its
 * IPv4-mapped IPv6 form ::ffff:a.b.c.d, prefix + 96) and the script parses
 * only the value, with the same grammar (the engine's: Node's `isIP`, which
 * rejects leading zeros in IPv4 octets, ignores an IPv6 zone `%id`, and treats
 * a.b.c.d and ::ffff:a.b.c.d as one address, as `net.BlockList` does).
 */
export interface CidrBlock {
  readonly bytes: readonly number[];
  readonly prefix: number;
}

function ipv4Into(s: string, out: number[], at: number): boolean {
  const parts = s.split(".");
  if (parts.length !== 4) return false;
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return false;
    out[at + i] = Number(p);
  }
  return true;
}

function groupsOf(part: string, v4Last: boolean): number[] | null {
  if (part === "") return [];
  const pieces = part.split(":");
  const out: number[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    if (piece.includes(".")) {
      const four: number[] = [0, 0, 0, 0];
      if (!v4Last || i !== pieces.length - 1 || !ipv4Into(piece, four, 0)) return null;
      out.push((four[0]! << 8) | four[1]!, (four[2]! << 8) | four[3]!);
    } else {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(piece)) return null;
      out.push(parseInt(piece, 16));
    }
  }
  return out;
}

/** The 16 bytes of an IPv4 or IPv6 address, or null when the text is not one. */
export function ipBytes(text: string): number[] | null {
  const out = new Array<number>(16).fill(0);
  if (!text.includes(":")) {
    if (!ipv4Into(text, out, 12)) return null;
    out[10] = 255;
    out[11] = 255;
    return out;
  }
  const zone = text.indexOf("%");
  const s = zone >= 0 ? text.slice(0, zone) : text;
  if (zone >= 0 && !/^%[0-9A-Za-z\-.:]+$/.test(text.slice(zone))) return null;
  const dbl = s.indexOf("::");
  if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return null;
  const head = groupsOf(dbl < 0 ? s : s.slice(0, dbl), dbl < 0);
  const tail = groupsOf(dbl < 0 ? "" : s.slice(dbl + 2), true);
  if (head === null || tail === null) return null;
  const total = head.length + tail.length;
  if (dbl < 0 ? total !== 8 : total > 7) return null;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 255;
  });
  return out;
}

/** `addr[/prefix]` -> block, or null when it is not a valid CIDR (the engine reports those). */
export function parseCidrBlock(cidr: string): CidrBlock | null {
  const [address, prefixText, extra] = cidr.trim().split("/");
  if (extra !== undefined || address === undefined) return null;
  const bytes = ipBytes(address);
  if (bytes === null) return null;
  const v4 = !address.includes(":");
  const max = v4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return null;
  return { bytes, prefix: v4 ? prefix + 96 : prefix };
}

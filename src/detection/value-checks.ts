/**
 * Whether an exception value can mean anything on the field it is compared
 * with, judged by the field's mapping type. Elasticsearch and OpenSearch
 * refuse these at query time ("failed to create query", all shards failed);
 * dac refuses them in `dac validate` instead, naming the value.
 */
import { isIP } from "node:net";

const NUMERIC_TYPES = new Set(["long", "integer", "short", "byte", "unsigned_long", "double", "float", "half_float", "scaled_float"]);
const INTEGER_TYPES = new Set(["long", "integer", "short", "byte", "unsigned_long"]);

/** Why `text` is not a CIDR block (or bare address), or undefined when it is one. */
export function explainInvalidCidr(text: string): string | undefined {
  const slash = text.indexOf("/");
  const address = slash === -1 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family === 0) return `"${text}" is not an IP address or CIDR block (such as 10.0.0.0/24 or fd00::/8)`;
  if (slash === -1) return undefined;
  const prefix = text.slice(slash + 1);
  const max = family === 6 ? 128 : 32;
  if (!/^[0-9]{1,3}$/.test(prefix) || Number(prefix) > max) {
    return `"${text}" has prefix /${prefix}: an IPv${family} prefix is a whole number from 0 to ${max}`;
  }
  return undefined;
}

/**
 * Why `value` cannot match a field of mapping `type` in an exact comparison,
 * or undefined when it can (or the type takes any string).
 */
export function explainValueTypeMismatch(value: string, type: string | undefined): string | undefined {
  if (type === undefined) return undefined;
  if (NUMERIC_TYPES.has(type)) {
    const pattern = INTEGER_TYPES.has(type) ? /^-?[0-9]+$/ : /^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/;
    return pattern.test(value.trim()) ? undefined : `"${value}" is not a number, but the field is mapped as ${type}`;
  }
  if (type === "boolean") return value === "true" || value === "false" ? undefined : `"${value}" is not true or false, but the field is mapped as boolean`;
  if (type === "ip") return isIP(value) !== 0 ? undefined : `"${value}" is not an IP address, but the field is mapped as ip (use kind "cidr" for blocks)`;
  return undefined;
}

/**
 * The order of Elasticsearch's `version` field type. A valid version (numeric
 * main parts without leading zeros, any number of them, an optional
 * `-prerelease` and `+build`) orders by semver precedence: numbers
 * numerically, a prerelease before its release, numeric prerelease
 * identifiers before alphanumeric ones. Anything else is an invalid version,
 * kept as its text and ordered AFTER every valid one, by code unit; the empty
 * string sorts after valid versions too. We build a sort key whose plain
 * string order is that order, the way ES encodes the indexed bytes.
 */
const MAIN = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;
const PRERELEASE = /^-((0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)$/;
const BUILD = /^\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*$/;

// Marker code units below every printable character, so valid keys sort first.
const NUMBER = "\u0001";
const WITH_PRERELEASE = "\u0002";
const NO_PRERELEASE = "\u0003";

/** Digit runs become (marker, length, digits): a longer number sorts after a shorter one. */
function encodeDigits(text: string): string {
  return text.replace(/\d+/g, (digits) => NUMBER + String.fromCharCode(0x80 | digits.length) + digits);
}

function suffixFrom(text: string, separator: string): string | undefined {
  const at = text.indexOf(separator);
  return at > 0 ? text.slice(at) : undefined;
}

const cache = new Map<string, string>();

/** The sort key of `version`: compare two keys with `<` / `===`. */
export function versionSortKey(version: string): string {
  const hit = cache.get(version);
  if (hit !== undefined) return hit;
  let rest = version;
  const build = suffixFrom(rest, "+");
  if (build !== undefined) rest = rest.slice(0, rest.length - build.length);
  const prerelease = suffixFrom(rest, "-");
  if (prerelease !== undefined) rest = rest.slice(0, rest.length - prerelease.length);
  const valid = MAIN.test(rest) && (prerelease === undefined || PRERELEASE.test(prerelease)) && (build === undefined || BUILD.test(build));
  let key: string;
  if (!valid) key = version === "" ? NO_PRERELEASE : version;
  else {
    key = encodeDigits(rest);
    if (prerelease === undefined) key += NO_PRERELEASE;
    else {
      const parts = prerelease.slice(1).split(".").map((p) => (/^\d+$/.test(p) ? encodeDigits(p) : p));
      key += WITH_PRERELEASE + "-" + parts.join(".");
    }
    if (build !== undefined) key += build;
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(version, key);
  return key;
}

/** Orders two versions as a `version` field does. */
export function compareVersions(a: string, b: string): number {
  const x = versionSortKey(a);
  const y = versionSortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * The order dac gives events that tie on timestamp and tiebreaker when they
 * may sit on different shards: by document id, with runs of ASCII digits
 * compared as numbers, so the ids dac gives fixture lines (`file.ndjson:9`
 * before `file.ndjson:10`) keep file order. `_seq_no` would keep input order
 * only within one shard, and across shards OpenSearch gives no order at all.
 * The OpenSearch sequence and sample monitors' Painless `compareIds`
 * (targets/opensearch/join-script.ts) is this function, line for line:
 * change both or neither.
 */
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

export function compareDocumentIds(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(j);
    if (isDigit(ca) && isDigit(cb)) {
      let ei = i;
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++;
      let ej = j;
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++;
      // Leading zeros do not make a number larger ("007" == "7" here; the plain comparison at the end separates them).
      let zi = i;
      while (zi < ei - 1 && a.charCodeAt(zi) === 48) zi++;
      let zj = j;
      while (zj < ej - 1 && b.charCodeAt(zj) === 48) zj++;
      if (ei - zi !== ej - zj) return ei - zi < ej - zj ? -1 : 1;
      const da = a.slice(zi, ei);
      const db = b.slice(zj, ej);
      if (da !== db) return da < db ? -1 : 1;
      i = ei;
      j = ej;
    } else {
      if (ca !== cb) return ca < cb ? -1 : 1;
      i++;
      j++;
    }
  }
  const restA = a.length - i;
  const restB = b.length - j;
  if (restA !== restB) return restA < restB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

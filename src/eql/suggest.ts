/**
 * "Did you mean" suggestions: the closest candidates by edit distance. Used for
 * unknown functions, fields and pipes, so a typo gets a fix in the message.
 */

/** Levenshtein distance, case-sensitive; stops early once `limit` is exceeded. */
export function computeEditDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * The candidates closest to `word` (compared case-insensitively): only those at
 * the best distance found, within a limit that grows with the word's length
 * (a quarter of it, at least 2), so long field names still get a suggestion
 * but unrelated near-misses do not.
 */
export function suggestClosest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const lower = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 4));
  const scored: Array<{ name: string; d: number }> = [];
  for (const name of candidates) {
    const d = computeEditDistance(lower, name.toLowerCase(), limit);
    if (d <= limit) scored.push({ name, d });
  }
  const best = Math.min(...scored.map((s) => s.d));
  return scored
    .filter((s) => s.d === best)
    .sort((x, y) => x.name.localeCompare(y.name))
    .slice(0, max)
    .map((s) => s.name);
}

/** ", did you mean [x]?" / ", did you mean any of [x, y]?" / "" */
export function formatSuggestion(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  if (suggestions.length === 1) return `, did you mean [${suggestions[0]}]?`;
  return `, did you mean any of [${suggestions.join(", ")}]?`;
}

/**
 * Ids shaped like dac's fixture ids, replay's, OpenSearch's generated ones,
 * and edge cases: the engine's comparator and the monitor's Painless copy are
 * checked over every pair of them.
 */
export const SAMPLE_IDS = [
  "a.ndjson:1", "a.ndjson:2", "a.ndjson:9", "a.ndjson:10", "a.ndjson:11", "a.ndjson:100", "b.ndjson:1",
  "r7:a.ndjson:9", "r7:a.ndjson:10", "ev-1", "ev-2", "ev-10", "ev-010", "ev-0", "ev-00", "ev-", "ev",
  "x9y", "x10y", "x9z", "7", "07", "70", "", "Z", "a", "ä", "AbC1", "abc1", "q9", "q10", "q1a", "q1",
  "18446744073709551616", "18446744073709551615", "7vYxLowBq3k2mD9sZ1Aa", "7vYxLowBq3k2mD9sZ10a",
];

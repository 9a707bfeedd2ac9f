/**
 * The Painless reducer of a sample monitor (sample-monitor.ts): the shared
 * key source, map/combine scripts and helpers are join-script.ts's (the
 * sequence monitor's); this adds the sampler. A fixed program: the query's
 * filters and join keys travel as params (sample-plan.ts). Unlike a sequence,
 * a sample needs no timestamp (eql-language.md C.6): events without one are
 * kept and sort last.
 *
 * Per composite bucket (eql-language.md C.6, the engine's sample-matcher.ts
 * step for step): the cheap exit for keys lacking a filter, the candidate
 * limit, then
 *  - events in compareEvents order (join-script.ts: timestamp, tiebreaker,
 *    `_id` with digit runs as numbers, `_index`), the order in which the
 *    engine reads them with `tieOrder: "id"` (ES leaves the choice of events
 *    open; this makes it deterministic on any number of shards);
 *  - per key tuple, each event joins the candidate list of every filter it
 *    matches (at most one list entry per filter per event, at most
 *    `filters` candidates per list: enough to find a distinct assignment),
 *    then each tuple it touched tries a distinct assignment by backtracking
 *    (filter order, earliest candidates first); the first complete one is the
 *    tuple's sample and the tuple takes no more events;
 *  - output as the sequence monitor's (join-script.ts), events in filter
 *    order: `count` is 0 or 1 per bucket key (-1 refuses).
 */
import { JOIN_REDUCE_FUNCTIONS } from "./join-script.ts";

export const SAMPLE_REDUCE_SCRIPT = `
${JOIN_REDUCE_FUNCTIONS}
boolean assign(List cands, int k, int[] chosen) {
  if (k == cands.size()) { return true; }
  for (def c : cands.get(k)) {
    boolean taken = false;
    for (int j = 0; j < k; j++) { if (chosen[j] == c) { taken = true; break; } }
    if (taken) { continue; }
    chosen[k] = c;
    if (assign(cands, k + 1, chosen)) { return true; }
  }
  return false;
}
if (lacksStages(states, params.stages, false)) {
  if (params.output == 'count') { return 0; }
  return [];
}
List events = eventsOf(states, params.fields, false);
if (events.size() > params.limit) {
  if (params.output == 'count') { return -1; }
  return refusal(events.size() + ' candidate events for one join key in the window but the sampler handles at most ' + params.limit + '; shorten the schedule window or narrow the filters');
}
events.sort((a, b) -> compareEvents(a, b));
Set own = ownKeysOf(events, params.positions);
List stages = params.stages;
int n = stages.size();
Map tuples = new LinkedHashMap();
for (int i = 0; i < events.size(); i++) {
  Map h = events.get(i);
  long mask = h.mask;
  List touched = new ArrayList();
  for (int k = 0; k < n; k++) {
    Map st = stages.get(k);
    if ((mask & (1L << st.b)) == 0) { continue; }
    for (def t : tuplesOf(h.kv, st.keys, st.optional)) {
      String emitted = emittedKeyOf(t);
      if (!own.contains(emitted)) { continue; }
      String key = keyOf(t);
      def s = tuples.get(key);
      if (s == null) {
        List cands = new ArrayList();
        for (int x = 0; x < n; x++) { cands.add(new ArrayList()); }
        s = ['cands': cands, 'events': null, 'keys': t, 'emitted': emitted];
        tuples.put(key, s);
      }
      if (s.events != null) { continue; }
      List l = s.cands.get(k);
      if (l.size() >= n || l.contains(i)) { continue; }
      l.add(i);
      if (!touched.contains(key)) { touched.add(key); }
    }
  }
  for (def key : touched) {
    def s = tuples.get(key);
    int[] chosen = new int[n];
    if (assign(s.cands, 0, chosen)) {
      List picked = new ArrayList();
      for (int j = 0; j < n; j++) { picked.add(chosen[j]); }
      s.events = picked;
      s.cands = null;
    }
  }
}
List found = new ArrayList();
for (def s : tuples.values()) { if (s.events != null) { found.add(s); } }
int count = countOf(own, found);
if (params.output == 'count') { return count; }
if (count == -1) {
  return refusal('a composite bucket holds the same events for several join keys that sample differently (filters join on different fields), so it cannot tell which key is its own');
}
return groupsOf(found, events, true);
`.trim();

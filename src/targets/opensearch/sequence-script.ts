/**
 * The Painless trigger that runs EQL's sequence state machine over the
 * monitor's search hits. It is one fixed program; each monitor passes its
 * stages, join keys, until and maxspan as params (sequence-plan.ts), so
 * OpenSearch compiles it once (script compilation is rate-limited per node).
 *
 * Input (ctx.results[0]): hits sorted by timestamp, tiebreaker (missing last)
 * and _doc, each with `matched_queries` (the stage names it satisfies), `sort`
 * (sort[0] = epoch millis) and `fields` (join-key and entity doc values).
 *
 * Semantics (eql-language.md C.5), per join-key tuple:
 *  - an event is offered to its stages from LAST to FIRST, so one event never
 *    fills two adjacent stages (order is strictly increasing: hit index);
 *  - stage 0 starts a new partial sequence, replacing the one waiting there
 *    (newest wins); stage k takes the partial waiting in state k-1 (removing
 *    it) and drops it when `ts - first.ts > maxspan` (equal is allowed) or when
 *    an until event for the key lies strictly after its last event;
 *  - multi-valued keys expand to the Cartesian product of distinct non-null
 *    values; a missing key drops the event unless the key is `?optional`;
 *  - key values are compared typed ("1" is not 1).
 * Output: `ctx.results[0].dac_sequences` = [{entity, join_keys, events:[{_index,_id}]}]
 * in completion order, where entity is the entity field of the LAST event
 * that has one, else the first join key (as replay/alert.ts defines it) (the run helper reads it from the _execute response),
 * and the condition is true when at least one sequence completed.
 * Limits: more candidate hits than the search returned would silently lose
 * events, so the script throws instead (the trigger then reports an error).
 */
export const SEQUENCE_TRIGGER_SCRIPT = `
String enc(def v) {
  if (v == null) { return 'z'; }
  if (v instanceof String) { return 's' + v.length() + ':' + v; }
  if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) { return 'n' + ((Number) v).longValue(); }
  if (v instanceof Number) {
    double d = ((Number) v).doubleValue();
    if (d == Math.rint(d) && Math.abs(d) < 9.0E15) { return 'n' + (long) d; }
    return 'd' + d;
  }
  if (v instanceof Boolean) { return 'b' + v; }
  return 'o' + v.toString();
}
List tuplesOf(Map h, List fields, List optional) {
  List tuples = new ArrayList();
  tuples.add(new ArrayList());
  Map f = h.get('fields');
  for (int j = 0; j < fields.size(); j++) {
    List vals = new ArrayList();
    if (f != null && f.containsKey(fields.get(j))) {
      for (def v : f.get(fields.get(j))) { if (v != null && !vals.contains(v)) { vals.add(v); } }
    }
    if (vals.isEmpty()) {
      if (optional.get(j)) { vals.add(null); } else { return new ArrayList(); }
    }
    List next = new ArrayList();
    for (def t : tuples) { for (def v : vals) { List c = new ArrayList(t); c.add(v); next.add(c); } }
    tuples = next;
  }
  return tuples;
}
String keyOf(List t) {
  StringBuilder sb = new StringBuilder();
  for (def v : t) { sb.append(enc(v)); sb.append('|'); }
  return sb.toString();
}
def res = ctx.results[0];
List hits = res.hits.hits;
long total = res.hits.total.value;
if (total > hits.size()) {
  throw new IllegalArgumentException('dac: ' + total + ' candidate events in the window but the monitor reads at most ' + hits.size() + '; shorten the schedule window or narrow the stages');
}
List stages = params.stages;
int n = stages.size();
Map until = params.until;
long maxspan = params.maxspan;
Map pending = new HashMap();
Map lastUntil = new HashMap();
List found = new ArrayList();
for (int i = 0; i < hits.size(); i++) {
  Map h = hits.get(i);
  List mq = h.get('matched_queries');
  if (mq == null) { continue; }
  long ts = ((Number) h.get('sort').get(0)).longValue();
  for (int k = n - 1; k >= 0; k--) {
    Map st = stages.get(k);
    if (!mq.contains(st.q)) { continue; }
    for (def t : tuplesOf(h, st.keys, st.optional)) {
      String key = keyOf(t);
      def states = pending.get(key);
      if (states == null) { states = new Object[n]; pending.put(key, states); }
      if (k == 0) { states[0] = ['first': ts, 'last': i, 'events': [i], 'keys': t]; continue; }
      def prev = states[k - 1];
      if (prev == null) { continue; }
      states[k - 1] = null;
      if (maxspan >= 0 && ts - prev.first > maxspan) { continue; }
      def u = lastUntil.get(key);
      if (u != null && u > prev.last) { continue; }
      List evs = new ArrayList(prev.events);
      evs.add(i);
      def next = ['first': prev.first, 'last': i, 'events': evs, 'keys': prev.keys];
      if (k == n - 1) { found.add(next); } else { states[k] = next; }
    }
  }
  if (until != null && mq.contains(until.q)) {
    for (def t : tuplesOf(h, until.keys, until.optional)) { lastUntil.put(keyOf(t), i); }
  }
}
List out = new ArrayList();
for (def s : found) {
  List evs = new ArrayList();
  for (def j : s.events) { Map e = hits.get(j); evs.add(['_index': e.get('_index'), '_id': e.get('_id')]); }
  def entity = null;
  for (int j = s.events.size() - 1; j >= 0 && entity == null; j--) {
    Map ff = hits.get(s.events.get(j)).get('fields');
    if (ff != null && ff.containsKey(params.entity) && !ff.get(params.entity).isEmpty()) { entity = ff.get(params.entity).get(0); }
  }
  if (entity == null && !s.keys.isEmpty()) { entity = s.keys.get(0); }
  out.add(['entity': entity, 'join_keys': s.keys, 'events': evs]);
}
res.put('dac_sequences', out);
return !out.isEmpty();
`.trim();

/**
 * The Painless reducer of a sequence monitor (sequence-monitor.ts): the
 * shared key source, map/combine scripts and helpers are join-script.ts's;
 * this adds the sequence matcher. A fixed program: each monitor passes its
 * stages, join keys, until, maxspan and limits as params (sequence-plan.ts).
 *
 * Per bucket: all shards' events that have a timestamp (ES requires one for
 * sequences), the cheap exit for keys lacking a stage, the candidate limit,
 * then the events in compareEvents order (join-script.ts: timestamp,
 * tiebreaker, `_id`, `_index`) through the state machine (eql-language.md
 * C.5), per join-key tuple:
 *  - an event is offered to its stages from LAST to FIRST, so one event never
 *    fills two adjacent stages;
 *  - stage 0 starts a new partial sequence, replacing the one waiting there
 *    (newest wins); stage k takes the partial waiting in state k-1 (removing
 *    it) and drops it when `ts - first.ts > maxspan` (equal is allowed; in
 *    epoch millis, as the engine) or when an until event for the key lies at
 *    or after its last event (ES's Ordinal.between is inclusive);
 *  - missing-event stages `![…]` (engine's sequence-matcher.ts, C.5): their
 *    matches are recorded per key before the event is offered to the positive
 *    stages; a middle one between the two positive events drops the candidate,
 *    a leading one gives the latest match before the first event, a trailing
 *    one the earliest after the last event (a completion waits for it, and
 *    whatever is still waiting at the end of the window is kept); then the
 *    keep rules of missing-events.ts, verbatim.
 *
 * Head/tail pipes (`params.pipes`, [{kind, n}] applied left to right) need
 * every join key's sequences in one place: the monitor then has ONE composite
 * bucket (a constant key), every key tuple is the bucket's own, the completed
 * sequences are put in completion order (last event, then first event, then
 * key, as the engine orders them) and cut by the pipes; the detail is one
 * group with an empty key, so one alert carries them all.
 * Refusals (join-script.ts): a bucket with more than `params.limit` events
 * (the Painless loop budget would otherwise stop the matcher somewhere
 * unknown), or an ambiguous one.
 */
import { JOIN_REDUCE_FUNCTIONS } from "./join-script.ts";

export const SEQUENCE_REDUCE_SCRIPT = `
${JOIN_REDUCE_FUNCTIONS}
def latestBefore(List track, long ts) {
  for (int j = track.size() - 1; j >= 0; j--) { long t = track.get(j); if (t < ts) { return t; } }
  return null;
}
boolean gapHasMissing(List missing, List tr, int k, long after, long until) {
  for (int m = 0; m < missing.size(); m++) {
    Map ms = missing.get(m);
    if (ms.pos != 'middle' || ms.before != k) { continue; }
    List track = tr.get(m);
    for (int j = track.size() - 1; j >= 0; j--) { long t = track.get(j); if (t <= after) { break; } if (t < until) { return true; } }
  }
  return false;
}
boolean keeps(Map c, def trailing, boolean hasLeading, boolean hasTrailing, long span) {
  def lead = c.lead;
  if (lead == null && trailing == null) { return true; }
  if (hasLeading && lead == null) { return true; }
  if (hasTrailing && trailing == null) { return true; }
  if (hasLeading && hasTrailing) { return (long) trailing - (long) lead > span; }
  if (hasLeading) { return c.lastTs - (long) lead > span; }
  return (long) trailing - c.first > span;
}
if (lacksStages(states, params.stages, true)) {
  if (params.output == 'count') { return 0; }
  return [];
}
List events = eventsOf(states, params.fields, true);
if (events.size() > params.limit) {
  if (params.output == 'count') { return -1; }
  return refusal(events.size() + ' candidate events for one join key in the window but the sequence matcher handles at most ' + params.limit + '; shorten the schedule window or narrow the stages');
}
events.sort((a, b) -> compareEvents(a, b));
boolean global = params.containsKey('pipes');
Set own = global ? new HashSet() : ownKeysOf(events, params.positions);
List stages = params.stages;
int n = stages.size();
Map until = params.containsKey('until') ? params.until : null;
List missing = params.missing;
boolean hasLeading = false;
boolean hasTrailing = false;
for (def m : missing) { if (m.pos == 'leading') { hasLeading = true; } if (m.pos == 'trailing') { hasTrailing = true; } }
long maxspan = params.maxspan;
long span = maxspan >= 0 ? maxspan : Long.MAX_VALUE;
Map pending = new HashMap();
Map lastUntil = new HashMap();
Map tracks = new HashMap();
Map waiting = new HashMap();
List found = new ArrayList();
for (int i = 0; i < events.size(); i++) {
  Map h = events.get(i);
  long mask = h.mask;
  long nanos = h.t;
  long ts = nanos >= 0 ? nanos / 1000000L : -((999999L - nanos) / 1000000L);
  for (int m = 0; m < missing.size(); m++) {
    Map ms = missing.get(m);
    if ((mask & (1L << ms.b)) == 0) { continue; }
    for (def t : tuplesOf(h.kv, ms.keys, ms.optional)) {
      if (!global && !own.contains(emittedKeyOf(t))) { continue; }
      String key = keyOf(t);
      def tr = tracks.get(key);
      if (tr == null) { tr = new ArrayList(); for (int x = 0; x < missing.size(); x++) { tr.add(new ArrayList()); } tracks.put(key, tr); }
      tr.get(m).add(ts);
      def w = waiting.get(key);
      if (ms.pos != 'trailing' || w == null) { continue; }
      List still = new ArrayList();
      for (def c : w) {
        if (ts > c.lastTs) { if (keeps(c, ts, hasLeading, hasTrailing, span)) { found.add(c); } }
        else { still.add(c); }
      }
      waiting.put(key, still);
    }
  }
  for (int k = n - 1; k >= 0; k--) {
    Map st = stages.get(k);
    if ((mask & (1L << st.b)) == 0) { continue; }
    for (def t : tuplesOf(h.kv, st.keys, st.optional)) {
      String emitted = emittedKeyOf(t);
      if (!global && !own.contains(emitted)) { continue; }
      String key = keyOf(t);
      def slots = pending.get(key);
      if (slots == null) { slots = new Object[n]; pending.put(key, slots); }
      def tr = tracks.get(key);
      def next = null;
      if (k == 0) {
        def lead = null;
        if (hasLeading && tr != null) {
          for (int m = 0; m < missing.size(); m++) {
            if (missing.get(m).pos != 'leading') { continue; }
            def lt = latestBefore(tr.get(m), ts);
            if (lt != null && (lead == null || lt > lead)) { lead = lt; }
          }
        }
        next = ['first': ts, 'last': i, 'lastTs': ts, 'events': [i], 'keys': t, 'emitted': emitted, 'key': key, 'lead': lead];
        if (n > 1) { slots[0] = next; continue; }
      } else {
        def prev = slots[k - 1];
        if (prev == null) { continue; }
        slots[k - 1] = null;
        if (maxspan >= 0 && ts - prev.first > maxspan) { continue; }
        def u = lastUntil.get(key);
        if (u != null && u >= prev.last) { continue; }
        if (tr != null && gapHasMissing(missing, tr, k, prev.lastTs, ts)) { continue; }
        List evs = new ArrayList(prev.events);
        evs.add(i);
        next = ['first': prev.first, 'last': i, 'lastTs': ts, 'events': evs, 'keys': prev.keys, 'emitted': emitted, 'key': key, 'lead': prev.lead];
        if (k < n - 1) { slots[k] = next; continue; }
      }
      if (missing.isEmpty()) { found.add(next); }
      else if (!hasTrailing) { if (keeps(next, null, hasLeading, hasTrailing, span)) { found.add(next); } }
      else if (hasLeading && next.lead == null) { found.add(next); }
      else { def w = waiting.get(key); if (w == null) { w = new ArrayList(); waiting.put(key, w); } w.add(next); }
    }
  }
  if (until != null && (mask & (1L << until.b)) != 0) {
    for (def t : tuplesOf(h.kv, until.keys, until.optional)) { if (global || own.contains(emittedKeyOf(t))) { lastUntil.put(keyOf(t), i); } }
  }
}
for (def w : waiting.values()) { found.addAll(w); }
if (global) {
  found.sort((a, b) -> { int c = Integer.compare((int) a.last, (int) b.last); if (c != 0) { return c; } c = Integer.compare((int) a.events.get(0), (int) b.events.get(0)); return c != 0 ? c : ((String) a.key).compareTo((String) b.key); });
  for (def p : params.pipes) {
    int size = found.size();
    int keep = p.n < size ? p.n : size;
    found = p.kind == 'head' ? new ArrayList(found.subList(0, keep)) : new ArrayList(found.subList(size - keep, size));
  }
  if (params.output == 'count') { return found.size(); }
  for (def s : found) { s.emitted = ''; }
}
int count = countOf(own, found);
if (params.output == 'count') { return count; }
if (count == -1) {
  return refusal('a composite bucket holds the same events for several join keys that complete different sequences (stages join on different fields), so it cannot tell which key is its own');
}
return groupsOf(found, events, !global);
`.trim();

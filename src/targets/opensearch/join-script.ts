/**
 * The Painless that sequence and sample monitors share (join-monitor.ts):
 * both put the window's candidate events into one composite bucket per
 * join-key tuple and run a matcher per bucket in a scripted metric, so the
 * key source, the map/combine scripts and the reducer's helper functions are
 * ONE source here; sequence-script.ts and sample-script.ts add only their
 * matcher. Every program is a fixed string (queries travel as params), so
 * OpenSearch compiles each once per node (script compilation is rate-limited
 * per node).
 *
 * JOIN_KEY_SCRIPT, a composite `terms` source, one per join-key position:
 * the values an event has at that position, as strings, over EVERY field some
 * stage joins on there (a superset of the stage's own key: a bucket holds
 * every event that could join it, plus some that cannot; the matcher sorts
 * them out). A missing value is "" when some stage reads the field as
 * `?optional`, and otherwise no value (the event joins no key: the
 * composite skips it). `missing_bucket` is not an option: the 2.19
 * bucket-level trigger crashes on null keys (see event-monitor.ts).
 *
 * JOIN_MAP_SCRIPT, per event, a compact list [timestamp in epoch nanos (null
 * when the event has none: a sample needs none, a sequence drops such
 * events), stage mask (`_score`: named filter k scores 2^k), tiebreaker,
 * `_id`, the entity field's first value, then per params.fields its doc
 * values]; `_index` once per state (a state is one shard's part of one
 * bucket, and a shard belongs to one index). Lists rather than maps, and no
 * per-event index name: every bucket's events are copied into the shard
 * result and read back at the reduce, and most buckets are only counted
 * (measured on the 10M-event bench: the pack's busiest sequence monitor ran
 * in 0.75x the time of the map-per-event layout, same alerts).
 * `_id` comes from doc values (fielddata), the only per-event read that
 * costs heap: fielddata of `_id` holds every id of each segment a monitor
 * touches (180 MB for the bench's 10M events). The stored-field read
 * (`params._fields`) needs no heap but made that monitor 1.2-1.35x slower,
 * and skipping ids where no tie needs them is not exact: a tie can span
 * shards, which a map script cannot see.
 *
 * JOIN_REDUCE_FUNCTIONS, the reducer's shared helpers:
 *  - lacksStages: the cheap exit, on the compact lists. A sequence or a
 *    sample holds one distinct event per positive stage, so a bucket whose
 *    events do not carry every stage's bit (as many times as stages test it:
 *    `with runs=N`) completes nothing. Most join keys of a window are such
 *    keys (one busy stage, no event of the other), so it runs before the
 *    events are unpacked, sorted and matched, and before the candidate
 *    limit: a key that cannot complete is answered exactly, however many
 *    events it has;
 *  - eventsOf: all shards' events of the bucket unpacked into maps (t, mask,
 *    tb, id, entity, index, kv: field -> values);
 *  - compareEvents, the one event order of both matchers: timestamp (missing
 *    last), tiebreaker (missing last), `_id` (compareIds: digit runs compare
 *    as numbers; the engine's document-id-order.ts, line for line), `_index`.
 *    Not `_seq_no`: it is only a shard's write order, and the shards' states
 *    reach the reduce in no fixed order (measured on 3 nodes), so equal
 *    timestamps on different shards would change order from run to run and
 *    with the shard count. `_id` gives one order on any layout, and the
 *    offline engine (tieOrder "id") gives the same;
 *  - tuplesOf / keyOf: an event's typed key tuples for one stage
 *    (multi-valued keys expand to the Cartesian product of distinct non-null
 *    values; a missing key drops the event unless it is `?optional`; "1" is
 *    not 1);
 *  - ownKeysOf: which tuple is the bucket's own? Scripts under a bucket cannot
 *    read its key (and `buckets_path` only reads numbers), so the reducer
 *    derives it: the bucket key is a string tuple the key script emitted for
 *    EVERY event of the bucket, so it lies in the intersection of their
 *    emitted key sets. Tuples outside it belong to other buckets and are
 *    skipped (their events here are a partial view). When the intersection
 *    holds several tuples, the bucket's events are exactly the same for all
 *    of them; when every stage joins on the same field per position, each of
 *    those tuples sees the very same event stream, so all give the same
 *    result and any is exact. Only with different fields per stage can they
 *    disagree; then the bucket refuses rather than guess (countOf gives -1);
 *  - countOf / groupsOf: the output. `count`, the matches of the bucket's key
 *    (a number, what the trigger's `buckets_path` reads; -1 refuses); or
 *    `sequences`, [{key: [emitted key strings], sequences: [{entity,
 *    join_keys, events: [{_index, _id}]}]}] per candidate tuple in match
 *    order, where entity is the entity field of the LAST event that has one,
 *    else the first join key (as replay/alert.ts defines it); readers pick
 *    the group whose key is the bucket's. A match is a map {events: [indices
 *    into the sorted events], keys: typed tuple, emitted: its emitted key}.
 * Refusals count -1, which the trigger keeps (`!= 0`), and their detail is
 * [{key: [], error: "dac: …"}]: an alert on that join key carrying the
 * reason, while the other keys' buckets still run. Throwing would fail the
 * whole search, blinding the monitor for every key, and the plugin drops the
 * message of a failed reduce (it reports an empty input error).
 */
export const JOIN_KEY_SCRIPT = `
String emit(def v) { if (v instanceof String) { return (String) v; } return String.valueOf(v); }
List out = new ArrayList();
if (params.fields.isEmpty()) { out.add(''); return out; }
for (String f : params.fields) {
  if (doc.containsKey(f) && doc[f].size() > 0) {
    for (def v : doc[f]) { String e = emit(v); if (!out.contains(e)) { out.add(e); } }
  } else if (params.optional.contains(f) && !out.contains('')) {
    out.add('');
  }
}
return out;
`.trim();

export const JOIN_INIT_SCRIPT = "state.index = ''; state.events = new ArrayList();";

export const JOIN_MAP_SCRIPT = `
def plain(def v) { if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) { return v; } return v.toString(); }
def t = null;
if (doc.containsKey(params.ts) && doc[params.ts].size() > 0) { Instant at = doc[params.ts].value.toInstant(); t = at.getEpochSecond() * 1000000000L + at.getNano(); }
def tb = null;
if (params.tiebreaker != '' && doc.containsKey(params.tiebreaker) && doc[params.tiebreaker].size() > 0) { tb = plain(doc[params.tiebreaker].value); }
def ent = null;
if (doc.containsKey(params.entity) && doc[params.entity].size() > 0) { ent = plain(doc[params.entity].value); }
List e = [t, (long) _score, tb, doc['_id'].value, ent];
for (String f : params.fields) {
  List vals = new ArrayList();
  if (doc.containsKey(f)) { for (def v : doc[f]) { vals.add(plain(v)); } }
  e.add(vals);
}
if (state.index == '') { state.index = doc['_index'].value; }
state.events.add(e);
`.trim();

export const JOIN_COMBINE_SCRIPT = "return state;";

/** Helper functions both reducers open with (Painless wants functions before statements). */
export const JOIN_REDUCE_FUNCTIONS = `
String emit(def v) { if (v == null) { return ''; } if (v instanceof String) { return (String) v; } return String.valueOf(v); }
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
String keyOf(List t) {
  StringBuilder sb = new StringBuilder();
  for (def v : t) { sb.append(enc(v)); sb.append('|'); }
  return sb.toString();
}
String emittedKeyOf(List t) {
  StringBuilder sb = new StringBuilder();
  for (def v : t) { sb.append(enc(emit(v))); sb.append('|'); }
  return sb.toString();
}
List productOf(List tuples, List vals) {
  List next = new ArrayList();
  for (def t : tuples) { for (def v : vals) { List c = new ArrayList(t); c.add(v); next.add(c); } }
  return next;
}
List tuplesOf(Map kv, List fields, List optional) {
  List tuples = new ArrayList();
  tuples.add(new ArrayList());
  for (int j = 0; j < fields.size(); j++) {
    List vals = new ArrayList();
    for (def v : kv.get(fields.get(j))) { if (v != null && !vals.contains(v)) { vals.add(v); } }
    if (vals.isEmpty()) {
      if (optional.get(j)) { vals.add(null); } else { return new ArrayList(); }
    }
    tuples = productOf(tuples, vals);
  }
  return tuples;
}
Set emittedKeysOf(Map kv, List positions) {
  List tuples = new ArrayList();
  tuples.add(new ArrayList());
  for (def p : positions) {
    List vals = new ArrayList();
    for (def f : p.fields) {
      List fv = kv.get(f);
      if (!fv.isEmpty()) { for (def v : fv) { String e = emit(v); if (!vals.contains(e)) { vals.add(e); } } }
      else if (p.optional.contains(f) && !vals.contains('')) { vals.add(''); }
    }
    tuples = productOf(tuples, vals);
  }
  Set keys = new HashSet();
  for (def t : tuples) { keys.add(emittedKeyOf(t)); }
  return keys;
}
int compareIds(String a, String b) {
  int i = 0;
  int j = 0;
  while (i < a.length() && j < b.length()) {
    int ca = a.charAt(i);
    int cb = b.charAt(j);
    if (ca >= 48 && ca <= 57 && cb >= 48 && cb <= 57) {
      int ei = i;
      while (ei < a.length() && a.charAt(ei) >= 48 && a.charAt(ei) <= 57) { ei++; }
      int ej = j;
      while (ej < b.length() && b.charAt(ej) >= 48 && b.charAt(ej) <= 57) { ej++; }
      int zi = i;
      while (zi < ei - 1 && a.charAt(zi) == 48) { zi++; }
      int zj = j;
      while (zj < ej - 1 && b.charAt(zj) == 48) { zj++; }
      if (ei - zi != ej - zj) { return ei - zi < ej - zj ? -1 : 1; }
      int c = a.substring(zi, ei).compareTo(b.substring(zj, ej));
      if (c != 0) { return c < 0 ? -1 : 1; }
      i = ei;
      j = ej;
    } else {
      if (ca != cb) { return ca < cb ? -1 : 1; }
      i++;
      j++;
    }
  }
  int restA = a.length() - i;
  int restB = b.length() - j;
  if (restA != restB) { return restA < restB ? -1 : 1; }
  return a.compareTo(b);
}
int compareEvents(Map a, Map b) {
  int c = 0;
  if (a.t == null || b.t == null) {
    if (a.t != null) { return -1; }
    if (b.t != null) { return 1; }
  } else {
    c = Long.compare(a.t, b.t);
    if (c != 0) { return c; }
  }
  if (a.tb != null || b.tb != null) {
    if (a.tb == null) { return 1; }
    if (b.tb == null) { return -1; }
    c = ((Comparable) a.tb).compareTo(b.tb);
    if (c != 0) { return c; }
  }
  c = compareIds(a.id, b.id);
  if (c != 0) { return c; }
  return a.index.compareTo(b.index);
}
boolean lacksStages(List states, List stages, boolean timed) {
  Map need = new HashMap();
  for (def st : stages) { need.put(st.b, need.containsKey(st.b) ? need.get(st.b) + 1 : 1); }
  int lacking = need.size();
  for (def s : states) {
    if (s == null) { continue; }
    for (def e : s.events) {
      if (lacking == 0) { return false; }
      if (timed && e[0] == null) { continue; }
      long mask = e[1];
      for (def b : need.keySet()) {
        int left = need.get(b);
        if (left > 0 && (mask & (1L << b)) != 0) { need.put(b, left - 1); if (left == 1) { lacking--; } }
      }
    }
  }
  return lacking > 0;
}
List eventsOf(List states, List fields, boolean timed) {
  List events = new ArrayList();
  for (def s : states) {
    if (s == null) { continue; }
    for (def e : s.events) {
      if (timed && e[0] == null) { continue; }
      Map kv = new HashMap();
      for (int j = 0; j < fields.size(); j++) { kv.put(fields.get(j), e[5 + j]); }
      events.add(['t': e[0], 'mask': e[1], 'tb': e[2], 'id': e[3], 'entity': e[4], 'index': s.index, 'kv': kv]);
    }
  }
  return events;
}
Set ownKeysOf(List events, List positions) {
  Set own = null;
  for (def e : events) {
    Set keys = emittedKeysOf(e.kv, positions);
    if (own == null) { own = keys; } else { own.retainAll(keys); }
  }
  return own == null ? new HashSet() : own;
}
int countOf(Set own, List found) {
  Map counts = new HashMap();
  for (def k : own) { counts.put(k, 0); }
  for (def s : found) { if (counts.containsKey(s.emitted)) { counts.put(s.emitted, counts.get(s.emitted) + 1); } }
  int count = -2;
  for (def c : counts.values()) { if (count == -2) { count = c; } else if (count != c) { count = -1; } }
  return count == -2 ? 0 : count;
}
List groupsOf(List found, List events, boolean keyed) {
  Map groups = new LinkedHashMap();
  for (def s : found) {
    List evs = new ArrayList();
    for (def j : s.events) { Map e = events.get(j); evs.add(['_index': e.index, '_id': e.id]); }
    def entity = null;
    for (int j = s.events.size() - 1; j >= 0 && entity == null; j--) { entity = events.get(s.events.get(j)).entity; }
    if (entity == null && !s.keys.isEmpty()) { entity = s.keys.get(0); }
    def g = groups.get(s.emitted);
    if (g == null) {
      List key = new ArrayList();
      if (keyed) { for (def v : s.keys) { key.add(emit(v)); } }
      g = ['key': key, 'sequences': new ArrayList()];
      groups.put(s.emitted, g);
    }
    g.sequences.add(['entity': entity, 'join_keys': s.keys, 'events': evs]);
  }
  return new ArrayList(groups.values());
}
List refusal(String reason) {
  return [['key': [], 'error': 'dac: ' + reason]];
}
`.trim();

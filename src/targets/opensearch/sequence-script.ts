/**
 * The Painless programs of a sequence monitor (sequence-monitor.ts). They are
 * fixed programs; each monitor passes its stages, join keys, until, maxspan
 * and limits as params (sequence-plan.ts), so OpenSearch compiles each once
 * per node (script compilation is rate-limited per node).
 *
 * SEQUENCE_KEY_SCRIPT, a composite `terms` source, one per join-key position:
 * the values an event has at that position, as strings, over EVERY field some
 * stage joins on there (a superset of the stage's own key: a bucket holds
 * every event that could join it, plus some that cannot; the matcher sorts
 * them out). A missing value is "" when some stage reads the field as
 * `?optional`, and otherwise no value (the event joins no sequence: the
 * composite skips it). `missing_bucket` is not an option: the 2.19
 * bucket-level trigger crashes on null keys (see event-monitor.ts).
 *
 * The scripted metric (init/map/combine/reduce), once per composite bucket:
 *  - map: per event, the stage mask (`_score`: named filter k scores 2^k),
 *    timestamp (epoch nanos and millis), tiebreaker, `_index`, `_id`, the
 *    join-key fields' doc values and the entity field's first one;
 *  - reduce: all shards' events sorted by timestamp, tiebreaker (missing
 *    last), `_id` (`compareIds`: digit runs compare as numbers; the engine's
 *    document-id-order.ts, line for line), `_index`. Not `_seq_no`: it is
 *    only a shard's write order, and the shards' states reach the reduce in
 *    no fixed order (measured on 3 nodes), so equal timestamps on different
 *    shards would change order from run to run and with the shard count.
 *    `_id` gives one order on any layout, and the offline engine (tieOrder
 *    "id") gives the same.
 *
 * State machine (eql-language.md C.5), per join-key tuple:
 *  - an event is offered to its stages from LAST to FIRST, so one event never
 *    fills two adjacent stages;
 *  - stage 0 starts a new partial sequence, replacing the one waiting there
 *    (newest wins); stage k takes the partial waiting in state k-1 (removing
 *    it) and drops it when `ts - first.ts > maxspan` (equal is allowed) or when
 *    an until event for the key lies at or after its last event (ES's Ordinal.between is inclusive);
 *  - multi-valued keys expand to the Cartesian product of distinct non-null
 *    values; a missing key drops the event unless the key is `?optional`;
 *  - key values are compared typed ("1" is not 1);
 *  - missing-event stages `![…]` (engine's sequence-matcher.ts, C.5): their
 *    matches are recorded per key before the event is offered to the positive
 *    stages; a middle one between the two positive events drops the candidate,
 *    a leading one gives the latest match before the first event, a trailing
 *    one the earliest after the last event (a completion waits for it, and
 *    whatever is still waiting at the end of the window is kept); then the
 *    keep rules of missing-events.ts, verbatim.
 *
 * Which tuple is the bucket's own? Scripts under a bucket cannot read its key
 * (and `buckets_path` only reads numbers), so the reducer derives it: the
 * bucket key is a string tuple the key script emitted for EVERY event of the
 * bucket, so it lies in the intersection of their emitted key sets. Tuples
 * outside it belong to other buckets and are skipped (their events here are a
 * partial view). When the intersection holds several tuples, the bucket's
 * events are exactly the same for all of them; when every stage joins on the
 * same field per position, each of those tuples sees the very same event
 * stream, so all give the same result and any is exact. Only with different
 * fields per stage can they disagree; then the bucket refuses (below) rather
 * than guess.
 *
 * Head/tail pipes (`params.pipes`, [{kind, n}] applied left to right) need
 * every join key's sequences in one place: the monitor then has ONE composite
 * bucket (a constant key), every key tuple is the bucket's own, the completed
 * sequences are put in completion order (last event, then first event, then
 * key, as the engine orders them) and cut by the pipes; the detail is one
 * group with an empty key, so one alert carries them all.
 * Output (`params.output`): `count`, the completed sequences of the bucket's
 * key (a number, what the trigger's `buckets_path` reads); or `sequences`,
 * [{key: [emitted key strings], sequences: [{entity, join_keys, events:
 * [{_index, _id}]}]}] per candidate tuple in completion order, where entity is
 * the entity field of the LAST event that has one, else the first join key (as
 * replay/alert.ts defines it); readers pick the group whose key is the bucket's.
 * Cheap exit first: a completed sequence holds one distinct event per
 * positive stage, so a bucket whose events do not carry every positive
 * stage's bit (as many times as stages test it: `with runs=N`) completes
 * nothing, and returns 0 / [] before sorting or matching. Most join keys of a
 * window are such keys (one busy stage, no event of the other), so this is
 * where a sequence monitor spends its time otherwise. It runs before the
 * refusal below: a key that cannot complete is answered exactly, however
 * many events it has.
 * Refusals: a bucket with more than `params.limit` events (the Painless loop
 * budget would otherwise stop the matcher somewhere unknown), or an ambiguous
 * one, counts -1, which the trigger keeps (`!= 0`), and its detail is
 * [{key: [], error: "dac: …"}]: the refusal is an alert on that join key
 * carrying the reason, and the other keys' buckets still run. Throwing would
 * fail the whole search, blinding the monitor for every key, and the plugin
 * drops the message of a failed reduce (it reports an empty input error).
 */
export const SEQUENCE_KEY_SCRIPT = `
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

export const SEQUENCE_INIT_SCRIPT = "state.events = new ArrayList();";

export const SEQUENCE_MAP_SCRIPT = `
def plain(def v) { if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) { return v; } return v.toString(); }
if (!doc.containsKey(params.ts) || doc[params.ts].size() == 0) { return; }
Instant at = doc[params.ts].value.toInstant();
Map e = new HashMap();
e.put('t', at.getEpochSecond() * 1000000000L + at.getNano());
e.put('ms', at.toEpochMilli());
e.put('mask', (long) _score);
def tb = null;
if (params.tiebreaker != '' && doc.containsKey(params.tiebreaker) && doc[params.tiebreaker].size() > 0) { tb = plain(doc[params.tiebreaker].value); }
e.put('tb', tb);
e.put('index', doc['_index'].value);
e.put('id', doc['_id'].value);
def ent = null;
if (doc.containsKey(params.entity) && doc[params.entity].size() > 0) { ent = plain(doc[params.entity].value); }
e.put('entity', ent);
Map kv = new HashMap();
for (String f : params.fields) {
  List vals = new ArrayList();
  if (doc.containsKey(f)) { for (def v : doc[f]) { vals.add(plain(v)); } }
  kv.put(f, vals);
}
e.put('kv', kv);
state.events.add(e);
`.trim();

export const SEQUENCE_COMBINE_SCRIPT = "return state.events;";

export const SEQUENCE_REDUCE_SCRIPT = `
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
  int c = Long.compare(a.t, b.t);
  if (c != 0) { return c; }
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
List events = new ArrayList();
for (int si = 0; si < states.size(); si++) {
  def s = states.get(si);
  if (s != null) { events.addAll(s); }
}
Map need = new HashMap();
for (def st : params.stages) { need.put(st.b, need.containsKey(st.b) ? need.get(st.b) + 1 : 1); }
int lacking = need.size();
for (def e : events) {
  if (lacking == 0) { break; }
  for (def b : need.keySet()) {
    int left = need.get(b);
    if (left > 0 && (e.mask & (1L << b)) != 0) { need.put(b, left - 1); if (left == 1) { lacking--; } }
  }
}
if (lacking > 0) {
  if (params.output == 'count') { return 0; }
  return [];
}
if (events.size() > params.limit) {
  String refusal = 'dac: ' + events.size() + ' candidate events for one join key in the window but the sequence matcher handles at most ' + params.limit + '; shorten the schedule window or narrow the stages';
  if (params.output == 'count') { return -1; }
  return [['key': [], 'error': refusal]];
}
events.sort((a, b) -> compareEvents(a, b));
boolean global = params.containsKey('pipes');
Set own = null;
for (def e : events) {
  if (global) { break; }
  Set keys = emittedKeysOf(e.kv, params.positions);
  if (own == null) { own = keys; } else { own.retainAll(keys); }
}
if (own == null) { own = new HashSet(); }
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
  long ts = h.ms;
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
Map counts = new HashMap();
for (def k : own) { counts.put(k, 0); }
for (def s : found) { if (!global) { counts.put(s.emitted, counts.get(s.emitted) + 1); } }
int count = -2;
for (def c : counts.values()) { if (count == -2) { count = c; } else if (count != c) { count = -1; } }
if (count == -2) { count = 0; }
if (params.output == 'count') { return count; }
if (count == -1) {
  return [['key': [], 'error': 'dac: a composite bucket holds the same events for several join keys that complete different sequences (stages join on different fields), so it cannot tell which key is its own']];
}
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
    if (!global) { for (def v : s.keys) { key.add(emit(v)); } }
    g = ['key': key, 'sequences': new ArrayList()];
    groups.put(s.emitted, g);
  }
  g.sequences.add(['entity': entity, 'join_keys': s.keys, 'events': evs]);
}
return new ArrayList(groups.values());
`.trim();

/** Every Painless program above, by name (goldens print the name instead of the text). */
export const SEQUENCE_SCRIPTS: Readonly<Record<string, string>> = {
  SEQUENCE_KEY_SCRIPT,
  SEQUENCE_INIT_SCRIPT,
  SEQUENCE_MAP_SCRIPT,
  SEQUENCE_COMBINE_SCRIPT,
  SEQUENCE_REDUCE_SCRIPT,
};

/**
 * The Painless programs of a sample monitor (sample-monitor.ts): fixed
 * programs, the query's filters and join keys travel as params
 * (sample-plan.ts), so each compiles once per node. The composite key source
 * is the sequence monitor's SEQUENCE_KEY_SCRIPT (the same key layout).
 *
 * Map: per event, the filter mask (`_score`: filter k scores 2^k), the
 * timestamp when it has one, tiebreaker, `_index`, `_seq_no`, `_id`, the
 * join-key fields' doc values and the entity field's first value. Unlike a
 * sequence, a sample needs no timestamp (eql-language.md C.6).
 *
 * Reduce, per composite bucket (eql-language.md C.6, the engine's
 * sample-matcher.ts step for step):
 *  - events in a fixed order: timestamp (missing last), tiebreaker, `_index`,
 *    shard, `_seq_no`, `_id`; on one shard that is time then write order, the
 *    order the engine reads a time-ordered input in (ES leaves the choice of
 *    events open; this makes it deterministic);
 *  - per key tuple, each event joins the candidate list of every filter it
 *    matches (at most one list entry per filter per event, at most
 *    `filters` candidates per list: enough to find a distinct assignment),
 *    then each tuple it touched tries a distinct assignment by backtracking
 *    (filter order, earliest candidates first); the first complete one is the
 *    tuple's sample and the tuple takes no more events;
 *  - the bucket's own tuple is derived as for sequences (the intersection of
 *    the key tuples the key script emitted for every event of the bucket), and
 *    a bucket whose candidate tuples disagree refuses (-1) instead of guessing.
 * Output as the sequence monitor's, so the run helpers read both alike:
 * `count` (samples of the bucket's key: 0 or 1; -1 refuses) or `sequences`,
 * [{key, sequences: [{entity, join_keys, events: [{_index, _id}]}]}], events
 * in filter order, entity the last event's entity field that has one, else
 * the first join key. The helper functions repeat the sequence reducer's
 * (sequence-script.ts) on purpose: the two programs change for different
 * reasons, and each must stay a single fixed source.
 */
export const SAMPLE_INIT_SCRIPT = "state.events = new ArrayList();";

export const SAMPLE_MAP_SCRIPT = `
def plain(def v) { if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) { return v; } return v.toString(); }
Map e = new HashMap();
boolean hasTs = doc.containsKey(params.ts) && doc[params.ts].size() > 0;
if (hasTs) { Instant at = doc[params.ts].value.toInstant(); e.put('t', at.getEpochSecond() * 1000000000L + at.getNano()); }
else { e.put('t', null); }
e.put('mask', (long) _score);
def tb = null;
if (params.tiebreaker != '' && doc.containsKey(params.tiebreaker) && doc[params.tiebreaker].size() > 0) { tb = plain(doc[params.tiebreaker].value); }
e.put('tb', tb);
e.put('index', doc['_index'].value);
e.put('seq', doc['_seq_no'].value);
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

export const SAMPLE_COMBINE_SCRIPT = "return state.events;";

export const SAMPLE_REDUCE_SCRIPT = `
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
String keyOf(List t) { StringBuilder sb = new StringBuilder(); for (def v : t) { sb.append(enc(v)); sb.append('|'); } return sb.toString(); }
String emittedKeyOf(List t) { StringBuilder sb = new StringBuilder(); for (def v : t) { sb.append(enc(emit(v))); sb.append('|'); } return sb.toString(); }
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
    if (vals.isEmpty()) { if (optional.get(j)) { vals.add(null); } else { return new ArrayList(); } }
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
int compareEvents(Map a, Map b) {
  if (a.t == null || b.t == null) { if (a.t != null) { return -1; } if (b.t != null) { return 1; } }
  else { int c0 = Long.compare(a.t, b.t); if (c0 != 0) { return c0; } }
  int c = 0;
  if (a.tb != null || b.tb != null) {
    if (a.tb == null) { return 1; }
    if (b.tb == null) { return -1; }
    c = ((Comparable) a.tb).compareTo(b.tb);
    if (c != 0) { return c; }
  }
  c = a.index.compareTo(b.index);
  if (c != 0) { return c; }
  c = Integer.compare(a.shard, b.shard);
  if (c != 0) { return c; }
  c = Long.compare(a.seq, b.seq);
  if (c != 0) { return c; }
  return a.id.compareTo(b.id);
}
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
List events = new ArrayList();
for (int si = 0; si < states.size(); si++) {
  def s = states.get(si);
  if (s != null) { for (def e : s) { e.put('shard', si); events.add(e); } }
}
if (events.size() > params.limit) {
  String refusal = 'dac: ' + events.size() + ' candidate events for one join key in the window but the sampler handles at most ' + params.limit + '; shorten the schedule window or narrow the filters';
  if (params.output == 'count') { return -1; }
  return [['key': [], 'error': refusal]];
}
events.sort((a, b) -> compareEvents(a, b));
Set own = null;
for (def e : events) {
  Set keys = emittedKeysOf(e.kv, params.positions);
  if (own == null) { own = keys; } else { own.retainAll(keys); }
}
if (own == null) { own = new HashSet(); }
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
        s = ['cands': cands, 'sample': null, 'keys': t, 'emitted': emitted];
        tuples.put(key, s);
      }
      if (s.sample != null) { continue; }
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
      s.sample = picked;
      s.cands = null;
    }
  }
}
Map counts = new HashMap();
for (def k : own) { counts.put(k, 0); }
for (def s : tuples.values()) { if (s.sample != null) { counts.put(s.emitted, counts.get(s.emitted) + 1); } }
int count = -2;
for (def c : counts.values()) { if (count == -2) { count = c; } else if (count != c) { count = -1; } }
if (count == -2) { count = 0; }
if (params.output == 'count') { return count; }
if (count == -1) {
  return [['key': [], 'error': 'dac: a composite bucket holds the same events for several join keys that sample differently (filters join on different fields), so it cannot tell which key is its own']];
}
Map groups = new LinkedHashMap();
for (def s : tuples.values()) {
  if (s.sample == null) { continue; }
  List evs = new ArrayList();
  for (def j : s.sample) { Map e = events.get(j); evs.add(['_index': e.index, '_id': e.id]); }
  def entity = null;
  for (int j = s.sample.size() - 1; j >= 0 && entity == null; j--) { entity = events.get(s.sample.get(j)).entity; }
  if (entity == null && !s.keys.isEmpty()) { entity = s.keys.get(0); }
  def g = groups.get(s.emitted);
  if (g == null) {
    List key = new ArrayList();
    for (def v : s.keys) { key.add(emit(v)); }
    g = ['key': key, 'sequences': new ArrayList()];
    groups.put(s.emitted, g);
  }
  g.sequences.add(['entity': entity, 'join_keys': s.keys, 'events': evs]);
}
return new ArrayList(groups.values());
`.trim();

/** Every Painless program above, by name (goldens print the name instead of the text). */
export const SAMPLE_SCRIPTS: Readonly<Record<string, string>> = {
  SAMPLE_INIT_SCRIPT,
  SAMPLE_MAP_SCRIPT,
  SAMPLE_COMBINE_SCRIPT,
  SAMPLE_REDUCE_SCRIPT,
};

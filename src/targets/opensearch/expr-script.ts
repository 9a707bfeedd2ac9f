/**
 * The Painless program behind every condition the Query DSL cannot express
 * exactly (see expr-tree.ts for which): functions over fields or over other
 * functions, field-to-field comparisons, arithmetic, case-insensitive matches
 * of non-ASCII letters. It is ONE fixed program that interprets the
 * expression tree passed in `params.q`, so OpenSearch compiles it once per
 * node however many monitors use it (script compilation is rate-limited).
 *
 * It runs as a `script_score` query with `min_score: 1` (1 = match): a filter
 * script (`script` query) cannot read `_source` on 2.19, and the engine's
 * semantics need it: a function reads the FIRST value of a multi-valued field
 * in document order (doc values are sorted and de-duplicated), and values keep
 * their JSON types (a keyword doc value would turn 4688 into "4688").
 *
 * Each part mirrors src/eql/engine (the in-memory engine) line for line:
 *  - field access: field-access.ts (nested objects and literal dotted keys,
 *    arrays flatten, objects are not values, JSON null is no value);
 *  - numbers are doubles, as JavaScript numbers are; text of a number as
 *    JavaScript's String(n) for integral values below 1e21;
 *  - equality and ordering with mapping coercion: values.ts, equality.ts;
 *  - case folding per code point (upper then lower, one-to-one mappings only,
 *    U+0130 lowers to "i"): case-fold.ts;
 *  - wildcards: `*` any run, `?` one code point, no escape: wildcard.ts;
 *  - functions: string-functions.ts, arithmetic.ts (division by zero is null);
 *  - filter context: condition.ts. A `pred` node is a predicate on a bare
 *    field (true when ANY value passes; its negation is the set complement,
 *    so it holds on a missing field); a `val` node is a three-valued script
 *    condition (matches only when the value is exactly true after `neg`).
 *  - cidrMatch: the value parsed as an IP address with cidr-blocks.ts's
 *    grammar (Node's isIP: no leading zeros, IPv6 zone ignored, IPv4 as
 *    ::ffff:a.b.c.d), tested against blocks parsed at compile time.
 *  - regex over a computed value: a Thompson automaton over UTF-16 code
 *    units built at compile time (src/eql/engine/java-regex-nfa.ts, which the
 *    engine runs too), walked here state set by state set.
 * Tree nodes (`t`): lit {v}, null, field {p: segments}, unary {neg, e},
 * rx {e, a: [{s: edges per state [{k, t, r}], acc}]},
 * arith {op, l, r, dbl}, call {f, a, ci, dbl}, cidr {e, a: [{b: 16 bytes, p}]},
 * isnull {e, neg}, nullcmp,
 * cmp {op, l, r}, in {e, a, ci, neg, cst}, like {e, a, ci}, not {e},
 * and/or {l, r}; roots: val {e, neg}, pred {p, k: eq|like|cmp|fn, a, ci, op, f, neg}.
 */
export const EXPR_SCRIPT = `
double num(def v) { return ((Number) v).doubleValue(); }
boolean isInt(double d) { return !Double.isInfinite(d) && !Double.isNaN(d) && d == Math.floor(d); }
String numText(double d) {
  if (isInt(d) && d < 1.0E21 && d > -1.0E21) {
    if (d < 9.0E18 && d > -9.0E18) { return Long.toString((long) d); }
    return BigDecimal.valueOf(d).toBigInteger().toString();
  }
  if (Double.isNaN(d)) { return 'NaN'; }
  if (Double.isInfinite(d)) { return d > 0 ? 'Infinity' : '-Infinity'; }
  return Double.toString(d);
}
String text(def v) {
  if (v instanceof String) { return (String) v; }
  if (v instanceof Number) { return numText(num(v)); }
  return v.toString();
}
def str(def v) { return v == null ? null : text(v); }
def intOf(def v) { if (v instanceof Number) { double d = num(v); return d < 0 ? Math.ceil(d) : Math.floor(d); } return null; }
String fold(String s) {
  boolean ascii = true;
  for (int i = 0; i < s.length(); i++) { int c = s.charAt(i); if (c > 127) { ascii = false; break; } }
  if (ascii) { return s.toLowerCase(Locale.ROOT); }
  StringBuilder sb = new StringBuilder();
  int i = 0;
  while (i < s.length()) {
    int cp = s.codePointAt(i);
    int w = Character.charCount(cp);
    String ch = s.substring(i, i + w);
    String up = ch.toUpperCase(Locale.ROOT);
    if (up.codePointCount(0, up.length()) != 1) { up = ch; }
    String low = up.toLowerCase(Locale.ROOT);
    if (low.codePointCount(0, low.length()) != 1) { low = up.equals(String.valueOf((char) 304)) ? 'i' : up; }
    sb.append(low);
    i += w;
  }
  return sb.toString();
}
int[] cps(String s) {
  int[] out = new int[s.codePointCount(0, s.length())];
  int i = 0;
  int k = 0;
  while (i < s.length()) { int cp = s.codePointAt(i); out[k] = cp; k++; i += Character.charCount(cp); }
  return out;
}
boolean wild(String s, String p) {
  int[] a = cps(s);
  int[] b = cps(p);
  int i = 0;
  int j = 0;
  int star = -1;
  int mark = 0;
  while (i < a.length) {
    if (j < b.length && b[j] == 42) { star = j; mark = i; j++; }
    else if (j < b.length && (b[j] == 63 || b[j] == a[i])) { i++; j++; }
    else if (star >= 0) { j = star + 1; mark++; i = mark; }
    else { return false; }
  }
  while (j < b.length && b[j] == 42) { j++; }
  return j == b.length;
}
boolean isDigit(int c) { return c >= 48 && c <= 57; }
def decimal(String s, boolean finiteOnly) {
  int n = s.length();
  int i = 0;
  if (i < n && (s.charAt(i) == (char) 43 || s.charAt(i) == (char) 45)) { i++; }
  int d1 = 0;
  while (i < n && isDigit(s.charAt(i))) { i++; d1++; }
  int d2 = 0;
  if (i < n && s.charAt(i) == (char) 46) { i++; while (i < n && isDigit(s.charAt(i))) { i++; d2++; } }
  if (d1 + d2 == 0) { return null; }
  if (i < n && (s.charAt(i) == (char) 101 || s.charAt(i) == (char) 69)) {
    i++;
    if (i < n && (s.charAt(i) == (char) 43 || s.charAt(i) == (char) 45)) { i++; }
    int d3 = 0;
    while (i < n && isDigit(s.charAt(i))) { i++; d3++; }
    if (d3 == 0) { return null; }
  }
  if (i != n) { return null; }
  double v = Double.parseDouble(s);
  if (finiteOnly && (Double.isInfinite(v) || Double.isNaN(v))) { return null; }
  return v;
}
def digits(String s, int radix) {
  if (s.isEmpty()) { return null; }
  String all = '0123456789abcdefghijklmnopqrstuvwxyz';
  String low = s.toLowerCase(Locale.ROOT);
  double v = 0;
  for (int i = 0; i < low.length(); i++) {
    int d = all.indexOf(low.substring(i, i + 1));
    if (d < 0 || d >= radix) { return null; }
    v = v * radix + d;
  }
  return v;
}
def jsNum(String s0) {
  String s = s0.trim();
  if (s.isEmpty()) { return null; }
  if (s.length() > 1 && s.charAt(0) == (char) 48) {
    int x = s.charAt(1);
    int radix = x == 120 || x == 88 ? 16 : (x == 111 || x == 79 ? 8 : (x == 98 || x == 66 ? 2 : 10));
    if (radix != 10) { return digits(s.substring(2), radix); }
  }
  return decimal(s, true);
}
boolean sameType(def a, def b) {
  return (a instanceof String && b instanceof String) || (a instanceof Number && b instanceof Number) || (a instanceof Boolean && b instanceof Boolean);
}
boolean same(def a, def b) { return a instanceof Number ? num(a) == num(b) : a.equals(b); }
boolean coerced(def v, def c) {
  if (sameType(v, c)) { return same(v, c); }
  if (c instanceof String) { return text(v).equals(c); }
  if (c instanceof Number) { if (!(v instanceof String)) { return false; } def n = jsNum((String) v); return n != null && num(n) == num(c); }
  return v instanceof String && v.equals(c.toString());
}
def order(def a, def b) {
  if (a instanceof Number && b instanceof Number) { double x = num(a); double y = num(b); return x < y ? -1 : (x > y ? 1 : 0); }
  if (a instanceof String && b instanceof String) { int c = ((String) a).compareTo((String) b); return c < 0 ? -1 : (c > 0 ? 1 : 0); }
  if (a instanceof Number && b instanceof String) { def nb = jsNum((String) b); return nb == null ? null : order(a, nb); }
  if (a instanceof String && b instanceof Number) { def na = jsNum((String) a); return na == null ? null : order(na, b); }
  if (a instanceof Boolean && b instanceof Boolean) { return a == b ? 0 : (a == true ? 1 : -1); }
  return null;
}
boolean rangeHolds(String op, def c) {
  if (op == '<') { return c != null && c < 0; }
  if (op == '<=') { return c != null && c <= 0; }
  if (op == '>') { return c != null && c > 0; }
  return c != null && c >= 0;
}
boolean leaf(def node, List out, boolean first) {
  if (node == null) { return false; }
  if (node instanceof String || node instanceof Boolean) { out.add(node); return first; }
  if (node instanceof Number) { out.add(num(node)); return first; }
  if (node instanceof List) { for (def item : node) { if (leaf(item, out, first)) { return true; } } }
  return false;
}
boolean walk(def node, List path, int i, List out, boolean first) {
  if (node == null) { return false; }
  if (node instanceof List) { for (def item : node) { if (walk(item, path, i, out, first)) { return true; } } return false; }
  if (!(node instanceof Map)) { return false; }
  int n = path.size();
  String key = '';
  for (int k = i; k < n; k++) {
    key = k == i ? path.get(k) : key + '.' + path.get(k);
    def child = node.get(key);
    if (child == null) { continue; }
    if (k + 1 == n ? leaf(child, out, first) : walk(child, path, k + 1, out, first)) { return true; }
  }
  return false;
}
List values(def src, List path, boolean first) { List out = new ArrayList(); walk(src, path, 0, out, first); return out; }
def arith(String op, def a, def b, boolean dbl) {
  if (!(a instanceof Number) || !(b instanceof Number)) { return null; }
  double x = num(a);
  double y = num(b);
  if (op == '+') { return x + y; }
  if (op == '-') { return x - y; }
  if (op == '*') { return x * y; }
  if (y == 0) { return null; }
  if (op == '%') { return x % y; }
  double q = x / y;
  if (!dbl && isInt(x) && isInt(y)) { return q < 0 ? Math.ceil(q) : Math.floor(q); }
  return q;
}
def between(def src, def left, def right, def greedy, boolean ci) {
  if (src == null || left == null || right == null) { return null; }
  String s0 = text(src);
  String s = ci ? fold(s0) : s0;
  String l = ci ? fold(text(left)) : text(left);
  String r = ci ? fold(text(right)) : text(right);
  int leftAt = s.indexOf(l);
  if (leftAt < 0) { return ''; }
  int start = leftAt + l.length();
  int end = greedy == true ? s.lastIndexOf(r) : s.indexOf(r, start);
  if (end < start) { return ''; }
  int n = s0.length();
  int a = start < n ? start : n;
  int b = end < n ? end : n;
  return a >= b ? '' : s0.substring(a, b);
}
def substr(def src, def start, def end, boolean hasEnd) {
  if (src == null) { return null; }
  String s = text(src);
  double n = s.length();
  def si = intOf(start);
  double a = si == null ? 0 : num(si);
  a = a < 0 ? (n + a > 0 ? n + a : 0) : (a < n ? a : n);
  double b = n;
  if (hasEnd && end != null) {
    def ei = intOf(end);
    b = ei == null ? n : num(ei);
    b = b < 0 ? (n + b > 0 ? n + b : 0) : (b < n ? b : n);
  }
  return a >= b ? '' : s.substring((int) a, (int) b);
}
def toNumber(def src, def base, boolean hasBase) {
  if (!(src instanceof String)) { return null; }
  String s = ((String) src).trim();
  def radix = hasBase && base != null ? intOf(base) : null;
  double sign = 1;
  if (s.startsWith('+') || s.startsWith('-')) { sign = s.startsWith('-') ? -1 : 1; s = s.substring(1); }
  if ((s.startsWith('0x') || s.startsWith('0X')) && (radix == null || num(radix) == 16)) { s = s.substring(2); radix = 16.0; }
  if (radix != null) {
    double r = num(radix);
    if (r < 2 || r > 36 || s.isEmpty()) { return null; }
    def v = digits(s, (int) r);
    return v == null ? null : sign * num(v);
  }
  def v = decimal(s, false);
  return v == null ? null : sign * num(v);
}
def call(Map e, def src) {
  String f = e.f;
  boolean ci = e.ci;
  List args = new ArrayList();
  for (def a : e.a) { args.add(ev(a, src)); }
  int n = args.size();
  if (f == 'add') { return arith('+', args[0], args[1], e.dbl); }
  if (f == 'subtract') { return arith('-', args[0], args[1], e.dbl); }
  if (f == 'multiply') { return arith('*', args[0], args[1], e.dbl); }
  if (f == 'divide') { return arith('/', args[0], args[1], e.dbl); }
  if (f == 'modulo') { return arith('%', args[0], args[1], e.dbl); }
  if (f == 'between') { return between(args[0], args[1], args[2], n > 3 ? args[3] : false, ci); }
  if (f == 'concat') {
    StringBuilder sb = new StringBuilder();
    for (def a : args) { if (a == null) { return null; } sb.append(text(a)); }
    return sb.toString();
  }
  if (f == 'string') { return str(args[0]); }
  if (f == 'length') { def s = str(args[0]); return s == null ? null : (double) ((String) s).length(); }
  if (f == 'substring') { return substr(args[0], args[1], n > 2 ? args[2] : null, n > 2); }
  if (f == 'number') { return toNumber(args[0], n > 1 ? args[1] : null, n > 1); }
  def s0 = str(args[0]);
  def p0 = str(args[1]);
  if (f == 'indexOf') {
    def from = n > 2 ? intOf(args[2]) : 0.0;
    if (s0 == null || p0 == null || from == null) { return null; }
    double at = num(from) > 0 ? num(from) : 0;
    if (at > ((String) s0).length()) { return null; }
    int found = ci ? fold(s0).indexOf(fold(p0), (int) at) : ((String) s0).indexOf((String) p0, (int) at);
    return found < 0 ? null : (double) found;
  }
  return strFn(f, s0, p0, ci);
}
def strFn(String f, def s0, def p0, boolean ci) {
  if (s0 == null || p0 == null) { return null; }
  String s = ci ? fold(s0) : s0;
  String p = ci ? fold(p0) : p0;
  if (f == 'startsWith') { return s.startsWith(p); }
  if (f == 'endsWith') { return s.endsWith(p); }
  if (p.isEmpty()) { return false; }
  return s.contains(p);
}
boolean eqTest(def v, List cs, boolean ci) {
  for (def c : cs) {
    if (c == null) { continue; }
    if (c instanceof String) { if (ci ? fold(text(v)).equals(fold(c)) : text(v).equals(c)) { return true; } }
    else if (coerced(v, c)) { return true; }
  }
  return false;
}
boolean likeTest(def v, List ps, boolean ci) {
  String s = text(v);
  for (def p : ps) {
    if (p instanceof String) { if (ci ? wild(fold(s), fold(p)) : wild(s, p)) { return true; } }
    else if (p != null && coerced(v, p)) { return true; }
  }
  return false;
}
boolean ipv4Into(String s, int[] out, int at) {
  int part = 0;
  int val = 0;
  int digits = 0;
  for (int i = 0; i <= s.length(); i++) {
    if (i == s.length() || s.charAt(i) == (char) 46) {
      if (digits == 0 || part > 3) { return false; }
      out[at + part] = val;
      part++;
      val = 0;
      digits = 0;
    } else {
      int c = s.charAt(i);
      if (c < 48 || c > 57 || (digits > 0 && val == 0)) { return false; }
      val = val * 10 + c - 48;
      digits++;
      if (val > 255) { return false; }
    }
  }
  return part == 4;
}
int hexDigit(int c) {
  if (c >= 48 && c <= 57) { return c - 48; }
  if (c >= 97 && c <= 102) { return c - 87; }
  if (c >= 65 && c <= 70) { return c - 55; }
  return -1;
}
List ipGroups(String part, boolean v4Last) {
  List out = new ArrayList();
  if (part.isEmpty()) { return out; }
  int start = 0;
  boolean more = true;
  while (more) {
    int colon = part.indexOf(':', start);
    String piece = colon < 0 ? part.substring(start) : part.substring(start, colon);
    if (piece.indexOf('.') >= 0) {
      int[] four = new int[4];
      if (!v4Last || colon >= 0 || !ipv4Into(piece, four, 0)) { return null; }
      out.add(four[0] * 256 + four[1]);
      out.add(four[2] * 256 + four[3]);
    } else {
      if (piece.isEmpty() || piece.length() > 4) { return null; }
      int g = 0;
      for (int i = 0; i < piece.length(); i++) { int d = hexDigit(piece.charAt(i)); if (d < 0) { return null; } g = g * 16 + d; }
      out.add(g);
    }
    if (colon < 0) { more = false; } else { start = colon + 1; }
  }
  return out;
}
int[] ipBytes(String text) {
  int[] out = new int[16];
  if (text.indexOf(':') < 0) {
    if (!ipv4Into(text, out, 12)) { return null; }
    out[10] = 255;
    out[11] = 255;
    return out;
  }
  String s = text;
  int zone = text.indexOf('%');
  if (zone >= 0) {
    if (zone == text.length() - 1) { return null; }
    for (int i = zone + 1; i < text.length(); i++) {
      int c = text.charAt(i);
      if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 46 || c == 58)) { return null; }
    }
    s = text.substring(0, zone);
  }
  int dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) { return null; }
  List head = ipGroups(dbl < 0 ? s : s.substring(0, dbl), dbl < 0);
  List tail = ipGroups(dbl < 0 ? '' : s.substring(dbl + 2), true);
  if (head == null || tail == null) { return null; }
  int total = head.size() + tail.size();
  if (dbl < 0 ? total != 8 : total > 7) { return null; }
  List groups = new ArrayList(head);
  for (int i = total; i < 8; i++) { groups.add(0); }
  groups.addAll(tail);
  for (int i = 0; i < 8; i++) { int g = groups.get(i); out[2 * i] = g / 256; out[2 * i + 1] = g % 256; }
  return out;
}
boolean inCidr(int[] ip, List bytes, int prefix) {
  int left = prefix;
  for (int i = 0; i < 16 && left > 0; i++) {
    int bits = left >= 8 ? 8 : left;
    int mask = (255 << (8 - bits)) & 255;
    int b = bytes.get(i);
    if ((ip[i] & mask) != (b & mask)) { return false; }
    left -= bits;
  }
  return true;
}
void nfaClose(List states, boolean[] on, List stack, int at, int n) {
  while (!stack.isEmpty()) {
    int st = stack.remove(stack.size() - 1);
    for (def e : states.get(st)) {
      int k = e.k;
      if (k == 0 || (k == 2 && at == 0) || (k == 3 && at == n)) {
        int t = e.t;
        if (!on[t]) { on[t] = true; stack.add(t); }
      }
    }
  }
}
boolean nfaMatches(Map nfa, String s) {
  List states = nfa.s;
  int size = states.size();
  int n = s.length();
  boolean[] on = new boolean[size];
  List stack = new ArrayList();
  on[0] = true;
  stack.add(0);
  nfaClose(states, on, stack, 0, n);
  for (int i = 0; i < n; i++) {
    int c = s.charAt(i);
    boolean[] next = new boolean[size];
    boolean any = false;
    for (int st = 0; st < size; st++) {
      if (!on[st]) { continue; }
      for (def e : states.get(st)) {
        if (e.k != 1) { continue; }
        List r = e.r;
        for (int j = 0; j < r.size(); j += 2) {
          int lo = r.get(j);
          int hi = r.get(j + 1);
          if (c >= lo && c <= hi) { int t = e.t; if (!next[t]) { next[t] = true; stack.add(t); any = true; } break; }
        }
      }
    }
    if (!any) { return false; }
    on = next;
    nfaClose(states, on, stack, i + 1, n);
  }
  int acc = nfa.acc;
  return on[acc];
}
List evAll(List es, def src) { List out = new ArrayList(); for (def a : es) { out.add(ev(a, src)); } return out; }
def ev(Map e, def src) {
  String t = e.t;
  if (t == 'lit') { return e.v instanceof Number ? num(e.v) : e.v; }
  if (t == 'null' || t == 'nullcmp') { return null; }
  if (t == 'field') { List vs = values(src, e.p, true); return vs.isEmpty() ? null : vs.get(0); }
  if (t == 'unary') { def v = ev(e.e, src); if (!(v instanceof Number)) { return null; } return e.neg ? -num(v) : num(v); }
  if (t == 'arith') { return arith(e.op, ev(e.l, src), ev(e.r, src), e.dbl); }
  if (t == 'call') { return call(e, src); }
  if (t == 'rx') {
    def v = ev(e.e, src);
    if (v == null) { return null; }
    String s = text(v);
    for (def nfa : e.a) { if (nfaMatches(nfa, s)) { return true; } }
    return false;
  }
  if (t == 'cidr') {
    def v = ev(e.e, src);
    if (v == null) { return null; }
    int[] ip = ipBytes(text(v));
    if (ip == null) { return false; }
    for (def blk : e.a) { if (inCidr(ip, blk.b, blk.p)) { return true; } }
    return false;
  }
  if (t == 'isnull') { def v = ev(e.e, src); return (v == null) != e.neg; }
  if (t == 'cmp') {
    def a = ev(e.l, src);
    def b = ev(e.r, src);
    if (a == null || b == null) { return null; }
    if (e.op == '==') { return sameType(a, b) ? same(a, b) : coerced(a, b); }
    if (e.op == '!=') { return !(sameType(a, b) ? same(a, b) : coerced(a, b)); }
    def c = order(a, b);
    if (c == null) { return null; }
    return rangeHolds(e.op, c);
  }
  if (t == 'in') {
    def v = ev(e.e, src);
    List cs = evAll(e.a, src);
    if (v == null) { return e.cst && cs.contains(null) ? !e.neg : null; }
    return eqTest(v, cs, e.ci) != e.neg;
  }
  if (t == 'like') { def v = ev(e.e, src); return v == null ? null : likeTest(v, evAll(e.a, src), e.ci); }
  if (t == 'not') { def v = ev(e.e, src); return v instanceof Boolean ? !v : null; }
  def l = ev(e.l, src);
  if (t == 'and') {
    if (l == false) { return false; }
    def r = ev(e.r, src);
    if (r == false) { return false; }
    return l == true && r == true ? true : null;
  }
  if (l == true) { return true; }
  def r = ev(e.r, src);
  if (r == true) { return true; }
  return l == false && r == false ? false : null;
}
boolean pred(Map q, def src) {
  List vs = values(src, q.p, false);
  String k = q.k;
  if (k == 'cmp') {
    def c = ev(q.a[0], src);
    String op = q.op;
    if (c == null) {
      if (op == '==' || op == '!=') { return (op == '!=') != q.neg ? !vs.isEmpty() : vs.isEmpty(); }
      return false;
    }
    if (op == '==' || op == '!=') {
      boolean any = false;
      for (def v : vs) { if (coerced(v, c)) { any = true; break; } }
      return any != ((op == '!=') != q.neg);
    }
    if (q.neg) { op = op == '<' ? '>=' : (op == '<=' ? '>' : (op == '>' ? '<=' : '<')); }
    for (def v : vs) { if (rangeHolds(op, order(v, c))) { return true; } }
    return false;
  }
  List cs = evAll(q.a, src);
  boolean holds = false;
  for (def v : vs) {
    if (k == 'eq' ? eqTest(v, cs, q.ci) : (k == 'like' ? likeTest(v, cs, q.ci) : strFn(q.f, text(v), cs[0], q.ci) == true)) { holds = true; break; }
  }
  if (!holds && k != 'fn' && vs.isEmpty() && cs.contains(null)) { holds = true; }
  return holds != q.neg;
}
Map q = params.q;
def src = params._source;
if (q.t == 'pred') { return pred(q, src) ? 1 : 0; }
def v = ev(q.e, src);
return v instanceof Boolean && v != q.neg ? 1 : 0;
`.trim();

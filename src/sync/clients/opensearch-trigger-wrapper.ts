/**
 * Wraps a monitor's Painless trigger source so the node's `painless_test`
 * context can run it unchanged (see opensearch-evaluate.ts): the trigger's own
 * text stays byte-identical; only the scaffolding around it is ours, and it
 * returns the verdict plus what the trigger added to ctx.results[0] as JSON.
 */
/**
 * The painless_test wrapper around a trigger source (see the file comment).
 * Painless wants every function before the first statement, so the source is
 * split there: its functions, then ours (JSON writer), then its statements as
 * the body of dacTrigger. Functions cannot see script variables, so ctx and
 * params reach the statements as dacTrigger's arguments of the same names.
 */
export function wrapTriggerScript(source: string): string {
  const split = splitPainlessFunctions(source);
  return `${split.functions}\n${JSON_WRITER}\ndef dacTrigger(Map ctx, Map params) {\n${split.statements}\n}\n${WRAPPER_MAIN}`;
}

const JSON_WRITER = String.raw`
String dacJsonString(String s) {
  StringBuilder sb = new StringBuilder();
  sb.append('"');
  for (int i = 0; i < s.length(); i++) {
    char c = s.charAt(i);
    if (c == (char) '"') { sb.append('\\"'); }
    else if (c == (char) '\\') { sb.append('\\\\'); }
    else if ((int) c < 32) { String h = Integer.toHexString((int) c); sb.append('\\u'); sb.append('0000'.substring(h.length())); sb.append(h); }
    else { sb.append(c); }
  }
  sb.append('"');
  return sb.toString();
}
String dacJson(def v) {
  if (v == null) { return 'null'; }
  if (v instanceof String) { return dacJsonString((String) v); }
  if (v instanceof Boolean) { return v.toString(); }
  if (v instanceof Double || v instanceof Float) {
    double d = ((Number) v).doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) { return 'null'; }
    return Double.toString(d);
  }
  if (v instanceof Number) { return v.toString(); }
  if (v instanceof Map) {
    StringBuilder sb = new StringBuilder('{');
    boolean first = true;
    for (def e : v.entrySet()) {
      if (!first) { sb.append(','); }
      first = false;
      sb.append(dacJsonString(String.valueOf(e.getKey())));
      sb.append(':');
      sb.append(dacJson(e.getValue()));
    }
    sb.append('}');
    return sb.toString();
  }
  if (v instanceof List) {
    StringBuilder sb = new StringBuilder('[');
    for (int i = 0; i < v.size(); i++) {
      if (i > 0) { sb.append(','); }
      sb.append(dacJson(v.get(i)));
    }
    sb.append(']');
    return sb.toString();
  }
  return dacJsonString(v.toString());
}`.trim();

const WRAPPER_MAIN = `
Map dacResult = params.dac_result;
Set dacBefore = new HashSet(dacResult.keySet());
Map dacCtx = ['results': [dacResult], 'periodStart': Instant.ofEpochMilli(params.dac_period_start), 'periodEnd': Instant.ofEpochMilli(params.dac_period_end), 'monitor': params.dac_monitor, 'trigger': params.dac_trigger, 'error': null];
def dacTriggered = dacTrigger(dacCtx, params.dac_params);
Map dacAdded = new HashMap();
for (def k : dacResult.keySet()) { if (!dacBefore.contains(k)) { dacAdded.put(k, dacResult.get(k)); } }
return '{"triggered":' + dacJson(dacTriggered) + ',"added":' + dacJson(dacAdded) + '}';
`.trim();

/**
 * Splits a Painless source where its functions end and its statements begin.
 * A top-level function is `<type> <name>(<params>) {…}`; strings and comments
 * are skipped when matching braces (regex literals are not recognised).
 */
export function splitPainlessFunctions(source: string): { functions: string; statements: string } {
  let i = skipBlank(source, 0);
  let end = 0;
  for (;;) {
    const header = /^([A-Za-z_][\w.]*(?:\[\])*)\s+([A-Za-z_]\w*)\s*\(/.exec(source.slice(i));
    if (!header || KEYWORDS.has(header[1]!)) break;
    const close = source.indexOf(")", i + header[0].length);
    const open = close < 0 ? -1 : skipBlank(source, close + 1);
    if (open < 0 || source[open] !== "{") break;
    end = matchBrace(source, open) + 1;
    i = skipBlank(source, end);
  }
  return { functions: source.slice(0, end), statements: source.slice(end) };
}

const KEYWORDS = new Set(["return", "new", "else", "throw", "if", "for", "while", "do", "try", "catch", "break", "continue", "instanceof"]);

function skipBlank(s: string, from: number): number {
  let i = from;
  for (;;) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (s.startsWith("//", i)) i = s.indexOf("\n", i) < 0 ? s.length : s.indexOf("\n", i);
    else if (s.startsWith("/*", i)) i = s.indexOf("*/", i) < 0 ? s.length : s.indexOf("*/", i) + 2;
    else return i;
  }
}

function matchBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === "'" || c === '"') {
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === "\\") i++;
    } else if (s.startsWith("//", i) || s.startsWith("/*", i)) {
      i = skipBlank(s, i) - 1;
    } else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  throw new Error("unbalanced braces in the trigger script");
}

/** Bad environments.yaml, command lines, network faults and inline secrets. */
import { gzipSync } from "node:zlib";
import type { BadInputCase } from "./harness.ts";
import { ATTACK_EVENT, environmentsYaml, locate, SECRETS } from "./project.ts";

const ENVS = "environments.yaml";

function yaml(area: "yaml" | "environments", name: string, text: string, message: RegExp, needle?: string, args: readonly string[] = ["validate"]): BadInputCase {
  return { area, name, files: { [ENVS]: text }, args, message, ...(needle !== undefined ? { location: locate(ENVS, text, needle) } : {}) };
}

/** environments.yaml with one more environment `extra`. */
function withEnv(body: string): string {
  return environmentsYaml(`  extra:\n${body}`);
}

export const yamlCases: BadInputCase[] = [
  yaml("yaml", "bad indentation", "environments:\n  test:\n    engine: opensearch\n   url: http://127.0.0.1:9\n", /config\/yaml-syntax/, "   url"),
  yaml("yaml", "duplicate key", "environments:\n  test:\n    engine: opensearch\n    engine: elastic\n    url: http://127.0.0.1:9\n", /config\/yaml-syntax.*unique/, "engine: elastic"),
  yaml("yaml", "tab indentation", "environments:\n\ttest:\n\t\tengine: opensearch\n", /config\/yaml-syntax/),
  yaml("yaml", "unclosed flow sequence", environmentsYaml("", "[10.0.0.0/8"), /config\/yaml-syntax/),
  yaml("yaml", "empty file", "", /config\/schema/),
  yaml("yaml", "a list instead of a map", "- test\n- prod\n", /config\/schema/),
  { area: "yaml", name: "environments.yaml missing with --env", files: { [ENVS]: null }, args: ["validate", "--env", "test"], message: /config\/not-found.*environments\.yaml/ },
];

export const environmentCases: BadInputCase[] = [
  yaml("environments", "unknown engine", withEnv("    engine: splunk\n    url: http://127.0.0.1:9\n"), /config\/schema/, "splunk"),
  yaml("environments", "url that is not a URL", withEnv("    engine: opensearch\n    url: localhost 9200\n"), /config\/schema/, "localhost 9200"),
  yaml("environments", "ftp url", withEnv("    engine: opensearch\n    url: ftp://127.0.0.1/\n"), /config\/schema/, "ftp://"),
  yaml("environments", "unknown key", withEnv("    engine: opensearch\n    urll: http://127.0.0.1:9\n    url: http://127.0.0.1:9\n"), /config\/schema.*Unknown key "urll"/, "urll"),
  yaml("environments", "CIDR prefix over /32 in exceptionValues", environmentsYaml("", "[10.0.0.0/8, 10.1.0.0/33]"), /detection\/invalid-cidr.*exceptionValues\.adminIps\[1\].*\/33/, "10.1.0.0/33"),
  yaml("environments", "IPv6 prefix over /128 in exceptionValues", environmentsYaml("", "[fd00::/200]"), /detection\/invalid-cidr.*\/200/, "fd00::/200"),
  yaml("environments", "host name where a CIDR is needed", environmentsYaml("", "[jumphost01]"), /detection\/invalid-cidr.*jumphost01/, "jumphost01"),
  yaml("environments", "exception value missing in an environment", withEnv("    engine: opensearch\n    url: http://127.0.0.1:9\n"), /detection\/missing-exception-value.*"extra"/),
  yaml("environments", "spaces on an opensearch environment", withEnv("    engine: opensearch\n    url: http://127.0.0.1:9\n    spaces: [soc]\n    exceptionValues: { adminIps: [] }\n"), /config\/schema.*spaces/, "[soc]"),
  yaml("environments", "environment name with capitals", environmentsYaml("  Prod:\n    engine: opensearch\n    url: http://127.0.0.1:9\n"), /config\/schema/),
  yaml("environments", "auth variable name that is not one", withEnv("    engine: opensearch\n    url: http://127.0.0.1:9\n    auth: { apiKeyEnv: 1-BAD }\n    exceptionValues: { adminIps: [] }\n"), /config\/schema.*environment variable/, "1-BAD"),
  yaml("environments", "ruleDefaults interval in words", withEnv("    engine: opensearch\n    url: http://127.0.0.1:9\n    ruleDefaults: { interval: five minutes }\n    exceptionValues: { adminIps: [] }\n"), /config\/schema/, "five minutes"),
  yaml("environments", "unknown --env", environmentsYaml(), /config\/unknown-environment.*"nope"/, undefined, ["validate", "--env", "nope"]),
];

const event = JSON.stringify(ATTACK_EVENT);

export const cliCases: BadInputCase[] = [
  { area: "cli", name: "unknown command", args: ["valdate"], message: /unknown command 'valdate'.*validate|Did you mean validate/s },
  { area: "cli", name: "unknown option", args: ["validate", "--nope"], message: /unknown option '--nope'/ },
  { area: "cli", name: "test --concurrency 0", args: ["test", "--concurrency", "0"], message: /--concurrency must be a positive integer/ },
  { area: "cli", name: "scan a missing events file", args: ["scan", "nope.ndjson"], message: /dac scan: no such file: nope\.ndjson/ },
  { area: "cli", name: "scan a folder", files: { "logs.ndjson/": "" }, args: ["scan", "logs.ndjson"], message: /dac scan: .*logs\.ndjson/ },
  { area: "cli", name: "scan a corrupt .gz", files: { "events.ndjson.gz": "plain text, not gzip\n" }, args: ["scan", "events.ndjson.gz"], message: /cannot read events\.ndjson\.gz: incorrect header check/ },
  { area: "cli", name: "scan malformed lines", files: { "events.ndjson": `${event}\nnot json\n${event}\n` }, args: ["scan", "events.ndjson"], message: /dac scan: skipped 1 malformed line .*first: events\.ndjson:2/s, location: "events.ndjson:2" },
  { area: "cli", name: "eql search on a missing events file", args: ["eql", "search", "--events", "nope.ndjson", "any where true"], message: /^dac eql search: no such file: nope\.ndjson\n$/ },
  { area: "cli", name: "eql search on a truncated .gz", files: { "e.ndjson.gz": gzipSync(`${event}\n`.repeat(100)).subarray(0, 40) }, args: ["eql", "search", "--events", "e.ndjson.gz", "any where true"], message: /cannot read e\.ndjson\.gz: unexpected end of file/ },
  { area: "cli", name: "eql search malformed lines", files: { "events.ndjson": `${event}\n{oops\n[]\n` }, args: ["eql", "search", "--no-prefilter", "--events", "events.ndjson", "any where true"], message: /skipped 2 malformed lines.*first: events\.ndjson:2/s, location: "events.ndjson:2" },
  { area: "cli", name: "eql search with both a query and --queries", files: { "q.jsonl": '{"id":"a","query":"any where true"}\n' }, args: ["eql", "search", "--events", "events.ndjson", "--queries", "q.jsonl", "any where true"], message: /either a query argument or --queries/ },
  {
    area: "cli",
    name: "eql search --mapping: cidrMatch on a keyword field",
    files: { "m.json": JSON.stringify({ properties: { "@timestamp": { type: "date" }, host: { properties: { name: { type: "keyword" } } } } }) },
    args: ["eql", "search", "--events", "events.ndjson", "--mapping", "m.json", 'any where cidrMatch(host.name, "10.0.0.0/8")'],
    message: /eql\/type-mismatch first argument of \[cidrMatch\(host\.name, "10\.0\.0\.0\/8"\)\] must be \[ip\], found value \[host\.name\] type \[keyword\]/,
    location: "<query>:1:21",
  },
  { area: "cli", name: "eql search --size -1", args: ["eql", "search", "--events", "events.ndjson", "--size", "-1", "any where true"], message: /--size must be a non-negative integer/ },
  { area: "cli", name: "eql check on a bad query", args: ["eql", "check", "any where proces.name == 1"], message: /eql\/unknown-field/, location: "1:11" },
  { area: "cli", name: "render for an unknown target", args: ["render", "--target", "splunk"], message: /argument 'splunk' is invalid/ },
  { area: "cli", name: "plan without --env", args: ["plan"], message: /required option '--env <name>' not specified/ },
  { area: "cli", name: "deploy --plan of a missing file", args: ["deploy", "--env", "test", "--plan", "missing.json", "--yes"], message: /missing\.json/ },
  { area: "cli", name: "deploy --plan of a corrupt file", files: { "plan.json": "{ not json" }, args: ["deploy", "--env", "test", "--plan", "plan.json", "--yes"], message: /plan\.json/ },
  { area: "cli", name: "test --changed-since outside git", args: ["test", "--offline", "--changed-since", "origin/main"], message: /dac test: .*git|not a git repository/i },
  { area: "cli", name: "list a module with errors", files: { "detections/rule.ts": "export const x = ;\n" }, args: ["list"], message: /detection\/syntax/, location: "detections/rule.ts:1:18" },
];

/** environments.yaml with a `remote` environment at the loopback server `mode`. */
function remote(mode: string, auth = "", engine = "opensearch"): string {
  const url = engine === "elastic" ? `    url: {{url:${mode}}}\n    kibanaUrl: {{url:${mode}}}\n` : `    url: {{url:${mode}}}\n`;
  return environmentsYaml(`  remote:\n    engine: ${engine}\n${url}${auth}    exceptionValues:\n      adminIps: [10.0.0.0/8]\n`);
}
const BASIC = "    auth:\n      basic: { usernameEnv: DAC_BAD_USERNAME, passwordEnv: DAC_BAD_PASSWORD }\n";
const API_KEY = "    auth: { apiKeyEnv: DAC_BAD_API_KEY }\n";

function network(name: string, mode: string, args: readonly string[], message: RegExp, auth = "", engine = "opensearch"): BadInputCase {
  return { area: "network", name, files: { [ENVS]: remote(mode, auth, engine) }, args, message };
}

export const networkCases: BadInputCase[] = [
  network("plan: connection refused", "refused", ["plan", "--env", "remote"], /ECONNREFUSED/),
  network("plan: node without Alerting says what works", "no-alerting", ["plan", "--env", "remote"], /no Alerting plugin, so dac plan and dac deploy cannot work against it.*dac test/s),
  network("deploy: node without Alerting writes nothing", "no-alerting", ["deploy", "--env", "remote", "--yes"], /no Alerting plugin/),
  network("plan: server error", "server-error", ["plan", "--env", "remote"], /500.*node is shutting down/s),
  network("deploy: server error", "server-error", ["deploy", "--env", "remote", "--yes"], /500/),
  network("plan: connection reset", "reset", ["plan", "--env", "remote"], /socket hang up|ECONNRESET|other side closed|No answer/i),
  network("plan: HTML instead of JSON", "garbage", ["plan", "--env", "remote"], /dac plan:/),
  network("plan: search_phase_execution_exception shows the root cause", "shards-failed", ["plan", "--env", "remote"], /all shards failed \(root cause: query_shard_exception: failed to create query/),
  network("plan: wrong password (401)", "unauthorized", ["plan", "--env", "remote"], /401/, BASIC),
  network("deploy: forbidden (403) names the permission", "forbidden", ["deploy", "--env", "remote", "--yes"], /403.*cluster:admin\/opendistro\/alerting\/monitor\/search/s, API_KEY),
  network("export: connection refused", "refused", ["export", "--env", "remote", "--out", "exported"], /ECONNREFUSED/),
  network("test on an unreachable cluster", "refused", ["test", "--env", "remote"], /ECONNREFUSED/),
  network("plan on Kibana answering 502 HTML", "kibana-html", ["plan", "--env", "remote"], /502/, API_KEY, "elastic"),
  network("deploy on Kibana answering 401", "unauthorized", ["deploy", "--env", "remote", "--yes"], /401/, API_KEY, "elastic"),
];

export const secretCases: BadInputCase[] = [
  { ...yaml("environments", "inline password (block style)", withEnv(`    engine: opensearch\n    url: http://127.0.0.1:9\n    auth:\n      basic: { usernameEnv: U, password: ${SECRETS.inline} }\n`), /config\/inline-secret/, "password"), area: "secrets", secrets: [SECRETS.inline] },
  { ...yaml("environments", "inline apiKey (flow style)", withEnv(`    engine: elastic\n    url: http://127.0.0.1:9\n    auth: { apiKey: "${SECRETS.inline}" }\n`), /config\/inline-secret/, "apiKey"), area: "secrets", secrets: [SECRETS.inline] },
  { ...yaml("environments", "inline token, --json", withEnv(`    engine: opensearch\n    url: http://127.0.0.1:9\n    token: ${SECRETS.inline}\n`), /config\/inline-secret/, undefined, ["validate", "--json"]), area: "secrets", secrets: [SECRETS.inline] },
  { ...yaml("environments", "password inside the URL", withEnv(`    engine: opensearch\n    url: https://admin:${SECRETS.url}@opensearch.example:9200\n`), /config\/inline-secret.*URL carries a password/, "url: https"), area: "secrets", secrets: [SECRETS.url] },
  { ...yaml("environments", "inline password refused by plan too", withEnv(`    engine: opensearch\n    url: http://127.0.0.1:9\n    password: ${SECRETS.inline}\n`), /config\/inline-secret/, undefined, ["plan", "--env", "extra"]), area: "secrets", secrets: [SECRETS.inline] },
  { ...yaml("environments", "inline password refused by deploy too", withEnv(`    engine: opensearch\n    url: http://127.0.0.1:9\n    password: ${SECRETS.inline}\n`), /config\/inline-secret/, undefined, ["deploy", "--env", "extra", "--yes"]), area: "secrets", secrets: [SECRETS.inline] },
  { ...yaml("environments", "inline password refused by test --offline", withEnv(`    engine: opensearch\n    url: http://127.0.0.1:9\n    password: ${SECRETS.inline}\n`), /config\/inline-secret/, undefined, ["test", "--offline"]), area: "secrets", secrets: [SECRETS.inline] },
  { ...yaml("environments", "inline password refused by render", withEnv(`    engine: opensearch\n    url: http://127.0.0.1:9\n    password: ${SECRETS.inline}\n`), /config\/inline-secret|inline/i, undefined, ["render", "--target", "opensearch", "--env", "extra"]), area: "secrets", secrets: [SECRETS.inline] },
  { ...network("password variable unset", "unauthorized", ["plan", "--env", "remote"], /DAC_BAD_PASSWORD/, BASIC), area: "secrets", env: { DAC_BAD_PASSWORD: "" } },
  { ...network("wrong password, --json", "unauthorized", ["plan", "--env", "remote", "--json"], /401/, BASIC), area: "secrets" },
  { ...network("API key refused by a 403", "forbidden", ["plan", "--env", "remote"], /403/, API_KEY), area: "secrets" },
  { ...network("basic auth over a reset connection", "reset", ["deploy", "--env", "remote", "--yes"], /./, BASIC), area: "secrets" },
  { ...network("API key in export's failed request", "server-error", ["export", "--env", "remote", "--out", "x"], /500/, API_KEY), area: "secrets" },
  { ...network("API key in test's failed request", "server-error", ["test", "--env", "remote"], /500|dac test/, API_KEY), area: "secrets" },
];

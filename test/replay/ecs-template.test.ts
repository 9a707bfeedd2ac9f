import { describe, expect, it } from "vitest";
import { buildReplayIndexTemplate, collectFieldPaths, deriveEventMappings, deriveReplayMappings, mapEcsField } from "../../src/replay/ecs-template.ts";

type Props = Record<string, { type?: string; properties?: Props; fields?: Record<string, { type: string }>; ignore_above?: number }>;
const props = (m: Record<string, unknown>) => m["properties"] as Props;
const at = (p: Props, path: string) => {
  const parts = path.split(".");
  let level: Props | undefined = p;
  for (const part of parts.slice(0, -1)) level = level?.[part]?.properties;
  return level?.[parts.at(-1) as string];
};

describe("mapEcsField", () => {
  it.each([
    [{ type: "keyword" }, { type: "keyword" }],
    [{ type: "ip" }, { type: "ip" }],
    [{ type: "date" }, { type: "date" }],
    [{ type: "long" }, { type: "long" }],
    [{ type: "constant_keyword" }, { type: "keyword" }],
    [{ type: "flattened" }, { type: "flat_object" }],
    [{ type: "scaled_float", scaling_factor: 1000 }, { type: "double" }],
  ])("%j -> %j", (spec, mapping) => {
    expect(mapEcsField(spec)).toEqual(mapping);
  });

  it("maps wildcard and match_only_text fields as exact keywords with a text sub-field", () => {
    expect(mapEcsField({ type: "wildcard" })).toMatchObject({ type: "keyword", fields: { text: { type: "text" } } });
    expect(mapEcsField({ type: "match_only_text" })).toMatchObject({ type: "keyword", fields: { text: { type: "text" } } });
  });

  it("keeps ECS ignore_above and text multi-fields on keywords", () => {
    expect(mapEcsField({ type: "keyword", ignore_above: 1024, multi_fields: [{ name: "text", type: "match_only_text" }] })).toEqual({
      type: "keyword",
      ignore_above: 1024,
      fields: { text: { type: "text" } },
    });
  });
});

describe("deriveEventMappings (from @elastic/ecs)", () => {
  const events = [
    {
      "@timestamp": "2026-01-01T00:00:00Z",
      source: { ip: "10.1.2.3", port: 445 },
      process: { command_line: "cmd.exe /c whoami", pid: 4, args: ["cmd.exe", "/c"] },
      host: { name: "FS01" },
      message: "A service was installed",
      data_stream: { type: "logs", dataset: "system.security", namespace: "default" },
      winlog: { channel: "Security", event_data: { ServiceName: "PSEXESVC", LogonType: "3" }, keywords: -9223372036854775808, record_id: 40000 },
      "event.code": "4697",
    },
  ];
  const p = props(deriveEventMappings(events));

  it("types ECS fields by their ECS type: keyword vs ip vs date vs long", () => {
    expect(at(p, "@timestamp")?.type).toBe("date");
    expect(at(p, "source.ip")?.type).toBe("ip");
    expect(at(p, "source.port")?.type).toBe("long");
    expect(at(p, "host.name")?.type).toBe("keyword");
    expect(at(p, "process.pid")?.type).toBe("long");
    expect(at(p, "process.args")?.type).toBe("keyword");
    expect(at(p, "event.code")?.type).toBe("keyword");
  });

  it("makes EQL-matched text-ish ECS fields keywords, with text beside them", () => {
    expect(at(p, "process.command_line")).toMatchObject({ type: "keyword", fields: { text: { type: "text" } } });
    expect(at(p, "message")).toMatchObject({ type: "keyword", fields: { text: { type: "text" } } });
    expect(at(p, "data_stream.dataset")?.type).toBe("keyword");
  });

  it("maps Windows event data and other non-ECS strings as keyword, numbers by range", () => {
    expect(at(p, "winlog.event_data.ServiceName")?.type).toBe("keyword");
    expect(at(p, "winlog.event_data.LogonType")?.type).toBe("keyword");
    expect(at(p, "winlog.channel")?.type).toBe("keyword");
    expect(at(p, "winlog.record_id")?.type).toBe("long");
    expect(at(p, "winlog.keywords")?.type).toBe("double");
  });

  it("only maps the fields the events carry", () => {
    expect(at(p, "destination.ip")).toBeUndefined();
    expect(collectFieldPaths(events).size).toBeLessThan(25);
  });
});

describe("deriveReplayMappings and the template", () => {
  it("without events covers every ECS field, nested types flattened to objects", () => {
    const m = deriveReplayMappings();
    const p = props(m);
    expect(at(p, "destination.ip")?.type).toBe("ip");
    expect(at(p, "dll.pe.sections")?.type).toBe("object");
    expect(at(p, "dll.pe.sections.name")?.type).toBe("keyword");
    expect(m["date_detection"]).toBe(false);
  });

  it("the template keeps strings keyword, winlog.event_data included, and uses one shard", () => {
    const t = buildReplayIndexTemplate() as { index_patterns: string[]; template: { settings: Record<string, unknown>; mappings: { dynamic_templates: Record<string, { path_match?: string; mapping: { type: string } }>[] } } };
    expect(t.index_patterns).toEqual(["dac-replay-*"]);
    expect(t.template.settings["number_of_shards"]).toBe(1);
    const dyn = t.template.mappings.dynamic_templates.flatMap((d) => Object.values(d));
    expect(dyn.find((d) => d.path_match === "winlog.event_data.*")?.mapping.type).toBe("keyword");
    expect(dyn.every((d) => d.mapping.type === "keyword")).toBe(true);
  });
});

describe("fields whose values disagree across events", () => {
  it("widens to keyword when any value is a string, and to double for huge numbers", () => {
    const p = props(deriveEventMappings([{ winlog: { keywords: -9223372036854775808, n: 1 } }, { winlog: { keywords: "0x8000000000000000", n: 2.5 } }]));
    expect(at(p, "winlog.keywords")?.type).toBe("keyword");
    expect(at(p, "winlog.n")?.type).toBe("double");
  });
});

import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { resolveScript } from "../../src/cluster/project-scripts.ts";

// The image recipe's shell helpers (scripts/opensearch-image/lib.sh) and entry
// point, run with bash on temp files: no Docker, no network.
const lib = resolveScript("opensearch-image/lib.sh");
const work = mkdtempSync(join(tmpdir(), "dac-recipe-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function bash(script: string, env: Record<string, string> = {}): string {
  return execFileSync("bash", ["-euo", "pipefail", "-c", `. "${lib}"; ${script}`], {
    encoding: "utf8",
    // stdin must not be the runner's socket: bash then sources bashrc files.
    stdio: ["ignore", "pipe", "pipe"],
    env: { PATH: process.env["PATH"] ?? "", OPENSEARCH_VERSION: "2.19.4", ...env },
  });
}

function readProperties(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("write_descriptor", () => {
  test("writes the fields OpenSearch's PluginInfo requires", () => {
    const dir = join(work, "painless");
    mkdirSync(dir);
    bash(`write_descriptor "${dir}" lang-painless org.opensearch.painless.PainlessPlugin "Painless" 2.19.4 ""`);
    expect(readProperties(join(dir, "plugin-descriptor.properties"))).toEqual({
      description: "Painless",
      version: "2.19.4",
      name: "lang-painless",
      classname: "org.opensearch.painless.PainlessPlugin",
      "java.version": "11",
      "opensearch.version": "2.19.4",
      "custom.foldername": "",
      "extended.plugins": "",
      "has.native.controller": "false",
    });
  });

  test("a plugin version may differ from the OpenSearch version; extended plugins are listed", () => {
    const dir = join(work, "alerting");
    mkdirSync(dir);
    bash(`write_descriptor "${dir}" opensearch-alerting org.opensearch.alerting.AlertingPlugin "Alerting" 2.19.4.0 lang-painless`);
    const props = readProperties(join(dir, "plugin-descriptor.properties"));
    expect(props["version"]).toBe("2.19.4.0");
    expect(props["opensearch.version"]).toBe("2.19.4");
    expect(props["extended.plugins"]).toBe("lang-painless");
  });
});

test("write_policy wraps permissions in one grant block", () => {
  const dir = join(work, "policy");
  mkdirSync(dir);
  bash(`write_policy "${dir}" 'permission java.lang.RuntimePermission "a";' 'permission java.lang.RuntimePermission "b";'`);
  expect(readFileSync(join(dir, "plugin-security.policy"), "utf8")).toBe(
    'grant {\n  permission java.lang.RuntimePermission "a";\n  permission java.lang.RuntimePermission "b";\n};\n',
  );
});

test("pom_runtime_deps lists compile/runtime dependencies and ignores exclusions and test scope", () => {
  const pom = join(work, "x.pom");
  writeFileSync(
    pom,
    [
      "<project>",
      "  <dependencies>",
      "    <dependency>",
      "      <groupId>org.antlr</groupId>",
      "      <artifactId>antlr4-runtime</artifactId>",
      "      <version>4.13.1</version>",
      "      <scope>compile</scope>",
      "      <exclusions>",
      "        <exclusion>",
      "          <groupId>*</groupId>",
      "          <artifactId>*</artifactId>",
      "        </exclusion>",
      "      </exclusions>",
      "    </dependency>",
      "    <dependency>",
      "      <groupId>org.ow2.asm</groupId>",
      "      <artifactId>asm</artifactId>",
      "      <version>9.7</version>",
      "    </dependency>",
      "    <dependency>",
      "      <groupId>junit</groupId>",
      "      <artifactId>junit</artifactId>",
      "      <version>4</version>",
      "      <scope>test</scope>",
      "    </dependency>",
      "  </dependencies>",
      "</project>",
    ].join("\n"),
  );
  expect(bash(`pom_runtime_deps "${pom}"`).trim().split("\n")).toEqual(["org.antlr:antlr4-runtime:4.13.1", "org.ow2.asm:asm:9.7"]);
});

test("the entry point turns dotted environment variables into -E settings", () => {
  const home = join(work, "home");
  mkdirSync(join(home, "bin"), { recursive: true });
  const fake = join(home, "bin", "opensearch");
  writeFileSync(fake, '#!/bin/bash\nprintf "%s\\n" "$@"\n');
  chmodSync(fake, 0o755);
  const out = execFileSync("bash", [resolveScript("opensearch-image/docker-entrypoint.sh"), "-q"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env["PATH"] ?? "",
      OPENSEARCH_HOME: home,
      "discovery.type": "single-node",
      "plugins.alerting.monitor.max_monitors": "7",
      DISABLE_SECURITY_PLUGIN: "true",
    },
  });
  // single-node discovery is already in the image's opensearch.yml.
  expect(out.trim().split("\n")).toEqual(["-E", "plugins.alerting.monitor.max_monitors=7", "-q"]);
});

/**
 * Every code block of README.md, run or validated:
 *  - ts: written into a temp copy of the PsExec pack's folder (its exceptions,
 *    pack settings and the fixtures the block names) and put through
 *    `dac validate` and `dac test --offline` with the real CLI;
 *  - yaml: parsed by the environments.yaml parser, which must accept it;
 *  - sh: each line is a command of this checkout: the file must exist and be
 *    executable, a `./dac <command>` must parse (`--help` exits 0) and a shell
 *    script must pass `bash -n`. Running them for real is what .ci/run does
 *    (`./scripts/test.sh`) and what `./dac up` is; neither belongs in a unit test.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnvironments } from "../src/config/index.ts";

const README = readFileSync("README.md", "utf8");
const blocks = [...README.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]!, line: README.slice(0, m.index).split("\n").length }));
const NODE = resolve("node_modules/.bin/node");
const PACK = resolve("detections/psexec");
const SRC = resolve("src/detection/index.ts");

function dac(cwd: string, ...args: string[]): { code: number | null; output: string } {
  const r = spawnSync(NODE, [resolve("bin/dac.js"), ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("README.md code blocks", () => {
  it("has blocks in the languages this test knows how to check", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    for (const b of blocks) expect(["ts", "yaml", "sh"], `block at README.md:${b.line}`).toContain(b.lang);
  });

  for (const block of blocks.filter((b) => b.lang === "ts")) {
    it(`ts block at README.md:${block.line} validates and its tests pass offline in the PsExec pack`, { timeout: 180_000 }, () => {
      const root = mkdtempSync(join(tmpdir(), "dac-readme-"));
      try {
        const dir = join(root, "detections/psexec");
        mkdirSync(join(dir, "fixtures"), { recursive: true });
        const rewrite = (text: string) => text.replaceAll('"../../src/detection/index.ts"', JSON.stringify(SRC));
        for (const helper of ["exceptions.ts", "pack.ts"]) writeFileSync(join(dir, helper), rewrite(readFileSync(join(PACK, helper), "utf8")));
        for (const [, fixture] of block.code.matchAll(/fixture: "([^"]+)"/g)) copyFileSync(join(PACK, fixture!), join(dir, fixture!));
        writeFileSync(join(dir, "readme-example.ts"), rewrite(block.code));
        copyFileSync("environments.yaml", join(root, "environments.yaml"));
        writeFileSync(join(root, "package.json"), JSON.stringify({ name: "readme-example", type: "module", private: true }));
        const validate = dac(root, "validate");
        expect(validate.code, validate.output).toBe(0);
        expect(validate.output).toMatch(/1 detections, 3 exceptions: ok/);
        const offline = dac(root, "test", "--offline");
        expect(offline.code, offline.output).toBe(0);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    });
  }

  // YAML blocks are environments.yaml, whole or one environment of it (indented, as under
  // `environments:`), except the OpenSearch roles, which test/cluster/secure-roles.test.ts
  // compares with the roles the secured image loads.
  const isRoles = (code: string) => /^dac-deployer:/m.test(code);
  for (const block of blocks.filter((b) => b.lang === "yaml" && !isRoles(b.code))) {
    it(`yaml block at README.md:${block.line} is a valid environments.yaml`, () => {
      const text = /^\s/.test(block.code) ? `environments:\n${block.code}` : block.code;
      const parsed = parseEnvironments(text, "README.md", "readme");
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.ok).toBe(true);
    });
  }

  for (const block of blocks.filter((b) => b.lang === "sh")) {
    const commands = block.code.split("\n").map((l) => l.replace(/\s+#.*$/, "")).filter((l) => l.trim() !== "" && !l.startsWith("#"));
    for (const command of commands) {
      it(`sh block at README.md:${block.line}: \`${command}\` exists and parses`, { timeout: 60_000 }, () => {
        const [program, ...args] = command.trim().split(/\s+/);
        // `. FILE` reads a file that a command before it writes (e.g. `dac cluster start --secure`).
        if (program === ".") return;
        expect(program, "commands in the README run from the checkout").toMatch(/^\.\//);
        accessSync(program!, constants.X_OK);
        if (program === "./dac") {
          const help = dac(process.cwd(), ...args, "--help");
          expect(help.code, help.output).toBe(0);
        } else {
          expect(readFileSync(program!, "utf8")).toMatch(/^#!\/usr\/bin\/env bash/);
          execFileSync("bash", ["-n", program!]);
        }
      });
    }
  }
});

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Detection } from "../../src/detection/index.ts";
import { listChangedFiles, selectChangedDetections } from "../../src/replay/changed.ts";

let repo: string;
const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });
const write = (path: string, text: string) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
};

function detection(id: string, file: string, fixtures: string[]): Detection {
  return { id, source: { file }, tests: fixtures.map((f) => ({ name: f, fixture: join(repo, f), expectAlerts: 1 })) } as unknown as Detection;
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "dac-changed-"));
  git("init", "-q", "-b", "main");
  git("config", "user.email", "t@example.com");
  git("config", "user.name", "t");
  write("environments.yaml", "environments: {}\n");
  write("detections/psexec/a.ts", "a");
  write("detections/psexec/b.ts", "b");
  write("detections/psexec/fixtures/a.ndjson", "{}\n");
  write("detections/psexec/fixtures/b.ndjson", "{}\n");
  write("detections/other/c.ts", "c");
  write("detections/other/helpers.ts", "h");
  git("add", ".");
  git("commit", "-q", "-m", "base");
  git("checkout", "-q", "-b", "feature");
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("changed-since selection on a real git repository", () => {
  const pack = () => [
    detection("a", join(repo, "detections/psexec/a.ts"), ["detections/psexec/fixtures/a.ndjson"]),
    detection("b", join(repo, "detections/psexec/b.ts"), ["detections/psexec/fixtures/b.ndjson"]),
    detection("c", join(repo, "detections/other/c.ts"), []),
  ];
  const ids = (ref = "main") => selectChangedDetections(pack(), listChangedFiles(ref, repo), repo).map((d) => d.id);

  it("selects nothing when nothing changed", () => {
    expect(listChangedFiles("main", repo)).toEqual([]);
    expect(ids()).toEqual([]);
  });

  it("selects a detection whose fixture changed in a commit on the branch", () => {
    write("detections/psexec/fixtures/b.ndjson", '{"x":1}\n');
    git("commit", "-qam", "fixture");
    expect(ids()).toEqual(["b"]);
  });

  it("adds a detection whose module changed in the working tree, and untracked new modules' folders", () => {
    write("detections/psexec/a.ts", "a2");
    expect(ids()).toEqual(["a", "b"]);
    write("detections/other/new-helper.ts", "n");
    expect(ids()).toEqual(["a", "b", "c"]);
  });

  it("ignores changes on the base branch after the branch point (merge base)", () => {
    // Moves between branches of the throwaway repository in tmpdir, never the project's.
    git("stash", "-u", "-q");
    git("checkout", "-q", "main");
    write("detections/other/c.ts", "c2");
    git("commit", "-qam", "main moves on");
    git("checkout", "-q", "feature");
    git("stash", "pop", "-q");
    expect(ids()).toEqual(["a", "b", "c"]);
    git("checkout", "-q", "--", "detections/psexec/a.ts");
    rmSync(join(repo, "detections/other/new-helper.ts"));
    expect(ids()).toEqual(["b"]);
  });

  it("selects everything when environments.yaml changed", () => {
    write("environments.yaml", "environments: { x: {} }\n");
    expect(ids()).toEqual(["a", "b", "c"]);
  });

  it("names the ref when git cannot use it", () => {
    expect(() => listChangedFiles("no-such-ref", repo)).toThrow(/--changed-since no-such-ref/);
  });
});

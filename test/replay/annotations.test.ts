import { describe, expect, it } from "vitest";
import { renderFailureAnnotations, renderGithubAnnotation, shouldAnnotate, toRepositoryPath } from "../../src/replay/annotations.ts";
import type { TestReport } from "../../src/replay/report.ts";

describe("renderGithubAnnotation", () => {
  it("renders an ::error command with file, line, column and title", () => {
    expect(renderGithubAnnotation("error", { file: "detections/psexec/x.ts", line: 33, column: 5 }, "dac test: x", "expected 2 alerts, got 0")).toBe(
      "::error file=detections/psexec/x.ts,line=33,col=5,title=dac test%3A x::expected 2 alerts, got 0",
    );
  });

  it("escapes %, CR and LF in the message, and also : and , in properties", () => {
    expect(renderGithubAnnotation("warning", { file: "a,b:c.ts" }, "t, with: colon", "50%\nnext\rline")).toBe(
      "::warning file=a%2Cb%3Ac.ts,title=t%2C with%3A colon::50%25%0Anext%0Dline",
    );
  });
});

describe("renderFailureAnnotations", () => {
  const report: TestReport = {
    results: [
      { detectionId: "ok-rule", file: "detections/psexec/ok.ts", test: "fires", passed: true, expectedAlerts: 1, actualAlerts: 1, entities: ["FS01"] },
      {
        detectionId: "broken-rule",
        file: "detections/psexec/broken.ts",
        test: "remote PsExec",
        fixture: "/repo/detections/psexec/fixtures/attack.ndjson",
        passed: false,
        expectedAlerts: 2,
        actualAlerts: 0,
        entities: [],
        reason: "expected 2 alerts, got 0",
      },
    ],
  };

  it("annotates only failures, at the located line, with repository-relative paths", () => {
    const lines = renderFailureAnnotations(report, (r) => (r.detectionId === "broken-rule" ? { file: "/repo/detections/psexec/broken.ts", line: 41, column: 7 } : undefined), "/repo");
    expect(lines).toEqual([
      "::error file=detections/psexec/broken.ts,line=41,col=7,title=dac test%3A broken-rule::remote PsExec: expected 2 alerts, got 0 (fixture detections/psexec/fixtures/attack.ndjson)",
    ]);
  });

  it("falls back to the module file when the test cannot be located", () => {
    const [line] = renderFailureAnnotations(report, () => undefined, "/repo");
    expect(line).toMatch(/^::error file=detections\/psexec\/broken\.ts,title=/);
  });
});

describe("shouldAnnotate / toRepositoryPath", () => {
  it("annotates on GitHub Actions or when asked", () => {
    expect(shouldAnnotate({ GITHUB_ACTIONS: "true" })).toBe(true);
    expect(shouldAnnotate({})).toBe(false);
    expect(shouldAnnotate({}, true)).toBe(true);
  });

  it("makes absolute paths relative to the workspace", () => {
    expect(toRepositoryPath("/w/repo/detections/a.ts", "/w/repo")).toBe("detections/a.ts");
    expect(toRepositoryPath("detections/a.ts", "/w/repo")).toBe("detections/a.ts");
  });
});

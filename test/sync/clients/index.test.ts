import { describe, expect, it } from "vitest";
import type { ResolvedEnvironment } from "../../../src/config/index.ts";
import { selectDesiredCompiler, selectProject } from "../../../src/sync/clients/index.ts";
import { makeDetection } from "../../targets/opensearch/detection-fixture.ts";

const env = (extra: Partial<ResolvedEnvironment>): ResolvedEnvironment =>
  ({ name: "e", engine: "opensearch", url: "http://x", auth: { kind: "none" }, tls: { insecure: false }, indices: {}, ruleDefaults: {}, exceptionValues: {}, spaces: [], ...extra }) as ResolvedEnvironment;

describe("the environment's dac project flows into the compiled bodies", () => {
  it("OpenSearch: ui_metadata.dac.project", () => {
    const body = selectDesiredCompiler(env({ project: "blue" })).compile(makeDetection()).body as { ui_metadata: { dac: { project?: string } } };
    expect(body.ui_metadata.dac.project).toBe("blue");
  });

  it("Elastic: a dac:project tag on the rule", () => {
    const body = selectDesiredCompiler(env({ engine: "elastic", project: "blue" })).compile(makeDetection()).body as { rule: { tags: string[] } };
    expect(body.rule.tags).toContain("dac:project:blue");
    expect(body.rule.tags).toContain("dac:managed");
  });

  it("an environment built by hand gets the working directory's default project, never none", () => {
    expect(selectProject(env({}))).toBe("dac");
    const body = selectDesiredCompiler(env({})).compile(makeDetection()).body as { ui_metadata: { dac: { project?: string } } };
    expect(body.ui_metadata.dac.project).toBe("dac");
  });
});

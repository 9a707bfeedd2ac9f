import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Writes an environments.yaml with one OpenSearch environment `it` pointing at
 * `url`, filled with the exception values the pack needs; returns its path.
 */
export function writeItEnvironments(dir: string, url: string, project?: string): string {
  const file = join(dir, "environments.yaml");
  writeFileSync(
    file,
    `${project !== undefined ? `project: ${project}\n` : ""}environments:
  it:
    engine: opensearch
    url: ${url}
    exceptionValues:
      adminSourceHosts: [ADMIN-JUMP01]
      adminSourceIps: [10.10.5.0/28]
      adminAccounts: [svc-remediation]
      rmmParentProcesses: [AgentMon.exe]
      rmmSigners: ["Kaseya Holdings Inc."]
      patchSourceIps: [10.20.0.15]
`,
  );
  return file;
}

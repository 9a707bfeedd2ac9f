import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expect, test } from "vitest";
import { parse } from "yaml";

const root = resolve(import.meta.dirname, "../..");
const recipe = resolve(root, "scripts/opensearch-image/security");

test("the README's OpenSearch roles are the roles the secured image loads", () => {
  const readme = readFileSync(resolve(root, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### Roles and permissions"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  expect(block).toBeDefined();
  const file = parse(readFileSync(resolve(recipe, "roles.yml"), "utf8")) as Record<string, unknown>;
  const { _meta, ...roles } = file;
  expect(_meta).toEqual({ type: "roles", config_version: 2 });
  expect(parse(block!)).toEqual(roles);
});

test("the reader role grants nothing that writes", () => {
  const roles = parse(readFileSync(resolve(recipe, "roles.yml"), "utf8")) as Record<string, { cluster_permissions: string[]; index_permissions?: unknown[] }>;
  const reader = roles["dac-reader"]!;
  expect(reader.index_permissions ?? []).toEqual([]);
  for (const permission of reader.cluster_permissions) expect(permission).toMatch(/^cluster:monitor\/|\/(get|search)$/);
});

test("no demo user or demo password is baked into the secured image", () => {
  const users = parse(readFileSync(resolve(recipe, "internal_users.yml"), "utf8")) as Record<string, unknown>;
  expect(Object.keys(users)).toEqual(["_meta"]);
  const mapping = parse(readFileSync(resolve(recipe, "roles_mapping.yml"), "utf8")) as Record<string, { users?: string[]; backend_roles?: string[] }>;
  expect(Object.fromEntries(Object.entries(mapping).filter(([k]) => k !== "_meta").map(([k, v]) => [k, v.users]))).toEqual({
    all_access: ["admin"],
    "dac-deployer": ["dac-deployer"],
    "dac-reader": ["dac-reader"],
  });
});

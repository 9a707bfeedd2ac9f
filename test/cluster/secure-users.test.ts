import bcrypt from "bcryptjs";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { generatePasswords, renderInternalUsers, SECURE_USERS } from "../../src/cluster/secure-users.ts";

describe("secure node users", () => {
  test("passwords are random, long and need no quoting", () => {
    const a = generatePasswords();
    const b = generatePasswords();
    for (const key of ["admin", "deployer", "reader"] as const) {
      expect(a[key]).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(a[key]).not.toBe(b[key]);
    }
    expect(new Set(Object.values(a)).size).toBe(3);
  });

  test("internal_users.yml holds a bcrypt hash per user that matches its password, and no password", () => {
    const passwords = generatePasswords();
    const text = renderInternalUsers(passwords, 4);
    for (const p of Object.values(passwords)) expect(text).not.toContain(p);
    const doc = parse(text) as Record<string, { hash?: string; reserved?: boolean }>;
    expect(doc["_meta"]).toEqual({ type: "internalusers", config_version: 2 });
    expect(Object.keys(doc).filter((k) => k !== "_meta")).toEqual(["admin", "dac-deployer", "dac-reader"]);
    for (const key of ["admin", "deployer", "reader"] as const) {
      const hash = doc[SECURE_USERS[key]]!.hash!;
      expect(bcrypt.compareSync(passwords[key], hash)).toBe(true);
      expect(bcrypt.compareSync(`${passwords[key]}x`, hash)).toBe(false);
    }
  });
});

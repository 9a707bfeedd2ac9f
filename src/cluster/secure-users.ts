import { randomBytes } from "node:crypto";
import bcrypt from "bcryptjs";

/**
 * The users of a secured node (dac/opensearch-secure): their names, the roles
 * scripts/opensearch-image/security/roles_mapping.yml gives them, and the
 * internal_users.yml that carries their bcrypt hashes into the node. Passwords
 * are random per node start and never printed.
 */
export const SECURE_USERS = {
  /** all_access: set-up and inspection, never what dac itself should run as. */
  admin: "admin",
  /** role dac-deployer: plan, deploy, export, replay. */
  deployer: "dac-deployer",
  /** role dac-reader: plan and export. */
  reader: "dac-reader",
} as const;

export type SecureUserKey = keyof typeof SECURE_USERS;
export type SecurePasswords = Readonly<Record<SecureUserKey, string>>;

/** 24 random bytes, base64url: 32 characters no shell or YAML needs quoting for. */
export function generatePasswords(): SecurePasswords {
  const one = () => randomBytes(24).toString("base64url");
  return { admin: one(), deployer: one(), reader: one() };
}

/**
 * internal_users.yml for the security plugin. Cost 10: the plugin checks the
 * hash once per user and caches the result, and start time matters here.
 */
export function renderInternalUsers(passwords: SecurePasswords, rounds = 10): string {
  const lines = ["# Written by dac at node start (src/cluster/secure-users.ts).", "_meta:", '  type: "internalusers"', "  config_version: 2"];
  for (const key of Object.keys(SECURE_USERS) as SecureUserKey[]) {
    lines.push(`${SECURE_USERS[key]}:`, `  hash: "${bcrypt.hashSync(passwords[key], rounds)}"`, "  reserved: false");
  }
  return `${lines.join("\n")}\n`;
}

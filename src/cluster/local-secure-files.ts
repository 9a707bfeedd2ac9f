import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnvFile } from "./local-image.ts";
import type { SecureConnection, StartedSecureOpenSearchNode } from "./secure-node.ts";
import { SECURE_USERS, type SecureUserKey } from "./secure-users.ts";

/**
 * What `dac cluster start --secure` leaves for the user: the CA to trust
 * (`tls.caFile`) and the users' passwords as a file to `source` (mode 0600,
 * under .dac/, which is gitignored). Passwords are never printed: a terminal
 * scrollback or a CI log is not a place for them.
 */
export function localSecureDir(cwd = process.cwd()): string {
  return join(cwd, ".dac", "secure");
}

export const LOCAL_SECURE_CA_FILE = ".dac/secure/ca.pem";
export const LOCAL_SECURE_CREDENTIALS_FILE = ".dac/secure/credentials.env";

/** The variables credentials.env exports, per user. */
export const LOCAL_SECURE_VARIABLES: Readonly<Record<SecureUserKey, { readonly user: string; readonly password: string }>> = {
  admin: { user: "DAC_LOCAL_ADMIN_USER", password: "DAC_LOCAL_ADMIN_PASSWORD" },
  deployer: { user: "DAC_LOCAL_DEPLOYER_USER", password: "DAC_LOCAL_DEPLOYER_PASSWORD" },
  reader: { user: "DAC_LOCAL_READER_USER", password: "DAC_LOCAL_READER_PASSWORD" },
};

export function renderCredentialsEnv(url: string, password: (user: SecureUserKey) => string): string {
  const lines = [`# dac's local secured cluster at ${url} (dac cluster start --secure).`, "# Passwords: keep this file private; `dac cluster stop` deletes it."];
  for (const key of Object.keys(SECURE_USERS) as SecureUserKey[]) {
    lines.push(`export ${LOCAL_SECURE_VARIABLES[key].user}=${SECURE_USERS[key]}`, `export ${LOCAL_SECURE_VARIABLES[key].password}=${password(key)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function writeLocalSecureFiles(node: StartedSecureOpenSearchNode, cwd = process.cwd()): void {
  const dir = localSecureDir(cwd);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, "ca.pem"), node.caPem);
  const credentials = join(dir, "credentials.env");
  writeFileSync(credentials, renderCredentialsEnv(node.url, (u) => node.password(u)), { mode: 0o600 });
  chmodSync(credentials, 0o600);
}

/** How to reach the running secured local cluster as `user`, from the files; undefined when they are gone. */
export function readLocalSecureConnection(url: string, user: SecureUserKey, cwd = process.cwd()): SecureConnection | undefined {
  try {
    const dir = localSecureDir(cwd);
    const vars = parseEnvFile(readFileSync(join(dir, "credentials.env"), "utf8").replace(/^export /gm, ""));
    const password = vars[LOCAL_SECURE_VARIABLES[user].password];
    if (!password) return undefined;
    return { url, caPem: readFileSync(join(dir, "ca.pem"), "utf8"), username: SECURE_USERS[user], password };
  } catch {
    return undefined;
  }
}

export function removeLocalSecureFiles(cwd = process.cwd()): void {
  rmSync(localSecureDir(cwd), { recursive: true, force: true });
}

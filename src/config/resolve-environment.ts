/**
 * resolveEnvironment: one named environment with its credentials read from
 * the process environment and wrapped in Secret, so nothing downstream can
 * print them by accident. A missing variable is an error naming the variable.
 */
import { errorDiagnostic, fail, ok, type Diagnostic, type Result } from "../diagnostics/index.ts";
import type { EnvironmentConfig, Environments } from "./environments-schema.ts";
import { Secret } from "./secret.ts";

export type ResolvedAuth =
  | { readonly kind: "none" }
  | { readonly kind: "basic"; readonly username: string; readonly password: Secret }
  | { readonly kind: "api-key"; readonly apiKey: Secret };

export interface ResolvedEnvironment extends Omit<EnvironmentConfig, "auth" | "spaces"> {
  readonly name: string;
  /**
   * The dac project that owns what is deployed here (Environments.project).
   * resolveEnvironment always sets it; it is optional only so environments
   * built by hand stay valid, and sync then uses the working directory's
   * default project (deriveDefaultProjectName).
   */
  readonly project?: string;
  readonly auth: ResolvedAuth;
  readonly spaces: readonly string[];
}

type ProcessEnv = Readonly<Record<string, string | undefined>>;

function readVariable(processEnv: ProcessEnv, variable: string, environment: string, what: string, diagnostics: Diagnostic[]): string | undefined {
  const value = processEnv[variable];
  if (value === undefined || value === "") {
    diagnostics.push(
      errorDiagnostic("config/missing-env-var", `Environment "${environment}" reads its ${what} from $${variable}, which is not set`, { notes: [`export ${variable}=... before running dac`] }),
    );
    return undefined;
  }
  return value;
}

function resolveAuth(config: EnvironmentConfig, name: string, processEnv: ProcessEnv, diagnostics: Diagnostic[]): ResolvedAuth {
  const auth = config.auth;
  if (!auth) return { kind: "none" };
  if ("apiKeyEnv" in auth) {
    const apiKey = readVariable(processEnv, auth.apiKeyEnv, name, "API key", diagnostics);
    return apiKey === undefined ? { kind: "none" } : { kind: "api-key", apiKey: new Secret(apiKey, auth.apiKeyEnv) };
  }
  const username = readVariable(processEnv, auth.basic.usernameEnv, name, "user name", diagnostics);
  const password = readVariable(processEnv, auth.basic.passwordEnv, name, "password", diagnostics);
  if (username === undefined || password === undefined) return { kind: "none" };
  return { kind: "basic", username, password: new Secret(password, auth.basic.passwordEnv) };
}

/** The named environment, credentials resolved from `processEnv` (usually process.env). */
export function resolveEnvironment(envs: Environments, name: string, processEnv: ProcessEnv = process.env): Result<ResolvedEnvironment> {
  const config = Object.hasOwn(envs.environments, name) ? envs.environments[name] : undefined;
  if (!config) {
    const known = Object.keys(envs.environments).join(", ") || "none";
    return fail([errorDiagnostic("config/unknown-environment", `No environment named "${name}" (known: ${known})`)]);
  }
  const diagnostics: Diagnostic[] = [];
  const auth = resolveAuth(config, name, processEnv, diagnostics);
  if (diagnostics.length > 0) return fail(diagnostics);
  return ok({ ...config, name, project: envs.project, auth, spaces: config.spaces ?? [] });
}

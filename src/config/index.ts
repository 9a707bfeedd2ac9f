/**
 * config: environments.yaml -> the dac project name (which repository owns
 * what is deployed) and named, validated environments (engine, URL, auth by
 * environment-variable name, TLS, Kibana spaces, index overrides, rule
 * defaults, exception values), and one environment resolved with its secrets
 * read from the process environment. A base folder like diagnostics/: any stage
 * may import it; it imports no stage. No network. Secrets never leave as text:
 * they are wrapped in Secret, which prints as ***.
 */
export * from "./secret.ts";
export * from "./project-name.ts";
export * from "./metadata-policy.ts";
export * from "./environments-schema.ts";
export * from "./environments.ts";
export * from "./resolve-environment.ts";

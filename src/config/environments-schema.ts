/**
 * The zod schema of environments.yaml. Credentials are only ever named (the
 * environment variable that holds them); inline secrets are refused before
 * this schema runs, with a dedicated located error (see environments.ts).
 */
import { z } from "zod";
import { metadataPolicySchema } from "./metadata-policy.ts";
import { PROJECT_NAME_PATTERN } from "./project-name.ts";

// Same names as DataSource in detection/model.ts; config is a base folder and
// imports no stage, so the list is repeated here.
const DATA_SOURCES = ["windows-security", "windows-system", "sysmon", "elastic-defend"] as const;
const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "an environment variable name such as DAC_STAGING_PASSWORD");

const authSchema = z.union([
  z.strictObject({ basic: z.strictObject({ usernameEnv: envVarName, passwordEnv: envVarName }) }),
  z.strictObject({ apiKeyEnv: envVarName }),
]);

export const environmentSchema = z.strictObject({
  engine: z.enum(["opensearch", "elastic"]),
  url: z.url({ protocol: /^https?$/ }),
  /** Kibana URL for engine elastic when it is not `url` (rules live in Kibana, data in Elasticsearch). */
  kibanaUrl: z.url({ protocol: /^https?$/ }).optional(),
  auth: authSchema.optional(),
  tls: z.strictObject({ caFile: z.string().min(1).optional(), insecure: z.boolean().default(false) }).default({ insecure: false }),
  spaces: z.array(z.string().regex(/^[a-z0-9_-]+$/, "a Kibana space id (lowercase letters, digits, _ and -)")).optional(),
  indices: z.partialRecord(z.enum(DATA_SOURCES), z.array(z.string().min(1)).min(1)).default({}),
  ruleDefaults: z.strictObject({ interval: z.string().regex(/^[1-9][0-9]*[smhd]$/).optional(), enabled: z.boolean().optional() }).default({}),
  exceptionValues: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, "a camelCase key such as adminAccounts"), z.array(z.string())).default({}),
}).superRefine((env, ctx) => {
  if (env.engine === "opensearch" && env.spaces !== undefined) {
    ctx.addIssue({ code: "custom", path: ["spaces"], message: "spaces are Kibana spaces; an opensearch environment has none" });
  }
});

export const environmentsFileSchema = z.strictObject({
  /** Which dac project owns what this file deploys; see project-name.ts for the default. */
  project: z.string().regex(PROJECT_NAME_PATTERN, "a kebab-case project name such as soc-detections").optional(),
  /** Which metadata (tests, false positives, guide, ATT&CK) a detection must carry; see metadata-policy.ts. */
  metadataPolicy: metadataPolicySchema.optional(),
  environments: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, "an environment name such as prod or staging-eu"), environmentSchema),
});

export type EnvironmentConfig = z.output<typeof environmentSchema>;
/** A loaded environments.yaml; `project` is always set (the file's, or the repository's default). */
export type Environments = Omit<z.output<typeof environmentsFileSchema>, "project"> & { readonly project: string };

/** Named string lists that fill `env("…")` references in pack exceptions. */
export type ExceptionValues = Readonly<Record<string, readonly string[]>>;

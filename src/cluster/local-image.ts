import { readFileSync } from "node:fs";
import { resolveScript, runScript } from "./project-scripts.ts";

/** What scripts/opensearch-image/versions.env says the local image contains. */
export interface LocalImageRecipe {
  readonly opensearchVersion: string;
  readonly alertingVersion: string;
  /** e.g. `dac/opensearch:2.19.4` */
  readonly image: string;
  /** The variant with the security plugin (`--secure`), e.g. `dac/opensearch-secure:2.19.4` */
  readonly secureImage: string;
}

/** Parses `KEY=value` lines (comments and blanks ignored) as versions.env has them. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^\s*([A-Z0-9_]+)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!.trim().replace(/^"(.*)"$/, "$1");
  }
  return out;
}

export function parseLocalImageRecipe(envText: string): LocalImageRecipe {
  const env = parseEnvFile(envText);
  const need = (key: string): string => {
    const v = env[key];
    if (!v) throw new Error(`versions.env has no ${key}`);
    return v;
  };
  const opensearchVersion = need("OPENSEARCH_VERSION");
  return {
    opensearchVersion,
    alertingVersion: need("ALERTING_VERSION"),
    image: `${need("IMAGE_REPO")}:${opensearchVersion}`,
    secureImage: `${need("SECURE_IMAGE_REPO")}:${opensearchVersion}`,
  };
}

/** Reads the recipe that scripts/build-opensearch-image.sh builds from. */
export function readLocalImageRecipe(): LocalImageRecipe {
  return parseLocalImageRecipe(readFileSync(resolveScript("opensearch-image/versions.env"), "utf8"));
}

/**
 * Builds the local OpenSearch image (or with `secure` its variant with the
 * security plugin) if it is missing or its recipe changed (seconds when
 * cached; about a minute cold) and returns its name.
 */
export async function ensureLocalImage(opts: { quiet?: boolean; secure?: boolean } = {}): Promise<string> {
  await runScript("build-opensearch-image.sh", opts.secure ? ["--secure"] : [], opts);
  const recipe = readLocalImageRecipe();
  return opts.secure ? recipe.secureImage : recipe.image;
}

/** Makes sure a Docker engine answers, installing and starting one if needed. */
export async function ensureDockerEngine(opts: { quiet?: boolean } = {}): Promise<void> {
  await runScript("ensure-docker.sh", [], opts);
}

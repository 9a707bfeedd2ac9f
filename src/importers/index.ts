/**
 * importers: foreign rules -> detection module source text (sigma/ here).
 * They produce the same modules a person writes, so validate, test and deploy
 * are shared. Writes files, never deploys, no network.
 */
export * as sigma from "./sigma/index.ts";

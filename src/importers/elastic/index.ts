/**
 * importers/elastic: Elastic detection-rules TOML and Kibana rule export NDJSON
 * -> detection modules (see import-elastic.ts). Reads files; writes none.
 */
export { importElasticRules, type ElasticImport, type ElasticImportOptions, type ImportedRule, type SkippedRule } from "./import-elastic.ts";
export { translateElasticRule, type ElasticRuleTranslation, type ElasticRuleContext } from "./translate-rule.ts";
export { translateThreat, type ThreatMapping } from "./threat.ts";
export { readElasticSources, discoverElasticFiles, type ElasticRuleSource } from "./read-sources.ts";

/**
 * Processing pipelines as data (pySigma's idea, dac's format): which
 * logsources a pipeline knows, the query conditions and index patterns each
 * becomes, how Sigma field names map to the target's fields, and the values
 * `expand` placeholders take. Built-in pipelines are YAML files next to this
 * module; users add their own with `--pipeline file.yml`.
 */
import { z } from "zod";
import { DATA_SOURCES } from "../../detection/index.ts";

const logsourceMatch = z.strictObject({ product: z.string().optional(), category: z.string().optional(), service: z.string().optional() });

/** `field: [v1, v2]`: the field equals one of the values (ORed); several fields are ANDed. */
const conditionSchema = z.record(z.string().min(1), z.array(z.union([z.string(), z.number()])).min(1));

export const logsourceItemSchema = z.strictObject({
  /** Names the item in provenance notes. */
  id: z.string().min(1),
  match: logsourceMatch,
  conditions: conditionSchema.default({}),
  dataSources: z.array(z.enum(DATA_SOURCES)).default([]),
  indices: z.array(z.string().min(1)).min(1),
  /** Explains a logsource the target cannot read: rules for it are refused with this reason. */
  refuse: z.string().optional(),
});

export const fieldMappingSchema = z.strictObject({
  id: z.string().min(1),
  /** Applies to rules whose logsource matches every key given (all rules when empty). */
  when: logsourceMatch.default({}),
  fields: z.record(z.string().min(1), z.string().min(1)),
  /** Per target field, Sigma values rewritten (`network.direction: { "true": egress }`). */
  values: z.record(z.string().min(1), z.record(z.string(), z.string())).default({}),
});

export const pipelineSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().min(1),
  logsources: z.array(logsourceItemSchema).default([]),
  fieldMappings: z.array(fieldMappingSchema).default([]),
  /** A Sigma field no mapping names becomes `<prefix><Field>` (Winlogbeat's `winlog.event_data.`); without it, such a field is refused. */
  unmappedPrefix: z.string().optional(),
  /** Mapping types of target fields beyond ECS and winlog.*, written to the pack for the EQL checker. */
  fieldTypes: z.record(z.string().min(1), z.string().min(1)).default({}),
  /** `expand` placeholder values (`%Admins_Workstations%`). */
  placeholders: z.record(z.string().min(1), z.array(z.string())).default({}),
});

export type PipelineInput = z.input<typeof pipelineSchema>;
export type Pipeline = z.output<typeof pipelineSchema>;
export type LogsourceItem = z.output<typeof logsourceItemSchema>;

import { describe, expect, it } from "vitest";
import { isKnownField } from "../../src/detection/index.ts";
import { defaultFieldSchema, lookupFieldType } from "../../src/eql/index.ts";

// The EQL checker and the detection validators (exceptions, entityField) must agree on every name.
const pack = { "acme.edr.handle_rights": "long", "aws.cloudtrail.flattened.*": "keyword", "winlog.event_data.Param1": "keyword" };
const cases: [string, boolean][] = [
  ["process.name", true],
  ["winlog.event_data.ServiceName", true],
  ["winlog.event_data.ServiceNme", false],
  ["winlog.event_data.Param1", true],
  ["winlog.event_data.Param2", false],
  ["acme.edr.handle_rights", true],
  ["aws.cloudtrail.flattened.request_parameters.bucketName", true],
  ["aws.cloudtrail.other", false],
  ["process.Ext.relative_file_creation_time", false],
];

describe("known fields: EQL checker and detection validators agree", () => {
  it.each(cases)("%s -> %s", (name, known) => {
    expect(isKnownField(name, pack)).toBe(known);
    expect(lookupFieldType(defaultFieldSchema(pack), name) !== undefined).toBe(known);
  });
});

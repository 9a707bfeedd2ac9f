import { defineException, env } from "../../src/detection/index.ts";

/**
 * The cheat sheet's false-positive sources as exceptions. Values come from
 * environments.yaml (`exceptionValues`), so each environment lists its own
 * admin subnets, accounts, RMM signers and patch servers.
 */

/** Legitimate IT-admin remediation: keyed by source host and admin account together. */
export const itAdminRemediation = defineException({
  name: "it-admin-remediation",
  description: "PsExec runs by the IT remediation accounts from the admin jump hosts. Either alone is not enough: an admin account from a random workstation, or any account from a jump host, still alerts.",
  entries: [
    { kind: "cidr", field: "source.ip", cidrs: env("adminSourceIps") },
    { kind: "any-of", field: "user.name", values: env("adminAccounts") },
  ],
});

/** RMM tools (ConnectWise, Kaseya, NinjaOne) that use PsExec-style service execution under the hood. */
export const rmmTools = defineException({
  name: "rmm-tools",
  description: "Processes started by a known RMM agent whose code signature is valid and from the RMM vendor. An unsigned binary with an RMM agent's name still alerts.",
  entries: [
    { kind: "any-of", field: "process.parent.name", values: env("rmmParentProcesses") },
    { kind: "any-of", field: "process.parent.code_signature.subject_name", values: env("rmmSigners") },
    { kind: "equals", field: "process.parent.code_signature.trusted", value: "true" },
  ],
});

/** Patch-management vendors that wrap PsExec: pinned source IPs. */
export const patchManagement = defineException({
  name: "patch-management",
  description: "Software pushes from the pinned patch-management servers.",
  entries: [{ kind: "cidr", field: "source.ip", cidrs: env("patchSourceIps") }],
});

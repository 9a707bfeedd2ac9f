/**
 * Field names that detections may use outside their EQL string (exception
 * entries, entityField). ECS names come from the generated catalogue; the
 * Windows names are what Elastic Agent's Windows/System integrations and
 * Winlogbeat add under `winlog.*` on top of ECS. A pack may declare more.
 */
import { ECS_FIELD_TYPES, type EcsFieldName } from "./ecs-fields.generated.ts";

/** `winlog.*` fields of Winlogbeat / Elastic Agent, with their mapping types. */
export const WINDOWS_FIELD_TYPES = {
  "winlog.channel": "keyword",
  "winlog.event_id": "keyword",
  "winlog.provider_name": "keyword",
  "winlog.provider_guid": "keyword",
  "winlog.computer_name": "keyword",
  "winlog.record_id": "keyword",
  "winlog.task": "keyword",
  "winlog.opcode": "keyword",
  "winlog.keywords": "keyword",
  "winlog.level": "keyword",
  "winlog.version": "long",
  "winlog.activity_id": "keyword",
  "winlog.logon.id": "keyword",
  "winlog.logon.type": "keyword",
  "winlog.process.pid": "long",
  "winlog.process.thread.id": "long",
  "winlog.user.identifier": "keyword",
  "winlog.user.name": "keyword",
  "winlog.user.domain": "keyword",
  "winlog.user.type": "keyword",
  "winlog.related_activity_id": "keyword",
  "winlog.api": "keyword",
  "winlog.channel_original": "keyword",
} as const;

// Names from the Security (46xx/5xxx/7045) and Sysmon event schemas; all keyword in the Winlogbeat template.
/** The `winlog.event_data` keys known without a pack declaration (all keyword in the Winlogbeat template). */
export const WINDOWS_EVENT_DATA_KEYS: readonly string[] = `
AccessList AccessMask AccessReason AccountName Application Archived AuthenticationPackageName CallTrace
ClientInfo ClientProcessId ClientProcessStartKey CommandLine Company Configuration CreationUtcTime
CurrentDirectory Description DestAddress DestPort DestinationHostname DestinationIp DestinationIsIpv6
DestinationPort DestinationPortName Details Device Direction DisabledPrivilegeList ElevatedToken
EnabledPrivilegeList EventType FileVersion FilterRTID GrantedAccess GroupMembership HandleId Hashes
Image ImageLoaded ImagePath ImpersonationLevel Initiated IntegrityLevel IpAddress IpPort KeyLength
LayerName LayerRTID LmPackageName LogonGuid LogonId LogonProcessName LogonType MandatoryLabel
NewProcessId NewProcessName NewSd NewThreadId ObjectName ObjectServer ObjectType OldSd OriginalFileName
ParentCommandLine ParentImage ParentProcessGuid ParentProcessId ParentProcessName PipeName PrivilegeList
ProcessGuid ProcessID ProcessId ProcessName Product Protocol QueryName QueryResults QueryStatus
RelativeTargetName RemoteMachineID RemoteUserID ResourceAttributes RestrictedAdminMode RuleName
Service ServiceAccount ServiceFileName ServiceName ServiceSid ServiceStartType ServiceType Session
ShareLocalPath ShareName Signature SignatureStatus Signed SourceAddress SourceHandleId SourceHostname
SourceImage SourceIp SourceIsIpv6 SourcePort SourcePortName SourceProcessGUID SourceProcessGuid
SourceProcessId SourceThreadId StartAddress StartFunction StartModule StartType Status SubjectDomainName
SubjectLogonId SubjectUserName SubjectUserSid TargetDomainName TargetFilename TargetHandleId TargetImage
TargetLinkedLogonId TargetLogonId TargetObject TargetOutboundDomainName TargetOutboundUserName
TargetProcessGUID TargetProcessGuid TargetProcessId TargetServerName TargetUserName TargetUserSid
TaskContent TaskName TerminalSessionId TicketEncryptionType TicketOptions TokenElevationType
TransactionId TransmittedServices User UserContext UserName UtcTime VirtualAccount WorkstationName
`.trim().split(/\s+/);

const KNOWN_EVENT_DATA = new Set(WINDOWS_EVENT_DATA_KEYS);

/** Event-specific data: `winlog.event_data.<Name>` (keyword); the type admits any name, validation the known ones and the pack's. */
export type WindowsEventDataField = `winlog.event_data.${string}`;
export type WindowsFieldName = keyof typeof WINDOWS_FIELD_TYPES | WindowsEventDataField;

/** A field a detection may name in TypeScript: misspell it and `tsc` fails. */
export type DetectionField = EcsFieldName | WindowsFieldName;

const EVENT_DATA_PREFIX = "winlog.event_data.";

/**
 * The mapping type of a known field, or undefined when neither ECS nor Windows
 * nor the pack declares it. Same rules as the EQL checker's schema (eql/schema.ts):
 * a pack key ending in `.*` types every field below it, and the known
 * `winlog.event_data` keys are keywords.
 */
export function lookupFieldType(name: string, customFields: Readonly<Record<string, string>> = {}): string | undefined {
  if (Object.hasOwn(customFields, name)) return customFields[name];
  if (Object.hasOwn(ECS_FIELD_TYPES, name)) return ECS_FIELD_TYPES[name as EcsFieldName];
  if (Object.hasOwn(WINDOWS_FIELD_TYPES, name)) return WINDOWS_FIELD_TYPES[name as keyof typeof WINDOWS_FIELD_TYPES];
  for (let dot = name.lastIndexOf("."); dot > 0; dot = name.lastIndexOf(".", dot - 1)) {
    const wildcard = customFields[`${name.slice(0, dot)}.*`];
    if (wildcard !== undefined) return wildcard;
  }
  if (name.startsWith(EVENT_DATA_PREFIX) && KNOWN_EVENT_DATA.has(name.slice(EVENT_DATA_PREFIX.length))) return "keyword";
  return undefined;
}

export function isKnownField(name: string, customFields: Readonly<Record<string, string>> = {}): boolean {
  return lookupFieldType(name, customFields) !== undefined;
}

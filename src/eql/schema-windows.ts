/**
 * Field types for Windows event logs as Elastic Agent / Winlogbeat map them:
 * `winlog.*` metadata and the common `winlog.event_data.*` keys (Security,
 * System and Sysmon channels). These are not in ECS, and a detection pack for
 * Windows declares them so `eql/unknown-field` still catches typos there.
 */
import { WINDOWS_FIELD_TYPES } from "../detection/index.ts";

// Names from the Security (46xx/5xxx/7045) and Sysmon event schemas; all keyword in the Winlogbeat template.
const EVENT_DATA_KEYS = `
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

/** Winlog field types, to pass as the `custom` fields of `ecsFieldSchema`. */
export function windowsFieldSchema(): Record<string, string> {
  const out: Record<string, string> = { ...WINDOWS_FIELD_TYPES };
  for (const key of EVENT_DATA_KEYS) out[`winlog.event_data.${key}`] = "keyword";
  return out;
}

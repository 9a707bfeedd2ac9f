/**
 * detection/winlog-fields: the `winlog.*` field catalogue, as data with no
 * imports. The detection validators (fields.ts) and the EQL checker's Windows
 * schema read the same names; it is a sub-stage of its own so that eql/ can
 * import it without loading the whole detection stage (zod schemas, the module
 * loader), which `dac eql search` would otherwise pay for at every start.
 */

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

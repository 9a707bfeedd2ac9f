import { definePack } from "../../src/detection/index.ts";

/**
 * The PsExec pack: lateral movement through the Service Control Manager and
 * ADMIN$, from the PsExec detection cheat sheet. The Windows event_data fields
 * the queries use are declared so the EQL checker knows their types even
 * where its built-in Windows schema does not list them.
 */
export const pack = definePack({
  name: "psexec",
  customFields: {
    "winlog.event_data.ServiceName": "keyword",
    "winlog.event_data.ServiceFileName": "keyword",
    "winlog.event_data.ImagePath": "keyword",
    "winlog.event_data.ShareName": "keyword",
    "winlog.event_data.RelativeTargetName": "keyword",
    "winlog.event_data.AccessList": "keyword",
    "winlog.event_data.PipeName": "keyword",
    "winlog.event_data.ServiceType": "keyword",
    "winlog.event_data.StartType": "keyword",
    "winlog.event_data.AccountName": "keyword",
    "winlog.event_data.param1": "keyword",
    "winlog.event_data.param2": "keyword",
    "winlog.event_data.LogonType": "keyword",
    "winlog.event_data.TargetUserName": "keyword",
    "winlog.event_data.TargetLogonId": "keyword",
    "winlog.event_data.SubjectLogonId": "keyword",
    "winlog.event_data.IpAddress": "keyword",
  },
});

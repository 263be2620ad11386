// The Windows Task Scheduler task that wakes the computer before the next recording (wake-timer.ts
// registers it with schtasks). A plain user may create a task for themselves with WakeToRun: that is
// the one wake timer an unprivileged app can set on any desktop OS (docs/electron.md).

/** The one task the app keeps (created again, with /F, whenever the next recording changes). */
export const WAKE_TASK_NAME = 'Tapedeck wake';
/** The computer is woken this long before the next recording's (padded) window opens. */
export const WAKE_LEAD_MS = 2 * 60_000;
/** The trigger ends this long after it fires; the scheduler then deletes the spent task itself. */
const TRIGGER_LIFETIME_MS = 30 * 60_000;

export interface WakeTaskSpec {
  /** When the trigger fires (epoch ms; written in the computer's local time). */
  wakeAt: number;
  /** The recording it wakes for, for the task's description (guide data: escaped). */
  title: string;
}

/**
 * The action: `cmd.exe /c exit`, which does nothing. Waking is the whole point and the running app's
 * own timers start the capture; the app's executable with `--wake` would start a second Electron
 * process (or, were the app closed, the app itself with its window) on a path that moves with every
 * update, while System32's cmd.exe is always there and cannot be replaced by a normal user.
 */
const ACTION_COMMAND = '%SystemRoot%\\System32\\cmd.exe';
const ACTION_ARGUMENTS = '/c exit';

/** Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab, CR, LF; lone surrogates). */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Local time without an offset ("2026-12-03T19:58:00"): what the Task Scheduler writes itself and
 * reads as the computer's own time, so the trigger follows a change of time zone the way a clock does.
 */
export function localIsoTime(ms: number): string {
  const d = new Date(ms);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

export function wakeTaskXml(spec: WakeTaskSpec): string {
  const start = localIsoTime(spec.wakeAt);
  const end = localIsoTime(spec.wakeAt + TRIGGER_LIFETIME_MS);
  const description = escapeXml(
    `Wakes the computer for Tapedeck to record "${spec.title}" (created by Tapedeck; removed when it quits).`,
  );
  return `<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Author>Tapedeck</Author>
    <Description>${description}</Description>
  </RegistrationInfo>
  <Triggers>
    <TimeTrigger>
      <StartBoundary>${start}</StartBoundary>
      <EndBoundary>${end}</EndBoundary>
      <Enabled>true</Enabled>
    </TimeTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      <LogonType>InteractiveToken</LogonType>
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <AllowHardTerminate>true</AllowHardTerminate>
    <StartWhenAvailable>false</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
    <IdleSettings>
      <StopOnIdleEnd>false</StopOnIdleEnd>
      <RestartOnIdle>false</RestartOnIdle>
    </IdleSettings>
    <AllowStartOnDemand>true</AllowStartOnDemand>
    <Enabled>true</Enabled>
    <Hidden>false</Hidden>
    <RunOnlyIfIdle>false</RunOnlyIfIdle>
    <WakeToRun>true</WakeToRun>
    <ExecutionTimeLimit>PT1M</ExecutionTimeLimit>
    <DeleteExpiredTaskAfter>PT1H</DeleteExpiredTaskAfter>
    <Priority>7</Priority>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>${escapeXml(ACTION_COMMAND)}</Command>
      <Arguments>${escapeXml(ACTION_ARGUMENTS)}</Arguments>
    </Exec>
  </Actions>
</Task>
`;
}

/** The file schtasks reads: UTF-16 LE with a byte-order mark, as the Task Scheduler exports its own. */
export function taskFileBytes(xml: string): Buffer {
  return Buffer.from(`\uFEFF${xml}`, 'utf16le');
}

export function createTaskArgs(file: string): string[] {
  return ['/Create', '/TN', WAKE_TASK_NAME, '/XML', file, '/F'];
}

export function deleteTaskArgs(): string[] {
  return ['/Delete', '/TN', WAKE_TASK_NAME, '/F'];
}

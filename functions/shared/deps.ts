// What every workflow step receives: the ports, the policy, a working-day calendar, a logger that never sees
// personal data in clear, metrics and the stage's settings. AWS builds it in aws/aws-deps.ts, the local runtime
// from its own adapters.
import {
  addWorkingDays,
  endOfShanghaiDay,
  shanghaiDate,
  type WorkingCalendar,
  workingDaysBetween,
} from '../../domain/calendar/index.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type {
  BlobStore,
  Clock,
  CompanyDataSource,
  EvidenceVault,
  FieldCipher,
  Mailer,
  Scheduler,
  SmsSender,
  TaskCallbacks,
  WorkflowStarter,
} from './ports.ts';
import type { WorkflowStore } from './store/workflow-store.ts';

/** The subset of a structured logger the steps use; Powertools' Logger fits. Attributes are redacted before output. */
export interface StepLogger {
  debug(message: string, ...attributes: Record<string, unknown>[]): void;
  info(message: string, ...attributes: Record<string, unknown>[]): void;
  warn(message: string, ...attributes: Record<string, unknown>[]): void;
  error(message: string, ...attributes: (Record<string, unknown> | Error)[]): void;
}

export interface StepMetrics {
  count(name: string, value?: number): void;
}

export interface StepConfig {
  senderAddress: string;
  privacyOfficerEmail: string;
  /** Base URL of `POST /partner-ack/{token}` (the token is appended). */
  partnerAckBaseUrl: string;
  /** Base URL of the export downloads (`…/download`); default: next to partnerAckBaseUrl on the same API. */
  downloadBaseUrl?: string;
  /** Salt of subject hashes (GSI2, isolation list); also keys the one-time codes and partner-ack tokens. */
  subjectHashSalt: string;
  /** Console link for escalation mails, if any. */
  consoleUrl?: string;
}

export interface StepDeps {
  store: WorkflowStore;
  mailer: Mailer;
  /**
   * SMS (one-time codes to the phone on file, download codes). Absent when the deployment has no SMS channel
   * configured: codes then go by mail to the address on file, or staff verify.
   */
  sms?: SmsSender;
  blobs: BlobStore;
  cipher: FieldCipher;
  clock: Clock;
  scheduler: Scheduler;
  callbacks: TaskCallbacks;
  starter: WorkflowStarter;
  company: CompanyDataSource;
  /** Append-only evidence outside the table: chain heads and the backup isolation list. */
  evidence: EvidenceVault;
  policy: Policy;
  /** Working days of mainland China (domain/calendar): use with its addWorkingDays, workingDaysElapsed… */
  calendar: WorkingCalendar;
  /**
   * Where a newer holiday schedule can be read while running (AWS: the stage's SSM parameter). Absent: the schedule
   * file (calendarFor() re-reads it when it changes).
   */
  holidays?: { current(): Promise<WorkingCalendar> };
  logger: StepLogger;
  metrics: StepMetrics;
  config: StepConfig;
}

export const noMetrics: StepMetrics = { count() {} };

/** Working-day arithmetic on instants, for callers that want dates and instants in one go. */
export interface WorkCalendar {
  /** The `days`-th working day after the Shanghai date of `from` (that day not counted), and the end of it. */
  addWorkingDays(from: Date, days: number): { date: string; endAt: string; provisional: boolean };
  /** Working days after the Shanghai date of `from` up to and including the Shanghai date of `to`. */
  workingDaysBetween(from: Date, to: Date): number;
}

/** WorkCalendar over the domain's WorkingCalendar (StepDeps.calendar). */
export function workCalendar(cal: WorkingCalendar): WorkCalendar {
  return {
    addWorkingDays(from, days) {
      const start = shanghaiDate(from);
      const date = addWorkingDays(start, days, cal);
      const provisional = cal.provisionalYears(Number(start.slice(0, 4)), Number(date.slice(0, 4))).length > 0;
      return { date, endAt: endOfShanghaiDay(date), provisional };
    },
    workingDaysBetween: (from, to) => workingDaysBetween(shanghaiDate(from), shanghaiDate(to), cal),
  };
}

// Calls to the rightsflow API from the console. Locally the session cookie (httpOnly, set by POST /api/session)
// authenticates and every write carries the session's CSRF token; in AWS the identity provider's access token is
// sent as a bearer token. A 401 anywhere signs the console out.
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let csrfToken: string | undefined;
let bearer: string | undefined;
let onSignedOut: () => void = () => undefined;

export function setCredentials(c: { csrfToken?: string; bearer?: string }) {
  csrfToken = c.csrfToken;
  bearer = c.bearer;
}
export function whenSignedOut(fn: () => void) {
  onSignedOut = fn;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (body !== undefined) h['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) h['x-csrf-token'] = csrfToken;
  if (bearer) h['authorization'] = `Bearer ${bearer}`;
  const res = await fetch(path, {
    method,
    headers: h,
    credentials: 'same-origin',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : undefined;
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (res.status === 401 && path !== '/api/session') onSignedOut();
    throw new ApiFailure(res.status, e?.code ?? 'error', e?.message ?? res.statusText);
  }
  return json as T;
}

export interface Urgency {
  workingDaysElapsed: number;
  workingDaysLeft: number;
  level: 'normal' | 'amber' | 'red' | 'breached' | 'answered';
}

export interface Subject {
  name?: string;
  idNumber?: string;
  idNumberValid?: boolean;
  phone?: string;
  email?: string;
  bankCardLast4?: string;
}

export interface Deadline {
  receivedOn: string;
  deadline: string;
  deadlineAt: string;
  workingDays: number;
  provisional: boolean;
}

export interface Summary {
  id: string;
  channel: string;
  status: string;
  rights: string[];
  minor: boolean;
  subject: Subject;
  requesterType: string;
  verification: string;
  receivedAt: string;
  deadline: Deadline;
  outcome?: string;
  urgency: Urgency;
}

export interface RequestDetail {
  request: Summary & {
    requester: {
      type: string;
      name?: string;
      phone?: string;
      email?: string;
      idNumber?: string;
      relation?: string;
    };
    verification: { level: string; method?: string; verifiedAt?: string; verifiedBy?: string };
    details?: string;
    correction?: string;
    language: string;
    masked: boolean;
    linkedRequestIds: string[];
    repliedAt?: string;
  };
  urgency: Urgency;
  timeline: { seq: number; at: string; type: string; actor: string; data?: Record<string, unknown>; hash: string }[];
  openTasks: {
    kind: string;
    assignee?: string;
    dueAt?: string;
    context?: Record<string, unknown>;
    createdAt: string;
  }[];
  /** Every letter kept with the request (replies, notices, codes), mailed or to be delivered by staff. */
  letters?: Letter[];
  notices: {
    partnerId: string;
    status: string;
    sentAt: string;
    ackDueBy: string;
    categories?: string[];
    ackedAt?: string;
    answer?: string;
    reminders: number;
    escalatedAt?: string;
  }[];
}

export interface OutboxMessage {
  channel?: 'email' | 'sms';
  messageId: string;
  kind: string;
  requestId?: string;
  sentAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface Reference {
  rights: Record<string, { zh: string; en: string; policy: string }>;
  statuses: string[];
  categories: Record<string, { zh: string; en: string }>;
  exceptions: { code: string; number: number; zh: string; en: string }[];
  escalationWorkingDays: number[];
  replyWorkingDays: number;
  reviewReasons: Record<string, { zh: string; en: string }>;
  retentionRules: Record<string, { law: string; article: string }>;
  /** What a refusal may rest on (policy data; absent from APIs that predate it). */
  refusalBases?: RefusalBasis[];
  /** The correction decisions' words (rights' corrections API): fields a connector corrects, reasons for not. */
  corrections?: {
    fields: Record<string, { zh: string; en: string }>;
    refusals: Record<string, { zh: string; en: string }>;
  };
  /** What a restriction may restrict (policy/processing.yaml; absent from APIs that predate it). */
  restrictableProcessings?: { code: string; zh: string; en: string }[];
  /** Fee cost items (policy fees.costItems; absent from APIs that predate it). */
  fees?: {
    currency: string;
    costItems: { code: string; zh: string; en: string; unit: { zh: string; en: string }; unitCost: number }[];
    standardItems: { code: string; quantity: number }[];
  };
  company: {
    name: { zh: string; en: string };
    department: { zh: string; en: string };
    address: { zh: string; en: string };
    hotline: string;
    privacyEmail: string;
  };
}

export interface Me {
  user: string;
  roles: string[];
  csrfToken?: string;
}

export interface Letter {
  key: string;
  kind: string;
  language: string;
  to: string[];
  subject: string;
  text: string;
  mailed: boolean;
  at: string;
  delivered?: { method: string; by: string; at: string };
}

export interface RefusalBasis {
  code: string;
  source: { zh: string; en: string };
  officer: { zh: string; en: string };
  letter: { zh: string; en: string };
  confidential: boolean;
}

/** GET /api/requests/{id}/audit: the hash chain recomputed and its head compared with the anchored copy. */
export type AuditReport = { requestId: string; checkedAt: string; length: number; summary: string } & (
  | {
      intact: true;
      head: { seq: number; hash: string } | null;
      anchor: { seq: number; hash: string; at: string; eventsAfter: number } | null;
    }
  | { intact: false; problem: { kind: string; seq: number; detail: string } }
);

/**
 * Opens a document the API serves (an evidence report, the period report) in a new tab, or downloads it when a file
 * name is given: fetched with the same credentials as every call, then handed to the browser as a blob. The tab is
 * opened before the fetch, while the click still counts as the user's (pop-up blockers).
 */
export async function openDocument(path: string, download?: string): Promise<void> {
  const tab = download ? null : window.open('', '_blank');
  const h: Record<string, string> = {};
  if (bearer) h['authorization'] = `Bearer ${bearer}`;
  const res = await fetch(path, { headers: h, credentials: 'same-origin' });
  if (!res.ok) {
    tab?.close();
    const e = ((await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined)
      ?.error;
    if (res.status === 401) onSignedOut();
    throw new ApiFailure(res.status, e?.code ?? 'error', e?.message ?? res.statusText);
  }
  const url = URL.createObjectURL(await res.blob());
  if (tab) tab.location.href = url;
  else {
    const a = document.createElement('a');
    a.href = url;
    a.download = download ?? '';
    a.click();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// The HTTP API's route table: every route the hono app serves, with who may call it, its body and query schemas
// (the same zod schemas the routes parse with) and the statuses it answers. The OpenAPI document is generated from
// it (openapi.ts), the guard enforces its query keys and media types (guard.ts), and a test checks that the app
// serves exactly these routes and that every listed error status is produced — so adding a route means adding it
// here, or the test fails.
import type * as z from 'zod';
import type { Role } from './auth.ts';
import {
  ChildDataBody,
  CorrectionBody,
  DownloadCodeBody,
  DownloadFileQuery,
  DuplicatesBody,
  EvidenceReportQuery,
  ExplanationAnswerBody,
  FeeAcceptanceBody,
  IdentifiersBody,
  InboundSmsBody,
  LetterDeliveryBody,
  ListQuery,
  NewRequestBody,
  OutboxQuery,
  PartnerAckBody,
  PeriodReportQuery,
  QuarantineQuery,
  RequestQuery,
  RestrictionLiftBody,
  ReviewBody,
  SessionBody,
  StatsQuery,
  TransferDecisionBody,
  TriageBody,
  VerificationBody,
} from './schemas.ts';

export type Method = 'get' | 'post' | 'delete';

export interface RouteSpec {
  method: Method;
  /** OpenAPI path template: `/api/requests/{id}`. */
  path: string;
  summary: string;
  /** `public`: no sign-in (health, the partner's signed link, console config); `staff`: bearer token or session. */
  auth: 'public' | 'staff';
  /** Roles allowed (default: every staff role). */
  roles?: readonly Role[];
  /** A JSON body (`application/json`); `form` routes also take `application/x-www-form-urlencoded`. */
  body?: z.ZodType;
  bodyRequired?: boolean;
  form?: boolean;
  /** The query string (strict: unknown keys are a 400). Absent = no query parameters at all. */
  query?: z.ZodObject;
  /** Extra request headers documented (e.g. Idempotency-Key). */
  headers?: { name: string; description: string; maxLength: number }[];
  /** Success statuses with what the body holds. */
  responses: Record<number, string>;
  /** Error statuses this route answers beyond the generic ones (400 bad query; 401/403 staff; 413/415 bodies). */
  errors: readonly (401 | 404 | 409 | 410 | 422 | 429)[];
}

const ALL_STAFF: readonly Role[] = ['agent', 'privacy_officer', 'admin'];
const OFFICER: readonly Role[] = ['privacy_officer', 'admin'];

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Readiness',
    auth: 'public',
    responses: { 200: 'ready', 503: 'not ready' },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    summary: 'This document',
    auth: 'public',
    responses: { 200: 'OpenAPI 3.1' },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/console-config',
    summary:
      'How the console signs staff in: `{auth: "password"}` locally (POST /api/session), or `{auth: "oidc", issuer, clientId, authorizationEndpoint, tokenEndpoint, scopes}` in AWS (authorization code + PKCE)',
    auth: 'public',
    responses: { 200: '`{auth, …}`' },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/session',
    summary:
      'Console sign-in with a local user and password: sets an httpOnly, SameSite=Strict session cookie and returns the CSRF token that every later write must send as `X-CSRF-Token`',
    auth: 'public',
    body: SessionBody,
    bodyRequired: true,
    responses: { 200: '`{user, roles, csrfToken, expiresAt}`' },
    errors: [401, 404, 429],
  },
  {
    method: 'get',
    path: '/api/session',
    summary: 'Who is signed in (with the CSRF token again, for a reloaded page)',
    auth: 'staff',
    responses: { 200: '`{user, roles, csrfToken?, via}`' },
    errors: [],
  },
  {
    method: 'delete',
    path: '/api/session',
    summary: 'Sign out (ends the session cookie)',
    auth: 'staff',
    responses: { 200: '`{signedOut: true}`' },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/requests',
    summary:
      'Hotline/web intake (honours Idempotency-Key; the same key with a different body is a 422). `verifiedAtHotline` for a guardian, an agent or a relative of a deceased user is a 400: they are verified by document review, never on a call',
    auth: 'staff',
    body: NewRequestBody,
    bodyRequired: true,
    headers: [
      {
        name: 'Idempotency-Key',
        description: 'One per form: a retry with the same key and body returns the first request',
        maxLength: 200,
      },
    ],
    responses: {
      201: '`{request, workflowStarted}`',
      200: 'the same Idempotency-Key and body were seen before: `{request, replayed: true}`',
    },
    errors: [422],
  },
  {
    method: 'get',
    path: '/api/requests',
    summary:
      'Open requests by deadline (GSI1, no Scan), with filters and each row’s urgency (working days elapsed and left)',
    auth: 'staff',
    query: ListQuery,
    responses: { 200: '`{items, cursor?}` (masked)' },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/requests/duplicates',
    summary:
      'Open requests about the same person (by the identifiers typed so far; POST so no personal data is in a URL)',
    auth: 'staff',
    body: DuplicatesBody,
    bodyRequired: true,
    responses: { 200: '`{items}` (masked summaries)' },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/stats',
    summary: 'Dashboard figures: open, due this week, breached, on-time rate, median working days to reply, by month',
    auth: 'staff',
    query: StatsQuery,
    responses: { 200: '`{open, dueThisWeek, breached, onTimeRate, medianWorkingDays, byRight, byChannel, byMonth}`' },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/reports/period',
    summary:
      'Period report for a compliance audit (PIPL art. 54): requests received from `from` to `to` (Beijing days; default the current month to date, at most 367 days) by right, channel and outcome, on-time rate, median and p95 working days to reply, breaches, refusals by basis, recipients’ acknowledgement times, children’s requests',
    auth: 'staff',
    roles: ['privacy_officer', 'admin'],
    query: PeriodReportQuery,
    responses: { 200: 'JSON (default), `format=html` a printable page, `format=csv` one figure per row' },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/reference',
    summary:
      'Labels for the console: rights, statuses, data categories, the exceptions of policy §4(4), deadline settings',
    auth: 'staff',
    responses: { 200: '`{rights, statuses, categories, exceptions, escalationWorkingDays, replyWorkingDays}`' },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/requests/{id}',
    summary: 'One request with its timeline, open tasks and partner notices; `reveal=1` (officer/admin) is audited',
    auth: 'staff',
    query: RequestQuery,
    responses: {
      200: '`{request, timeline, openTasks, notices, letters, urgency}`; each letter `{key, kind, language, to (masked unless reveal), subject, text, mailed, at, delivered?}`',
    },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/requests/{id}/audit',
    summary:
      'Recomputes the request’s hash-chained audit trail and checks its head against the copy anchored outside the table',
    auth: 'staff',
    responses: {
      200: '`{requestId, checkedAt, intact, length, head, anchor, summary}` or `{…, intact: false, problem: {kind, seq, detail}}`',
    },
    errors: [404],
  },
  {
    method: 'get',
    path: '/api/requests/{id}/evidence-report',
    summary:
      'The request’s evidence report (HTML, or JSON with `format=json`): timeline, decisions and reasons, verification, exception checks, letters, notices, erasure counts, holds and their basis, backups, the chain’s head hash; `reveal=1` (officer/admin) is recorded in the chain',
    auth: 'staff',
    query: EvidenceReportQuery,
    responses: { 200: '`text/html` page, or the report as JSON' },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/verification',
    summary:
      "One-time code (any staff), hotline verification on the call (agent, admin; never for a guardian, an agent or a relative of a deceased user: 409 `document_review_required`), or the privacy officer's document review",
    auth: 'staff',
    body: VerificationBody,
    bodyRequired: true,
    responses: { 200: 'verified' },
    errors: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/verification/resend',
    summary: 'Send a new one-time code when the last one expired or was used up',
    auth: 'staff',
    responses: { 200: '`{sent}`' },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/fee-acceptance',
    summary: "The person's answer to a fee quote, recorded by staff",
    auth: 'staff',
    body: FeeAcceptanceBody,
    bodyRequired: true,
    responses: { 200: 'recorded' },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/review',
    summary:
      "The privacy officer's decision (a fee the law does not allow — above the cost, on a free right, too late to accept before the reply deadline — is a 422 `fee_not_allowed` saying why; a text that would tip off a person under a legal hold is a 422 `would_tip_off`)",
    auth: 'staff',
    roles: OFFICER,
    body: ReviewBody,
    bodyRequired: true,
    responses: { 200: 'recorded' },
    errors: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/corrections',
    summary:
      'Staff record that the requested correction was applied (once; the note is sealed); the confirmation letter then goes to the person (once), or is kept for staff to deliver when there is no address',
    auth: 'staff',
    body: CorrectionBody,
    bodyRequired: true,
    responses: { 200: '`{recorded, appliedAt, mailed}` (`mailed: false`: the letter waits in a delivery task)' },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/explanation',
    summary:
      "The privacy officer's answer to the question the person asked with an explanation request (PIPL art. 48): recorded once and quoted in the reply, which waits for it until the follow-up cut-off; given after the reply went, it goes in a letter of its own. 409 `invalid_state` when no question is open, `already_answered` for a different second answer; 422 `answer_not_allowed` (an ID, mobile or card number in it) or `english_answer_needed` (the person wrote in English)",
    auth: 'staff',
    roles: OFFICER,
    body: ExplanationAnswerBody,
    bodyRequired: true,
    responses: { 200: '`{requestId, recorded, answeredAt, inReply, mailed?}`' },
    errors: [404, 409, 422],
  },
  {
    method: 'get',
    path: '/api/requests/{id}/restrictions',
    summary:
      'The processing restrictions this request made (PIPL art. 44) and which are lifted, with when, by whom and how the person asked; `liftable`: a lift would be taken now (the reply went and one is still in force)',
    auth: 'staff',
    responses: {
      200: '`{requestId, restrictions: [{id, scope, recipients[], since, active, lifted?: {at, by, askedVia}}], liftable}`',
    },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/transfer',
    summary:
      "The privacy officer's decision on a portability transfer to the company the person named (PIPL art. 45 ¶3; NDSR art. 25), once its receiving address is checked: `confirm` sends that company a link of its own to the package (expiring, opened with a one-time code sent in a separate mail — to `codeEmail` when given —, every opening and download audited as the receiver's); `refuse` records the reason in words. Recorded once; the reply that waits for it reports it, or a letter of its own tells the person when the reply already went. 409 `invalid_state` when no transfer is open, `already_decided` for a different second decision; 422 `invalid_address` or `english_reason_needed`",
    auth: 'staff',
    roles: OFFICER,
    body: TransferDecisionBody,
    bodyRequired: true,
    responses: { 200: '`{requestId, status: sent|refused, recorded, decidedAt, inReply, mailed?}`' },
    errors: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/restrictions/lift',
    summary:
      "Staff lift restrictions of processing the person asked to lift (PIPL art. 44; all of the request's when `restrictions` is left out): the company resumes the processing, each lift is audited once, the person gets a letter (or it is kept for staff to deliver) and the processors told of the restriction get a notice that it is lifted. 422 `unknown_restriction` for an id the request did not make",
    auth: 'staff',
    body: RestrictionLiftBody,
    bodyRequired: true,
    responses: { 200: '`{requestId, lifted[], newlyLifted[], mailed, partnersTold[]}`' },
    errors: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/letters/{key}/delivered',
    summary: 'Staff delivered a letter that could not be mailed (by phone, post or in person)',
    auth: 'staff',
    body: LetterDeliveryBody,
    bodyRequired: true,
    responses: { 200: '`{recorded, delivered}`' },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/requests/{id}/exports',
    summary:
      "Where each export package's current download link stands: link sent (with the reply, or re-issued; `mailed: false` = kept for staff to deliver), code sent (sms or email), opened with the right code, files downloaded, expired, code entries used",
    auth: 'staff',
    responses: {
      200: '`{requestId, items: [{right, round, files[], issuedAt, expiresAt, expired, codeEntries: {used, max}, linkSent?: {at, mailed}, codeSent?: {at, via}, openedAt?, downloaded?: {firstAt, files[]}}]}`',
    },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/exports/{right}/reissue',
    summary:
      'A new download link for an export package (right: access, copy or portability) whose link lapsed or whose code entries ran out: the old link stops working, the new one goes where the reply went and its code on the second channel',
    auth: 'staff',
    responses: { 200: '`{requestId, right, round, expiresAt, mailed}`' },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/download/{id}/{right}/{secret}',
    summary:
      "The person's export download behind the link in a reply (right: access, copy or portability): a form for the one-time code sent on a second channel; nothing is disclosed or counted",
    auth: 'public',
    responses: { 200: 'HTML: the code form' },
    errors: [404, 410],
  },
  {
    method: 'post',
    path: '/download/{id}/{right}/{secret}',
    summary:
      'The one-time code of a download link (every entry counts against the link): the package files behind links valid for a few minutes',
    auth: 'public',
    body: DownloadCodeBody,
    bodyRequired: true,
    form: true,
    responses: { 200: 'HTML for a browser form; JSON `{files: [{name, url}], validUntil}` otherwise' },
    errors: [404, 410, 422],
  },
  {
    method: 'get',
    path: '/download/{id}/{right}/{secret}/files/{name}',
    summary: 'One file of an export package (attachment), with the session `s` handed out for the right code; audited',
    auth: 'public',
    query: DownloadFileQuery,
    responses: { 200: 'the file' },
    errors: [404, 410],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/triage',
    summary:
      'Staff triage: rights and subject of a `triage` request → `received`, acknowledged once, workflow started (receipt time and deadline kept); or `{notARequest: true}` → closed, outcome not_a_request',
    auth: 'staff',
    body: TriageBody,
    bodyRequired: true,
    responses: { 200: '`{request, workflowStarted}`' },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/quarantine',
    summary:
      'Quarantined mail (spam and virus verdicts), newest first: `{items: [{id, signal, receivedAt, releasable, settled?}], cursor?}` — no free text',
    auth: 'staff',
    query: QuarantineQuery,
    responses: { 200: '`{items, cursor?}`' },
    errors: [],
  },
  {
    method: 'get',
    path: '/api/quarantine/{id}',
    summary:
      'One quarantined mail, masked (sender, subject and text with identifiers redacted and names masked; attachments by type and size)',
    auth: 'staff',
    responses: {
      200: '`{id, signal, receivedAt, releasable, settled?, mail?: {from, subject, text, truncated, attachments}}`',
    },
    errors: [404],
  },
  {
    method: 'post',
    path: '/api/quarantine/{id}/release',
    summary:
      'Release a quarantined mail as a request: it goes through the intake without the spam verdict (deadline from when it reached the mailbox, acknowledgement, workflow); recorded once with who and when, and as `email.released_from_quarantine` on the request. The release claims the mail first (`settled.as: releasing`), so a concurrent confirm-spam is refused (409); a release that stopped half-way is finished by releasing again (same request). A virus verdict is never released (422)',
    auth: 'staff',
    responses: { 200: '`{requestId, created, attachedTo?}`' },
    errors: [404, 409, 422],
  },
  {
    method: 'post',
    path: '/api/quarantine/{id}/confirm-spam',
    summary:
      'Confirm a quarantined mail as spam: recorded once with who and when; it stays in the raw-mail store under its retention. Refused (409) once a release has claimed it',
    auth: 'staff',
    roles: OFFICER,
    responses: { 200: '`{settled: {as, by, at}}`' },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/retry',
    summary:
      'Run the workflow of a `failed` request again from the top (its steps skip what they recorded); in AWS the execution is named `<id>-r<attempt>`',
    auth: 'staff',
    roles: ['admin'],
    responses: { 202: '`{requestId, attempt, started}`' },
    errors: [404, 409],
  },
  {
    method: 'get',
    path: '/api/outbox',
    summary:
      'Mail and SMS sent (local runtime only), newest first; each item has `channel` (`email` or `sms`). One-time codes are masked except for admins',
    auth: 'staff',
    query: OutboxQuery,
    responses: { 200: '`{items}`' },
    errors: [404],
  },
  {
    method: 'get',
    path: '/partner-ack/{token}',
    summary:
      "The partner's page behind the signed link in a notice: the notice's content and the three answers (Chinese/English); the signature is checked here too",
    auth: 'public',
    responses: { 200: 'HTML page' },
    errors: [],
  },
  {
    method: 'post',
    path: '/partner-ack/{token}',
    summary:
      "A partner's answer to a notice: completed, not found, or an exception with its reason (no body = completed; the signed token is the authorisation)",
    auth: 'public',
    body: PartnerAckBody,
    form: true,
    responses: { 200: 'recorded (HTML for a browser form, JSON otherwise)' },
    errors: [],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/identifiers',
    summary:
      'Staff add or correct the identifiers of a request before verification (audited with masked values and the reason; `null` removes one); a live code is retired and a new one sent to the phone on file now found',
    auth: 'staff',
    body: IdentifiersBody,
    bodyRequired: true,
    responses: { 200: '`{request, codeSent, verificationReset}`' },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/api/requests/{id}/child-data',
    summary:
      "Privacy officer: record what became of a child's data found through this request (policy §5: deleted, deletion requested, or not a child); closes the child_data task",
    auth: 'staff',
    roles: OFFICER,
    body: ChildDataBody,
    bodyRequired: true,
    responses: { 200: '`{requestId, decision, by, at}`' },
    errors: [404, 409],
  },
  {
    method: 'post',
    path: '/sms-inbound',
    summary:
      "An SMS reply forwarded by the company's SMS gateway, signed in the Standard Webhooks format with the gateway's secret (the signature is the authorisation); `{from, text}` → `{matched, verified?, reason?, attemptsLeft?}`. 404 where no gateway is configured",
    auth: 'public',
    body: InboundSmsBody,
    bodyRequired: true,
    responses: { 200: '`{matched, verified?, reason?, attemptsLeft?}`' },
    errors: [401, 404],
  },
];

/** Every route answers 400 for an unknown query key; staff routes 401 and 403; body routes 413 and 415. */
export function errorStatuses(spec: RouteSpec): number[] {
  const out = new Set<number>([400]);
  if (spec.auth === 'staff') {
    out.add(401);
    out.add(403);
  }
  if (spec.path.includes('{token}')) out.add(401);
  if (spec.body) {
    out.add(413);
    out.add(415);
  }
  for (const s of spec.errors) out.add(s);
  return [...out].sort();
}

export const rolesOf = (spec: RouteSpec): readonly Role[] => spec.roles ?? ALL_STAFF;

/** `/api/requests/{id}` → a matcher of concrete paths. */
function matcher(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[a-zA-Z]+\}/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
const MATCHERS = ROUTES.map((spec) => ({ spec, re: matcher(spec.path) }));

/** The spec of a concrete request (HEAD is GET's), or undefined for paths the API does not serve. */
export function findRoute(method: string, path: string): RouteSpec | undefined {
  const m = (method === 'HEAD' ? 'GET' : method).toLowerCase();
  // Literal paths first: `/api/requests/duplicates` is not a request id.
  const hits = MATCHERS.filter((x) => x.spec.method === m && x.re.test(path));
  return (hits.find((x) => !x.spec.path.includes('{')) ?? hits[0])?.spec;
}

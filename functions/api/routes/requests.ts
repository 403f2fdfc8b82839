// Hotline/web intake, the request list and one request with its timeline.
import { Hono } from 'hono';
import { subjectHash } from '../../../domain/identity/index.ts';
import { RequestId, type RightsRequest, type Verification } from '../../../domain/request/model.ts';
import { urgencyOf, WAITING_ON_STATUSES } from '../../../domain/request/urgency.ts';
import {
  buildNewRequest,
  claimRequester,
  claimSubject,
  deadlineFor,
  newRequestId,
  priorityTarget,
} from '../../shared/requests.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, badRequest, forbidden, notFound } from '../errors.ts';
import { bodyFingerprint } from '../idempotency.ts';
import { presentEvent, presentLetter, presentNotice, presentRequest, presentSummary, presentTask } from '../present.ts';
import { DuplicatesBody, ListQuery, NewRequestBody } from '../schemas.ts';
import { jsonBody, parseWith } from './json.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function requestRoutes(deps: ApiDeps) {
  const { store, clock, policy, calendar, starter, config, logger } = deps;
  const app = new Hono<AppEnv>();
  const urgency = (r: RightsRequest, now: Date) =>
    urgencyOf(r, now, calendar, policy.settings.deadline.escalationWorkingDays);

  /** The request a replayed Idempotency-Key points to; restarts its workflow if it never got going. */
  async function replay(id: string, fingerprint: string | undefined) {
    const existing = await store.getRequest(id);
    if (!existing) throw notFound();
    // As Stripe does: a key names one request body; reusing it for another is the caller's bug, not a replay.
    if (fingerprint && existing.source.bodyFingerprint && existing.source.bodyFingerprint !== fingerprint)
      throw new ApiError(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different request body; use a new key for a new request',
      );
    if (existing.status === 'received') await starter.start(id);
    return existing;
  }

  app.post('/', async (c) => {
    const principal = c.get('principal');
    const key = c.req.header('idempotency-key');
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key))
      throw badRequest('invalid_idempotency_key', 'Idempotency-Key must be 1 to 200 printable ASCII characters');
    const body = parseWith(NewRequestBody, await jsonBody(c));
    const lookupKey = key ? `idem:${key}` : undefined;
    const fingerprint = key ? bodyFingerprint(body, config.subjectHashSalt) : undefined;
    if (lookupKey) {
      const owner = await store.findRequestIdByLookupKey(lookupKey);
      if (owner) return c.json({ request: presentRequest(await replay(owner, fingerprint)), replayed: true }, 200);
    }

    const now = clock.now();
    const { subject, minor } = claimSubject(body.subject, now, policy.settings.minors.minorAge);
    const hash = subjectHash(subject, config.subjectHashSalt);
    const linked = hash ? (await store.findRequestsBySubjectHash(hash)).map((r) => r.id) : [];
    const verification: Verification = body.verifiedAtHotline
      ? { level: 'strong', method: 'hotline_staff', verifiedAt: now.toISOString(), verifiedBy: principal.user }
      : { level: 'none' };
    const deadline = deadlineFor(calendar, policy.settings, now, body.verifiedAtHotline ? now : undefined);
    const target = priorityTarget(calendar, policy.settings, now, minor, deadline);
    const request = buildNewRequest({
      id: newRequestId(clock),
      channel: body.channel,
      rights: body.rights,
      language: body.language,
      subject,
      minor,
      requester: claimRequester(body.requester, now),
      verification,
      receivedAt: now,
      deadline,
      ...(target ? { target } : {}),
      ...(body.details !== undefined ? { details: body.details } : {}),
      ...(body.correction !== undefined ? { correction: body.correction } : {}),
      source: key && fingerprint ? { idempotencyKey: key, bodyFingerprint: fingerprint } : {},
      createdBy: principal.user,
      linkedRequestIds: linked,
    });
    const created = await store.createRequest(request, {
      lookupKeys: lookupKey ? [lookupKey] : [],
      ...(hash ? { subjectHash: hash } : {}),
      event: {
        type: 'request_received',
        actor: `staff:${principal.user}`,
        data: {
          channel: body.channel,
          rights: request.rights,
          minor,
          requesterType: body.requester.type,
          ...(body.requester.relation ? { relation: body.requester.relation } : {}),
          idNumberValid: subject.idNumberValid ?? null,
          verifiedAtHotline: body.verifiedAtHotline ? body.verifiedAtHotline.checks : null,
          linkedRequestIds: linked,
        },
      },
    });
    // A concurrent call with the same key won the race: answer with its request.
    if (!created.created)
      return c.json({ request: presentRequest(await replay(created.existingId, fingerprint)), replayed: true }, 200);

    let workflowStarted = true;
    try {
      await starter.start(request.id);
    } catch (err) {
      // The request is recorded and its deadline runs: a replay of the same Idempotency-Key, the local runtime's
      // re-drive on start, or staff can start it again.
      workflowStarted = false;
      logger.error('workflow did not start', { requestId: request.id, errorName: (err as Error).name });
      await store.appendEvent(request.id, { type: 'workflow_start_failed', actor: 'system' }).catch(() => undefined);
    }
    return c.json({ request: presentRequest(created.request), workflowStarted }, 201);
  });

  app.get('/', async (c) => {
    const q = parseWith(ListQuery, c.req.query());
    const dueBefore = q.due_before
      ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(q.due_before) ? `${q.due_before}T23:59:59.999+08:00` : q.due_before)
      : undefined;
    let page: { items: RightsRequest[]; cursor?: string };
    try {
      page = await store.listRequests({
        ...(q.status ? { status: q.status } : {}),
        ...(q.waiting_on && !q.status ? { statuses: WAITING_ON_STATUSES[q.waiting_on] } : {}),
        ...(q.right ? { right: q.right } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.minor !== undefined ? { minor: q.minor } : {}),
        ...(dueBefore ? { dueBefore: new Date(dueBefore.getTime() + 1).toISOString() } : {}),
        limit: q.limit,
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    } catch (err) {
      if (q.cursor && (err as Error).name === 'ValidationException') throw badRequest('invalid_cursor', 'bad cursor');
      throw err;
    }
    const now = clock.now();
    return c.json({
      items: page.items.map((r) => ({ ...presentSummary(r), urgency: urgency(r, now) })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
    });
  });

  // Open requests about the same person as the identifiers typed into the hotline form so far.
  app.post('/duplicates', async (c) => {
    const body = parseWith(DuplicatesBody, await jsonBody(c));
    const { subject } = claimSubject(body.subject, clock.now(), policy.settings.minors.minorAge);
    const hash = subjectHash(subject, config.subjectHashSalt);
    const open = hash ? await store.findRequestsBySubjectHash(hash) : [];
    const now = clock.now();
    return c.json({ items: open.map((r) => ({ ...presentSummary(r), urgency: urgency(r, now) })) });
  });

  app.get('/:id', async (c) => {
    const id = c.req.param('id');
    if (!RequestId.safeParse(id).success) throw notFound();
    const principal = c.get('principal');
    const reveal = c.req.query('reveal') === '1' || c.req.query('reveal') === 'true';
    if (reveal && !hasRole(principal, 'privacy_officer', 'admin'))
      throw forbidden('only a privacy officer or an admin may reveal personal data');
    const request = await store.getRequest(id);
    if (!request) throw notFound();
    if (reveal)
      await store.appendEvent(id, {
        type: 'personal_data_revealed',
        actor: `staff:${principal.user}`,
        data: { via: 'api', fields: ['subject', 'requester', 'details', 'correction', 'source'] },
      });
    const [events, tasks, notices, letters] = await Promise.all([
      store.listEvents(id),
      store.listOpenTasks(id),
      store.listNotices(id),
      store.listLetters(id),
    ]);
    return c.json({
      request: presentRequest(request, reveal),
      urgency: urgency(request, clock.now()),
      timeline: events.map(presentEvent),
      openTasks: tasks.map(presentTask),
      notices: notices.map(presentNotice),
      letters: letters.map((l) => presentLetter(l, reveal)),
    });
  });

  return app;
}

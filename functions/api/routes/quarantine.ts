// Quarantined mail for staff: the list (no free text), one mail read masked, and the two ways out — released as a
// request or confirmed as spam — each recorded once with who and when (functions/intake/quarantine.ts).
import { Hono } from 'hono';
import { maskEmail } from '../../../domain/identity/mask.ts';
import {
  confirmSpam,
  QuarantineError,
  quarantineId,
  quarantineKey,
  readQuarantined,
  releaseQuarantined,
  UNRELEASABLE_SIGNALS,
} from '../../intake/quarantine.ts';
import type { StepDeps } from '../../shared/deps.ts';
import type { IntakeMailRecord } from '../../shared/store/store.ts';
import { hasRole } from '../auth.ts';
import type { ApiDeps, AppEnv } from '../deps.ts';
import { ApiError, conflict, forbidden, notFound } from '../errors.ts';
import { maskFreeText } from '../present.ts';
import { QuarantineQuery } from '../schemas.ts';
import { parseWith } from './json.ts';

/** What a masked preview shows of the text: enough to judge, no more. */
const PREVIEW_CHARS = 4_000;
const NO_PARTIES = { subject: {}, requester: { type: 'self' as const } };
/** base64url of a lookup key: bounded, and anything else is simply not found. */
const ID = /^[A-Za-z0-9_-]{1,700}$/;

function summary(r: IntakeMailRecord) {
  return {
    id: quarantineId(r.key),
    signal: r.signal,
    receivedAt: r.receivedAt,
    releasable: !UNRELEASABLE_SIGNALS.has(r.signal),
    ...(r.settled && { settled: r.settled }),
  };
}

function refused(err: unknown): never {
  if (!(err instanceof QuarantineError)) throw err;
  if (err.code === 'not_found') throw notFound('quarantined mail');
  if (err.code === 'already_settled') throw conflict('already_settled', 'this mail was already released or confirmed');
  throw new ApiError(422, 'not_releasable', 'a mail the virus scan flagged is never released as a request');
}

export function quarantineRoutes(deps: ApiDeps) {
  const app = new Hono<AppEnv>();
  const keyOf = (id: string) => {
    if (!ID.test(id)) throw notFound('quarantined mail');
    return quarantineKey(id);
  };

  app.get('/', async (c) => {
    if (!hasRole(c.get('principal'), 'agent', 'privacy_officer', 'admin')) throw forbidden();
    const q = parseWith(QuarantineQuery, c.req.query());
    const page = await deps.store.listIntakeMail('spam', { limit: q.limit, ...(q.cursor && { cursor: q.cursor }) });
    return c.json({ items: page.items.map(summary), ...(page.cursor && { cursor: page.cursor }) });
  });

  app.get('/:id', async (c) => {
    if (!hasRole(c.get('principal'), 'agent', 'privacy_officer', 'admin')) throw forbidden();
    if (!deps.blobs) throw notFound('quarantined mail');
    const { record, mail } = await readQuarantined(
      { store: deps.store, blobs: deps.blobs },
      keyOf(c.req.param('id')),
    ).catch(refused);
    return c.json({
      ...summary(record),
      // Masked like a request's free text (identifiers redacted, names found masked); no reveal: a quarantined mail
      // is not yet anyone's request.
      ...(mail
        ? {
            mail: {
              from: maskEmail(mail.from),
              subject: maskFreeText(mail.subject, NO_PARTIES),
              text: maskFreeText(mail.text.slice(0, PREVIEW_CHARS), NO_PARTIES),
              truncated: mail.text.length > PREVIEW_CHARS,
              attachments: mail.attachments.map((a) => ({ contentType: a.contentType, size: a.content.length })),
            },
          }
        : { unreadable: true }),
    });
  });

  app.post('/:id/release', async (c) => {
    const principal = c.get('principal');
    if (!hasRole(principal, 'agent', 'privacy_officer', 'admin')) throw forbidden();
    const key = keyOf(c.req.param('id'));
    const released = await releaseQuarantined(deps as unknown as StepDeps, key, principal.user).catch(refused);
    deps.logger.info('quarantine: mail released', { requestId: released.requestId, created: released.created });
    return c.json(released);
  });

  app.post('/:id/confirm-spam', async (c) => {
    const principal = c.get('principal');
    if (!hasRole(principal, 'privacy_officer', 'admin')) throw forbidden();
    const settled = await confirmSpam(deps, keyOf(c.req.param('id')), principal.user).catch(refused);
    return c.json({ settled });
  });

  return app;
}

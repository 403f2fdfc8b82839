// Records a partner's acknowledgement when the notice step's own operation is not available: checks the signed
// token, marks the notice acknowledged once and audits it. The acknowledgements step's timer and chase pick it up.
import { verifyAckToken } from '../send-recipient-notice/ack-token.ts';
import type { StepDeps } from '../shared/deps.ts';
import type { PartnerAckResult } from './operations.ts';

export async function recordPartnerAckFallback(deps: StepDeps, token: string): Promise<PartnerAckResult | undefined> {
  const named = verifyAckToken(deps.config.subjectHashSalt, token);
  if (!named) return undefined;
  const notice = await deps.store.getNotice(named.requestId, named.partnerId);
  if (!notice) return undefined;
  if (notice.status === 'acknowledged') return { ...named, alreadyAcknowledged: true };
  const at = deps.clock.now().toISOString();
  await deps.store.updateNotice(named.requestId, named.partnerId, { status: 'acknowledged', ackedAt: at });
  await deps.store.appendEvent(named.requestId, {
    type: 'partner_acknowledged',
    actor: `partner:${named.partnerId}`,
    data: { partnerId: named.partnerId, via: 'ack_link' },
  });
  return { ...named, alreadyAcknowledged: false };
}

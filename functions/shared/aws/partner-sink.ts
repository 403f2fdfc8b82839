// A stage that is not production never writes to a real partner: every partner channel the stage did not set
// explicitly (rightsflow:recipientChannels) goes to one internal address instead (the privacy officer's, by
// default), webhooks included. policy/recipients.yaml lists real addresses (NetsUnion's contact@nucc.com), so a dev
// deployment with SES production access would otherwise send deletion notices about test requests to NUCC (M8).
import { withRecipientChannels } from '../../../domain/policy/overrides.ts';
import type { Policy } from '../../../domain/policy/schema.ts';

export function withPartnerSink(policy: Policy, sink: string, explicit: Record<string, unknown> = {}): Policy {
  const channels: Record<string, unknown> = {};
  for (const r of policy.recipients.recipients) {
    if (!(r.id in explicit)) channels[r.id] = { type: 'email', address: sink };
    for (const b of r.banks) {
      const id = `${r.id}:${b.code}`;
      if (!(id in explicit)) channels[id] = { type: 'email', address: sink };
    }
  }
  const routed = withRecipientChannels(policy, channels);
  // Escalations of unanswered notices go to the partners' contacts too: the same sink.
  const recipients = routed.recipients.recipients.map((r) =>
    r.id in explicit ? r : { ...r, escalationContact: sink },
  );
  return { ...routed, recipients: { ...routed.recipients, recipients } };
}

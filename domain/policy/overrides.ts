// Stage settings replace placeholder notice addresses with the contracted ones (CDK context / local config).
import { NoticeChannel, type Policy } from './schema.ts';

/**
 * A copy of the policy whose recipients' channels are replaced: keys are registry ids (`unionpay`) or per-bank ids
 * (`issuing_bank:ICBC`). Overridden channels are real addresses, so `placeholder` becomes false unless given.
 */
export function withRecipientChannels(policy: Policy, channels: Record<string, unknown>): Policy {
  const recipients = policy.recipients.recipients.map((r) => {
    const own = channels[r.id];
    const banks = r.banks.map((b) => {
      const c = channels[`${r.id}:${b.code}`];
      return c === undefined ? b : { ...b, channel: NoticeChannel.parse({ placeholder: false, ...(c as object) }) };
    });
    return {
      ...r,
      banks,
      channel: own === undefined ? r.channel : NoticeChannel.parse({ placeholder: false, ...(own as object) }),
    };
  });
  return { ...policy, recipients: { ...policy.recipients, recipients } };
}

// MailEvents: SES reports, through the configuration set's SNS topic, that a letter bounced, was rejected or was
// reported as spam. A letter that did not reach the person is not "sent": the request records it ("not delivered",
// with the letter's kind and the reason, never the address in clear) and a staff task opens to reach the person
// another way (phone, post). The letter is found by the tags every outgoing mail carries (ses-message.ts).
import * as z from 'zod';
import { maskEmail } from '../../domain/identity/index.ts';
import { METRIC } from '../shared/metrics.ts';
import { defineStep } from '../shared/step.ts';

const SesEvent = z
  .object({
    eventType: z.enum(['Bounce', 'Complaint', 'Reject', 'Delivery', 'Send', 'DeliveryDelay']).or(z.string()),
    mail: z
      .object({
        messageId: z.string(),
        timestamp: z.string().optional(),
        tags: z.record(z.string(), z.array(z.string())).optional(),
      })
      .loose(),
    bounce: z
      .object({
        bounceType: z.string(),
        bounceSubType: z.string().optional(),
        bouncedRecipients: z.array(z.object({ emailAddress: z.string() }).loose()).default([]),
      })
      .loose()
      .optional(),
    complaint: z
      .object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() }).loose()).default([]) })
      .loose()
      .optional(),
    reject: z.object({ reason: z.string() }).loose().optional(),
  })
  .loose();
export type SesEvent = z.infer<typeof SesEvent>;

const SnsEvent = z.object({
  Records: z.array(z.object({ Sns: z.object({ Message: z.string() }).loose() }).loose()).min(1),
});

export interface Undelivered {
  requestId: string;
  letter: string;
  messageId: string;
  reason: string;
  recipients: string[];
  complaint: boolean;
}

/** The undelivered letter an SES event reports, or undefined (a delivery, or a mail not tied to a request). */
export function undeliveredOf(event: SesEvent): Undelivered | undefined {
  const requestId = event.mail.tags?.['request']?.[0];
  if (!requestId) return undefined;
  const letter = event.mail.tags?.['kind']?.[0] ?? 'unknown';
  const base = { requestId, letter, messageId: event.mail.messageId };
  if (event.eventType === 'Bounce' && event.bounce)
    return {
      ...base,
      reason: `bounce:${event.bounce.bounceType}${event.bounce.bounceSubType ? `/${event.bounce.bounceSubType}` : ''}`,
      recipients: event.bounce.bouncedRecipients.map((r) => maskEmail(r.emailAddress)),
      complaint: false,
    };
  if (event.eventType === 'Complaint' && event.complaint)
    return {
      ...base,
      reason: 'complaint',
      recipients: event.complaint.complainedRecipients.map((r) => maskEmail(r.emailAddress)),
      complaint: true,
    };
  if (event.eventType === 'Reject')
    return { ...base, reason: `reject:${event.reject?.reason ?? ''}`, recipients: [], complaint: false };
  return undefined;
}

export const step = defineStep({
  name: 'MailEvents',
  input: SnsEvent,
  async run({ Records }, deps) {
    let recorded = 0;
    for (const record of Records) {
      const parsed = SesEvent.safeParse(JSON.parse(record.Sns.Message));
      if (!parsed.success) {
        deps.logger.warn('SES event not understood', { issues: parsed.error.issues.length });
        continue;
      }
      const u = undeliveredOf(parsed.data);
      if (!u || !(await deps.store.getRequest(u.requestId))) continue;
      // Once per letter and event (SNS may deliver twice).
      const key = `mail-event:${u.messageId}:${u.reason}`;
      if (!(await deps.store.putStepResult(u.requestId, key, { at: deps.clock.now().toISOString() }))) continue;
      await deps.store.appendEvent(u.requestId, {
        type: u.complaint ? 'mail.complained' : 'mail.not_delivered',
        actor: 'system',
        data: { letter: u.letter, reason: u.reason, recipients: u.recipients, messageId: u.messageId },
      });
      await deps.store.putTask({
        requestId: u.requestId,
        kind: 'delivery',
        taskToken: 'none',
        status: 'open',
        assignee: 'agent',
        context: { letter: u.letter, reason: u.reason, recipients: u.recipients },
        createdAt: deps.clock.now().toISOString(),
      });
      deps.metrics.count(METRIC.mailNotDelivered);
      recorded++;
    }
    return { recorded };
  },
});

// Lambda entry for SMS replies through AWS End User Messaging SMS two-way messaging: the phone number's two-way
// channel publishes each inbound text to an SNS topic, which invokes this function. Each record's message is
// End User Messaging's inbound JSON ({originationNumber, destinationNumber, messageBody, inboundMessageId, …}).
// A company SMS gateway reaches the same operation through the signed POST /sms-inbound route instead.
import * as z from 'zod';
import { receiveSmsReply } from '../request-verification/sms-reply.ts';

const Inbound = z.object({ originationNumber: z.string().min(3), messageBody: z.string() }).loose();
const SnsEvent = z.object({ Records: z.array(z.object({ Sns: z.object({ Message: z.string() }).loose() }).loose()) });

let ready: Promise<import('../shared/deps.ts').StepDeps> | undefined;

export async function handler(event: unknown): Promise<{ processed: number; matched: number }> {
  ready ??= import('../shared/aws/aws-deps.ts').then((m) => m.awsDeps());
  const deps = await ready;
  const { Records } = SnsEvent.parse(event);
  let matched = 0;
  for (const record of Records) {
    let message: unknown;
    try {
      message = JSON.parse(record.Sns.Message);
    } catch {
      continue;
    }
    const parsed = Inbound.safeParse(message);
    // Not an inbound text (a delivery event routed here by mistake): nothing to do, no content logged.
    if (!parsed.success) continue;
    const res = await receiveSmsReply(deps, { from: parsed.data.originationNumber, text: parsed.data.messageBody });
    if (res.matched) matched++;
  }
  return { processed: Records.length, matched };
}

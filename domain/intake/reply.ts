// Is this mail a reply in one of our threads, and does it carry a verification code?
const REPLY_PREFIX = /^\s*(re|aw|sv|回复|回覆|答复)\s*[:：]/i;
const REQUEST_NUMBER = /RF-\d{8}-[0-9A-HJKMNP-TV-Z]{6}/;

export interface ReplySignals {
  isReply: boolean;
  /** A request number (RF-YYYYMMDD-XXXXXX) in the subject line, or failing that in the authored body. */
  requestNumber?: string;
  /** Message-IDs this mail answers (In-Reply-To first, then References newest first). */
  threadIds: string[];
}

export function replySignals(input: {
  subject: string;
  inReplyTo?: string | undefined;
  references?: readonly string[] | undefined;
  body?: string | undefined;
}): ReplySignals {
  const threadIds = [
    ...new Set([input.inReplyTo, ...[...(input.references ?? [])].reverse()].filter(Boolean)),
  ] as string[];
  const requestNumber = (REQUEST_NUMBER.exec(input.subject.toUpperCase()) ??
    REQUEST_NUMBER.exec(input.body ?? ''))?.[0];
  const isReply = threadIds.length > 0 || REPLY_PREFIX.test(input.subject) || requestNumber !== undefined;
  return requestNumber ? { isReply, requestNumber, threadIds } : { isReply, threadIds };
}

// A 6-digit one-time code, labelled ("验证码：123456", "code 123456") or alone on the first line of a reply.
const CODE_LABELLED = /(?:验证码|校验码|动态码|确认码|verification code|code)\D{0,12}(?<![0-9])([0-9]{6})(?![0-9])/i;
const CODE_ALONE = /^\s*([0-9]{6})\s*$/m;

/** The verification code in a reply's authored text, if any. */
export function verificationCode(authored: string): string | undefined {
  return CODE_LABELLED.exec(authored)?.[1] ?? CODE_ALONE.exec(authored.split('\n').slice(0, 3).join('\n'))?.[1];
}

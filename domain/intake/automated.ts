// Mail that no person wrote to us: delivery reports (bounces), auto-replies and out-of-office notices, bulk mail —
// and mail the receiving service flagged as spam or a virus. None of it is a rights request: it must never open a
// request with a 15-working-day deadline (it would escalate and "miss" it), yet it must be recorded (a bounce of
// our letter means the person did not get it). Decided from the header fields the standards define; the subject
// prefixes of common mail clients' auto-replies (Outlook, QQ, NetEase) only where those set no header.

/** The header fields that say how a mail was produced (lower-cased values, as found; absent = not present). */
export interface AutomationHeaders {
  /** RFC 3834 `Auto-Submitted`: anything but `no` is machine-sent. */
  autoSubmitted?: string | undefined;
  /** `Precedence` (RFC 2076 §3.9, de facto): bulk, junk, list, auto_reply. */
  precedence?: string | undefined;
  /** `X-Autoreply` / `X-Autorespond` / `X-Autoreply-From` present (Exchange, Sendmail vacation, cPanel). */
  xAutoreply?: boolean | undefined;
  /** Top-level Content-Type value, e.g. `multipart/report`. */
  contentType?: string | undefined;
  /** Its `report-type` parameter (RFC 6522): `delivery-status` (RFC 3464) or `disposition-notification` (RFC 8098). */
  reportType?: string | undefined;
  /** A verdict of the receiving service: SES `X-SES-Spam-Verdict`/`X-SES-Virus-Verdict` FAIL, `X-Spam-Flag: YES`. */
  spamVerdict?: boolean | undefined;
  virusVerdict?: boolean | undefined;
}

export type AutomatedKind = 'bounce' | 'auto_reply' | 'bulk' | 'spam';

export interface AutomatedVerdict {
  kind: AutomatedKind;
  /** Which signal decided it (a code, never mail content). */
  signal: string;
}

const BOUNCE_SENDER = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i;
const BOUNCE_SUBJECT =
  /^(undeliverable|undelivered mail|delivery status notification|mail delivery failed|returned mail|delivery failure|退信|系统退信|邮件投递失败|无法投递)/i;
// Auto-replies of clients that set no header (QQ Mail, NetEase, some Outlook setups): the subject prefix they write.
const AUTO_REPLY_SUBJECT =
  /^\s*(自动回复|自動回覆|自动答复|auto(matic)?[ -]?reply|autoreply|auto-response|out of (the )?office|office auto reply|休假自动回复|假期自动回复)\s*[:：]?/i;

/** What kind of machine-sent mail this is, or undefined for mail a person (possibly) wrote. */
export function automatedMail(h: AutomationHeaders, from: string, subject: string): AutomatedVerdict | undefined {
  if (h.virusVerdict) return { kind: 'spam', signal: 'virus_verdict' };
  if (h.spamVerdict) return { kind: 'spam', signal: 'spam_verdict' };
  const type = h.contentType?.toLowerCase();
  const report = h.reportType?.toLowerCase();
  if (type === 'multipart/report' && report === 'delivery-status') return { kind: 'bounce', signal: 'rfc3464_dsn' };
  if (type === 'message/delivery-status') return { kind: 'bounce', signal: 'rfc3464_dsn' };
  if (BOUNCE_SENDER.test(from) && (BOUNCE_SUBJECT.test(subject.trim()) || type === 'multipart/report'))
    return { kind: 'bounce', signal: 'mailer_daemon' };
  if (type === 'multipart/report' && report === 'disposition-notification')
    return { kind: 'auto_reply', signal: 'rfc8098_mdn' };
  const auto = h.autoSubmitted?.trim().toLowerCase();
  if (auto && auto !== 'no') return { kind: 'auto_reply', signal: 'auto_submitted' };
  if (h.xAutoreply) return { kind: 'auto_reply', signal: 'x_autoreply' };
  const precedence = h.precedence?.trim().toLowerCase();
  if (precedence === 'auto_reply') return { kind: 'auto_reply', signal: 'precedence' };
  if (AUTO_REPLY_SUBJECT.test(subject)) return { kind: 'auto_reply', signal: 'subject_prefix' };
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list')
    return { kind: 'bulk', signal: 'precedence' };
  if (BOUNCE_SENDER.test(from)) return { kind: 'bounce', signal: 'mailer_daemon' };
  return undefined;
}

/** Content types of the part of a delivery report that returns the original message or its header block. */
export const RETURNED_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'text/rfc822-headers',
  'message/rfc822',
  'message/rfc822-headers',
  'message/global',
  'message/global-headers',
]);

/**
 * The Message-ID and request number of the message a delivery report returns (its returned header block), so the
 * bounce is recorded on the request whose letter did not arrive.
 */
export function returnedMessage(returned: string): { messageId?: string; requestNumber?: string } {
  const head = returned.slice(0, 64 * 1024);
  const messageId = /^message-id:\s*<?([^\s<>]+)>?/im.exec(head)?.[1];
  const requestNumber = /RF-\d{8}-[0-9A-HJKMNP-TV-Z]{6}/.exec(head)?.[0];
  return { ...(messageId && { messageId }), ...(requestNumber && { requestNumber }) };
}

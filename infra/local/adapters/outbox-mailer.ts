// Mailer and SMS sender for the local runtime: every message "sent" lands in an outbox in the table — mail shaped like
// an SES v2 SendEmail request, SMS like End User Messaging's SendTextMessage (personal fields sealed). A
// `OUTBOX#<key>` claim, written in the same transaction, makes the same idempotency key land once even when a
// re-drive sends again. GET /api/outbox lists both, each with its `channel`.
import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type SesEmail, sesSendEmailInput } from '../../../functions/shared/mail/ses-message.ts';
import type { Clock, FieldCipher, Mailer, SmsSender } from '../../../functions/shared/ports.ts';

export const OUTBOX_PK = 'OUTBOX';

/** One message as GET /api/outbox shows it. An SMS has `channel: "sms"`, the phone in `to` and an empty subject. */
export interface OutboxMessage {
  channel: 'email' | 'sms';
  messageId: string;
  key: string;
  kind: string;
  requestId?: string;
  sentAt: string;
  from: string;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string;
  inReplyTo?: string;
  references?: string[];
  /** Attached files, their content in base64 (a partner notice's encrypted ZIP). */
  attachments?: { filename: string; contentType: string; size: number; contentBase64: string }[];
}

export interface OutboxQuery {
  requestId?: string;
  kind?: string;
  channel?: 'email' | 'sms';
  limit?: number;
}

export interface OutboxMailer extends Mailer {
  /** The local SMS outbox: texts land beside the mail, `channel: "sms"`. */
  sms: SmsSender;
  /** Newest first; filtered by request, kind and channel; at most `limit`. */
  listOutbox(query?: OutboxQuery): Promise<OutboxMessage[]>;
}

/** What the local SMS outbox stores for one text (the sealed part): End User Messaging's SendTextMessage fields. */
interface StoredSms {
  DestinationPhoneNumber: string;
  OriginationIdentity: string;
  MessageBody: string;
}
/** The sender shown for local texts (a company's SMS sender id or short code in production). */
export const LOCAL_SMS_ORIGINATOR = 'rightsflow-local-sms';

function isConditionalCancel(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return (
    e?.name === 'TransactionCanceledException' &&
    (e.CancellationReasons ?? []).some((r) => r?.Code === 'ConditionalCheckFailed')
  );
}

/** The SES input as JSON can carry it: attachment bytes as base64 (read back in `present`). */
function storable(ses: SesEmail): unknown {
  const atts = ses.Content.Simple.Attachments;
  if (!atts?.length) return ses;
  return {
    ...ses,
    Content: {
      Simple: {
        ...ses.Content.Simple,
        Attachments: atts.map((a) => ({ ...a, RawContent: Buffer.from(a.RawContent).toString('base64') })),
      },
    },
  };
}

export function createOutboxMailer(deps: {
  client: DynamoDBDocumentClient;
  tableName: string;
  cipher: FieldCipher;
  clock: Clock;
}): OutboxMailer {
  const { client, tableName, cipher, clock } = deps;
  // Not `MAIL#`: the store's once-only send log lives there (intent → sent); this claim is the outbox's own.
  const claimKey = (key: string) => ({ pk: `OUTBOX#${key}`, sk: 'CLAIM' });

  async function existing(key: string): Promise<string | undefined> {
    const got = await client.send(new GetCommand({ TableName: tableName, Key: claimKey(key), ConsistentRead: true }));
    return got.Item?.['messageId'] as string | undefined;
  }

  /** Claims `key` and stores the message in one transaction; the first writer's message id wins. */
  async function land(key: string, kind: string, channel: 'email' | 'sms', sealed: string, requestId?: string) {
    const before = await existing(key);
    if (before) return { messageId: before };
    const sentAt = clock.now().toISOString();
    const messageId = `${randomBytes(12).toString('hex')}@rightsflow.local`;
    const sk = `${sentAt}#${key}`;
    try {
      await client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { ...claimKey(key), messageId, outboxSk: sk, sentAt },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  pk: OUTBOX_PK,
                  sk,
                  messageId,
                  key,
                  kind,
                  channel,
                  sentAt,
                  ...(requestId ? { requestId } : {}),
                  // Mail as SES's SendEmail input, SMS as End User Messaging's SendTextMessage input.
                  [channel === 'sms' ? 'sms' : 'ses']: sealed,
                },
              },
            },
          ],
        }),
      );
      return { messageId };
    } catch (error) {
      if (!isConditionalCancel(error)) throw error;
      const winner = await existing(key);
      if (!winner) throw error;
      return { messageId: winner };
    }
  }

  async function present(item: Record<string, unknown>): Promise<OutboxMessage> {
    const base = {
      messageId: item['messageId'] as string,
      key: item['key'] as string,
      kind: item['kind'] as string,
      ...(item['requestId'] ? { requestId: item['requestId'] as string } : {}),
      sentAt: item['sentAt'] as string,
    };
    if (item['channel'] === 'sms') {
      const sms = JSON.parse(await cipher.open(item['sms'] as string)) as StoredSms;
      return {
        channel: 'sms',
        ...base,
        from: sms.OriginationIdentity,
        to: [sms.DestinationPhoneNumber],
        subject: '',
        text: sms.MessageBody,
      };
    }
    const ses = JSON.parse(await cipher.open(item['ses'] as string)) as SesEmail;
    const headers = ses.Content.Simple.Headers;
    const inReplyTo = headers.find((h) => h.Name === 'In-Reply-To')?.Value;
    const references = headers.find((h) => h.Name === 'References')?.Value;
    return {
      channel: 'email',
      ...base,
      from: ses.FromEmailAddress,
      to: ses.Destination.ToAddresses,
      ...(ses.Destination.CcAddresses ? { cc: ses.Destination.CcAddresses } : {}),
      subject: ses.Content.Simple.Subject.Data,
      text: ses.Content.Simple.Body.Text.Data,
      ...(ses.Content.Simple.Body.Html ? { html: ses.Content.Simple.Body.Html.Data } : {}),
      ...(ses.Content.Simple.Attachments?.length
        ? {
            attachments: ses.Content.Simple.Attachments.map((a) => {
              const b64 = a.RawContent as unknown as string;
              return {
                filename: a.FileName,
                contentType: a.ContentType,
                size: Buffer.from(b64, 'base64').length,
                contentBase64: b64,
              };
            }),
          }
        : {}),
      ...(inReplyTo ? { inReplyTo } : {}),
      ...(references ? { references: references.split(' ') } : {}),
    };
  }

  return {
    async send(mail) {
      if (!mail.key) throw new Error('an outgoing mail needs an idempotency key');
      return land(
        mail.key,
        mail.kind,
        'email',
        await cipher.seal(JSON.stringify(storable(sesSendEmailInput(mail)))),
        mail.requestId,
      );
    },

    sms: {
      async send(sms) {
        if (!sms.key) throw new Error('an outgoing SMS needs an idempotency key');
        if (!/^\+\d{8,15}$/.test(sms.to)) throw new Error('an SMS goes to an E.164 number');
        const stored: StoredSms = {
          DestinationPhoneNumber: sms.to,
          OriginationIdentity: LOCAL_SMS_ORIGINATOR,
          MessageBody: sms.text,
        };
        // Its own claim namespace: an SMS and a mail with the same key are different messages.
        return land(`sms:${sms.key}`, sms.kind, 'sms', await cipher.seal(JSON.stringify(stored)), sms.requestId);
      },
    },

    async listOutbox(query = {}) {
      const out: OutboxMessage[] = [];
      let cursor: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': OUTBOX_PK },
            // Newest first, as a mailbox shows it: `limit` keeps the latest messages.
            ScanIndexForward: false,
            ExclusiveStartKey: cursor,
          }),
        );
        for (const item of page.Items ?? []) {
          if (query.requestId && item['requestId'] !== query.requestId) continue;
          if (query.kind && item['kind'] !== query.kind) continue;
          if (query.channel && (item['channel'] ?? 'email') !== query.channel) continue;
          out.push(await present(item));
        }
        cursor = page.LastEvaluatedKey;
      } while (cursor && (!query.limit || out.length < query.limit));
      return query.limit ? out.slice(0, query.limit) : out;
    },
  };
}

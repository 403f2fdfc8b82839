// Mailer for the local runtime: every message "sent" lands in an outbox in the table, shaped like an SES v2
// SendEmail request (personal fields sealed). A `OUTBOX#<key>` claim, written in the same transaction, makes the
// same idempotency key land once even when a re-drive sends again.
import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { type SesEmail, sesSendEmailInput } from '../../../functions/shared/mail/ses-message.ts';
import type { Clock, FieldCipher, Mailer } from '../../../functions/shared/ports.ts';

export const OUTBOX_PK = 'OUTBOX';

/** One message as GET /api/outbox shows it. */
export interface OutboxMessage {
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
}

export interface OutboxMailer extends Mailer {
  /** Newest first; filtered by request and kind; at most `limit`. */
  listOutbox(query?: { requestId?: string; kind?: string; limit?: number }): Promise<OutboxMessage[]>;
}

function isConditionalCancel(error: unknown): boolean {
  const e = error as { name?: string; CancellationReasons?: { Code?: string }[] };
  return (
    e?.name === 'TransactionCanceledException' &&
    (e.CancellationReasons ?? []).some((r) => r?.Code === 'ConditionalCheckFailed')
  );
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

  return {
    async send(mail) {
      if (!mail.key) throw new Error('an outgoing mail needs an idempotency key');
      const before = await existing(mail.key);
      if (before) return { messageId: before };
      const sentAt = clock.now().toISOString();
      const messageId = `${randomBytes(12).toString('hex')}@rightsflow.local`;
      const sk = `${sentAt}#${mail.key}`;
      const sealed = await cipher.seal(JSON.stringify(sesSendEmailInput(mail)));
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: { ...claimKey(mail.key), messageId, outboxSk: sk, sentAt },
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
                    key: mail.key,
                    kind: mail.kind,
                    sentAt,
                    ...(mail.requestId ? { requestId: mail.requestId } : {}),
                    ses: sealed,
                  },
                },
              },
            ],
          }),
        );
        return { messageId };
      } catch (error) {
        if (!isConditionalCancel(error)) throw error;
        const winner = await existing(mail.key);
        if (!winner) throw error;
        return { messageId: winner };
      }
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
          const ses = JSON.parse(await cipher.open(item['ses'] as string)) as SesEmail;
          const headers = ses.Content.Simple.Headers;
          const inReplyTo = headers.find((h) => h.Name === 'In-Reply-To')?.Value;
          const references = headers.find((h) => h.Name === 'References')?.Value;
          out.push({
            messageId: item['messageId'] as string,
            key: item['key'] as string,
            kind: item['kind'] as string,
            ...(item['requestId'] ? { requestId: item['requestId'] as string } : {}),
            sentAt: item['sentAt'] as string,
            from: ses.FromEmailAddress,
            to: ses.Destination.ToAddresses,
            ...(ses.Destination.CcAddresses ? { cc: ses.Destination.CcAddresses } : {}),
            subject: ses.Content.Simple.Subject.Data,
            text: ses.Content.Simple.Body.Text.Data,
            ...(ses.Content.Simple.Body.Html ? { html: ses.Content.Simple.Body.Html.Data } : {}),
            ...(inReplyTo ? { inReplyTo } : {}),
            ...(references ? { references: references.split(' ') } : {}),
          });
        }
        cursor = page.LastEvaluatedKey;
      } while (cursor && (!query.limit || out.length < query.limit));
      return query.limit ? out.slice(0, query.limit) : out;
    },
  };
}

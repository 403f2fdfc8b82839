// The SMS adapters of AWS deployments: End User Messaging SMS (SendTextMessage, against a mocked client) and the
// company's SMS gateway (a Standard-Webhooks-signed HTTPS POST, against a real local HTTP server that verifies the
// signature as a gateway would); the stage's SMS_* settings pick one or none.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { smsSender } from '../../../functions/shared/aws/aws-deps.ts';
import { parseAwsEnv } from '../../../functions/shared/aws/env.ts';
import { createEndUserMessagingSms } from '../../../functions/shared/aws/sms-end-user-messaging.ts';
import { createSmsWebhook } from '../../../functions/shared/aws/sms-webhook.ts';
import { assertSecureUrl, verifySignedBody } from '../../../functions/shared/webhook/signed-post.ts';

const eum = mockClient(PinpointSMSVoiceV2Client);
beforeEach(() => eum.reset());

const SMS = {
  key: 'verification-code:RF-20261125-7K3QZ8:1',
  to: '+8613900000001',
  text: '【连连支付】验证码482913，30分钟内有效',
  kind: 'verification_code',
  requestId: 'RF-20261125-7K3QZ8',
};

describe('End User Messaging SMS', () => {
  it('sends a transactional text from the configured origination identity, with no personal data in the context', async () => {
    eum.on(SendTextMessageCommand).resolves({ MessageId: 'eum-1' });
    const sms = createEndUserMessagingSms(new PinpointSMSVoiceV2Client({}), {
      originationIdentity: 'pool-abc',
      configurationSetName: 'rightsflow-sms',
    });
    expect(await sms.send(SMS)).toEqual({ messageId: 'eum-1' });
    const input = eum.commandCalls(SendTextMessageCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      DestinationPhoneNumber: '+8613900000001',
      OriginationIdentity: 'pool-abc',
      MessageBody: SMS.text,
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'rightsflow-sms',
      Context: { kind: 'verification_code', requestId: 'RF-20261125-7K3QZ8' },
    });
    expect(JSON.stringify(input.Context)).not.toContain('139');
  });

  it('fails loudly when the service gives no message id (the step retries; the send log keeps it once)', async () => {
    eum.on(SendTextMessageCommand).resolves({});
    const sms = createEndUserMessagingSms(new PinpointSMSVoiceV2Client({}), { originationIdentity: 'pool-abc' });
    await expect(sms.send(SMS)).rejects.toThrow('no MessageId');
  });
});

describe('company SMS gateway (signed webhook)', () => {
  const SECRET = `whsec_${Buffer.from('a-gateway-secret-of-32-bytes-123').toString('base64')}`;
  let server: Server;
  let url: string;
  const received: { headers: Record<string, string>; body: string }[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        received.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(status === 200 ? JSON.stringify({ messageId: `gw-${received.length}` }) : '{"error":"down"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  it('posts a body the gateway can verify with the shared secret; the webhook-id is our idempotency key', async () => {
    status = 200;
    const sms = createSmsWebhook({ url, secret: SECRET });
    expect(await sms.send(SMS)).toEqual({ messageId: 'gw-1' });
    const got = received.at(-1)!;
    expect(got.headers['webhook-id']).toBe(SMS.key);
    expect(verifySignedBody(SECRET, got.body, got.headers)).toEqual({
      to: SMS.to,
      text: SMS.text,
      kind: SMS.kind,
      requestId: SMS.requestId,
    });
    // Another secret, or a tampered body, does not verify.
    const other = `whsec_${Buffer.from('another-secret-of-32-bytes-45678').toString('base64')}`;
    expect(verifySignedBody(other, got.body, got.headers)).toBeUndefined();
    expect(verifySignedBody(SECRET, got.body.replace('482913', '000000'), got.headers)).toBeUndefined();
  });

  it('a gateway error fails the send without echoing the answer', async () => {
    status = 503;
    const sms = createSmsWebhook({ url, secret: SECRET });
    await expect(sms.send(SMS)).rejects.toMatchObject({
      name: 'Webhook.DeliveryFailed',
      message: 'webhook answered HTTP 503',
    });
  });

  it('never posts over plain http to another host', () => {
    expect(() => assertSecureUrl('http://sms.example.com/send')).toThrow('https');
    expect(() => assertSecureUrl('https://sms.example.com/send')).not.toThrow();
  });
});

describe('the stage picks the SMS channel', () => {
  const base = {
    TABLE_NAME: 't',
    KMS_KEY_ID: 'k',
    SENDER_ADDRESS: 'privacy@example.com',
    PRIVACY_OFFICER_EMAIL: 'dpo@example.com',
    PARTNER_ACK_BASE_URL: 'https://x/partner-ack/',
    SUBJECT_HASH_SALT: 's',
    COMPANY_CONNECTOR_URL: 'https://company.example.com/',
    COMPANY_CONNECTOR_TOKEN: 't',
  };

  it('none by default (codes go by mail), End User Messaging or the gateway when configured', async () => {
    expect(await smsSender(parseAwsEnv(base))).toBeUndefined();
    expect(
      await smsSender(parseAwsEnv({ ...base, SMS_PROVIDER: 'end_user_messaging', SMS_ORIGINATION_IDENTITY: 'pool-1' })),
    ).toBeDefined();
    expect(
      await smsSender(
        parseAwsEnv({
          ...base,
          SMS_PROVIDER: 'webhook',
          SMS_WEBHOOK_URL: 'https://sms.example.com/send',
          SMS_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        }),
      ),
    ).toBeDefined();
  });

  it('refuses half a configuration, or a gateway over plain http', () => {
    expect(() => parseAwsEnv({ ...base, SMS_PROVIDER: 'end_user_messaging' })).toThrow('SMS_ORIGINATION_IDENTITY');
    expect(() => parseAwsEnv({ ...base, SMS_PROVIDER: 'webhook', SMS_WEBHOOK_URL: 'https://sms.example.com' })).toThrow(
      'SMS_WEBHOOK_SECRET_NAME',
    );
    expect(() =>
      parseAwsEnv({
        ...base,
        SMS_PROVIDER: 'webhook',
        SMS_WEBHOOK_URL: 'http://sms.example.com',
        SMS_WEBHOOK_SECRET: 'x',
      }),
    ).toThrow();
  });
});

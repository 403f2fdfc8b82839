// B3: the acknowledgement of an emailed request goes out from the stage's sender (the address SES verified and IAM
// allows, ses:FromAddress), with the company's display name RFC 2047-encoded (SES refuses raw UTF-8 in From).
// The intake runs for real over the SES mailer; aws-sdk-client-mock records the exact SESv2 input.
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { simpleParser } from 'mailparser';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { calendarFor } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { createIntakeService } from '../../../functions/intake/service.ts';
import { createSesMailer } from '../../../functions/shared/aws/ses-mailer.ts';
import { decodeWords, encodeWords, formatMailbox, parseMailbox } from '../../../functions/shared/mail/address.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { composeMail } from '../intake/compose.ts';
import { fakeCipher, manualClock, memoryBlobs } from '../intake/fakes.ts';

const ses = mockClient(SESv2Client);
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-ack-1' });
});
afterAll(() => ses.restore());

const STAGE_SENDER = 'privacy@rights.lianlianpay.com';
const DISPLAY_NAME = '连连支付个人信息保护 LianLian Pay Privacy';

describe('the acknowledgement through SES', () => {
  it('is sent from the stage sender with the display name as RFC 2047 encoded-words', async () => {
    const clock = manualClock('2026-11-25T02:00:00Z');
    const policy = loadPolicy();
    const intake = createIntakeService({
      store: createMemoryStore(() => clock.now()),
      blobs: memoryBlobs(),
      cipher: fakeCipher,
      mailer: createSesMailer(new SESv2Client({}), {
        configurationSet: 'rightsflow-prod',
        senderName: parseMailbox(policy.settings.mail.sender).name,
      }),
      clock,
      policy,
      calendar: calendarFor(),
      senderAddress: STAGE_SENDER,
      startWorkflow: async () => undefined,
    });
    const raw = await composeMail({
      text: '请删除我在连连支付的个人信息。',
      messageId: '<ack-b3@qq.com>',
    });
    const result = await intake.receiveRawEmail(raw, { source: 'ses', rawKey: 'inbound/ack-b3' });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    // The exact header SES gets: ASCII only, encoded-words of at most 75 characters, then the stage's address.
    expect(input.FromEmailAddress).toBe(`${encodeWords(DISPLAY_NAME)} <${STAGE_SENDER}>`);
    expect(input.FromEmailAddress).toMatch(/^[\x20-\x7e]+$/);
    for (const word of input.FromEmailAddress!.split(' ').filter((w) => w.startsWith('=?')))
      expect(word.length).toBeLessThanOrEqual(75);
    expect(decodeWords(input.FromEmailAddress!)).toBe(`${DISPLAY_NAME} <${STAGE_SENDER}>`);
    // Not the policy file's address (IAM would deny it: ses:FromAddress is the stage's).
    expect(input.FromEmailAddress).not.toContain('<privacy@lianlianpay.com>');
    expect(input.ConfigurationSetName).toBe('rightsflow-prod');
    // Bounce and complaint events find the request by these tags (mail-events).
    expect(input.EmailTags).toEqual([
      { Name: 'kind', Value: 'ack' },
      { Name: 'request', Value: result.requestId },
    ]);
  });

  it('a mail client decodes the From exactly (round trip through mailparser)', async () => {
    const from = formatMailbox({ name: DISPLAY_NAME, address: STAGE_SENDER });
    const parsed = await simpleParser(Buffer.from(`From: ${from}\r\nSubject: x\r\n\r\nbody\r\n`));
    expect(parsed.from?.value[0]).toEqual({ name: DISPLAY_NAME, address: STAGE_SENDER });
  });

  it('encodes long names in several words, splits only between characters, keeps ASCII names readable', () => {
    const long = '连连支付网络科技股份有限公司个人信息保护负责人办公室（隐私与数据合规部）';
    const encoded = encodeWords(long);
    expect(encoded.split(' ').length).toBeGreaterThan(1);
    for (const w of encoded.split(' ')) expect(w.length).toBeLessThanOrEqual(75);
    expect(decodeWords(encoded)).toBe(long);
    expect(formatMailbox({ name: 'LianLian Pay Privacy', address: 'a@b.cn' })).toBe('LianLian Pay Privacy <a@b.cn>');
    expect(formatMailbox({ name: 'Pay, Privacy', address: 'a@b.cn' })).toBe('"Pay, Privacy" <a@b.cn>');
    expect(parseMailbox('"连连" <x@y.cn>')).toEqual({ name: '连连', address: 'x@y.cn' });
    expect(parseMailbox('x@y.cn')).toEqual({ address: 'x@y.cn' });
  });
});

// MIME parsing: one test per charset and transfer encoding, RFC 2047 headers, HTML-only mail, attachments,
// and the hard limits (typed rejections, never a throw).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAIL_LIMITS, parseMail } from '../../../functions/shared/mail/parse.ts';
import { composeMail } from './compose.ts';

const corpus = (file: string) => readFileSync(join(import.meta.dirname, '../../fixtures/mail/corpus', file));

async function ok(raw: Uint8Array) {
  const res = await parseMail(raw);
  if (!res.ok) throw new Error(`rejected: ${res.rejection.code}`);
  return res.mail;
}

function legacy(charset: string, cte: 'base64' | 'quoted-printable' | '8bit', subject: string, body: string): Buffer {
  const bytes = iconv.encode(body, charset);
  const encoded =
    cte === 'base64'
      ? bytes.toString('base64')
      : cte === 'quoted-printable'
        ? [...bytes]
            .map((b) =>
              b >= 33 && b <= 126 && b !== 61
                ? String.fromCharCode(b)
                : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
            )
            .join('')
        : bytes.toString('latin1');
  const word = `=?${charset}?B?${iconv.encode(subject, charset).toString('base64')}?=`;
  return Buffer.from(
    `From: ${word} <x@example.com>\r\nSubject: ${word}\r\nMessage-ID: <c@x>\r\nContent-Type: text/plain; charset=${charset}\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${encoded}\r\n`,
    'latin1',
  );
}

describe('parseMail: charsets and encodings', () => {
  it.each([
    ['GBK', 'base64', '申请删除个人信息', '本人张伟，请删除我的个人信息。'],
    ['GB2312', 'quoted-printable', '更正手机号', '请将手机号码更正为13712345678。'],
    ['GB18030', 'base64', '查询个人信息', '你们收集了我哪些个人信息？𠀀'],
    ['Big5', 'quoted-printable', '刪除個人資料', '請刪除我的個人資料，謝謝。'],
    ['UTF-8', '8bit', '撤回同意', '我要撤回对营销活动的同意。'],
    ['UTF-8', 'base64', 'Delete my data', 'Please delete all my personal data.'],
  ] as const)('%s with %s: body and RFC 2047 subject decoded', async (charset, cte, subject, body) => {
    const mail = await ok(legacy(charset, cte, subject, body));
    expect(mail.subject).toBe(subject);
    expect(mail.text.trim()).toBe(body);
    expect(mail.warnings).toEqual([]);
  });

  it('reads the corpus in every charset the clients send', async () => {
    expect((await ok(corpus('01-163-delete-gbk.eml'))).text).toContain('申请删除我在贵司的所有个人信息');
    expect((await ok(corpus('02-qq-access-gb18030.eml'))).subject).toBe('查询个人信息');
    expect((await ok(corpus('04-outlook-correct-gb2312-qp.eml'))).text).toContain('13712345678');
    expect((await ok(corpus('28-big5-hk.eml'))).text).toContain('請刪除我的個人資料');
  });

  it('reduces HTML-only mail to text', async () => {
    const mail = await ok(corpus('26-outlook-html-only-delete.eml'));
    expect(mail.text).toContain('请删除我的账户及全部个人信息');
    expect(mail.text).not.toContain('<p');
    expect(mail.warnings).toEqual([]);
  });

  it('returns attachments as buffers with name, type and size', async () => {
    const mail = await ok(corpus('27-attachments-id-photo.eml'));
    expect(mail.attachments.map(({ filename, contentType, size }) => ({ filename, contentType, size }))).toEqual([
      { filename: '身份证正反面.jpg', contentType: 'image/jpeg', size: 58 },
      { filename: '删除申请书.pdf', contentType: 'application/pdf', size: 45 },
    ]);
    expect(Buffer.isBuffer(mail.attachments[0]!.content)).toBe(true);
  });

  it('reads threading headers', async () => {
    const mail = await ok(corpus('23-reply-code-163.eml'));
    expect(mail.inReplyTo).toBe('<ack-RF-20261120-7K3QZ8@lianlianpay.com>');
    expect(mail.references).toEqual(['<ack-RF-20261120-7K3QZ8@lianlianpay.com>']);
    expect(mail.from).toBe('zhangwei1987@163.com');
  });
});

describe('parseMail: malformed input', () => {
  it('recovers the text behind a broken multipart boundary and flags it', async () => {
    const mail = await ok(corpus('90-broken-boundary.eml'));
    expect(mail.text).toContain('请删除我的个人信息');
    expect(mail.warnings).toContain('no_readable_part');
  });

  it('flags a charset it does not know', async () => {
    expect((await ok(corpus('91-bogus-charset.eml'))).warnings).toContain('unknown_charset');
  });

  it('removes NUL bytes', async () => {
    const mail = await ok(corpus('92-nul-bytes.eml'));
    expect(mail.subject).toBe('delete');
    expect(mail.text).not.toContain('\u0000');
  });

  it('rejects 10,000 header fields with a typed rejection', async () => {
    let h = '';
    for (let i = 0; i < 10_000; i++) h += `X-H${i}: v\r\n`;
    const res = await parseMail(Buffer.from(`${h}Subject: x\r\n\r\nbody\r\n`));
    expect(res).toEqual({
      ok: false,
      rejection: { code: 'too_many_headers', message: expect.stringContaining('10001') },
    });
  });

  it('rejects a header block that never ends, an empty message and an oversized one', async () => {
    const endless = Buffer.from(`Subject: ${'x'.repeat(DEFAULT_MAIL_LIMITS.maxHeaderBytes + 10)}`);
    expect(await parseMail(endless)).toMatchObject({ ok: false, rejection: { code: 'header_too_large' } });
    expect(await parseMail(new Uint8Array())).toMatchObject({ ok: false, rejection: { code: 'empty' } });
    const raw = await composeMail({ text: 'x'.repeat(5000) });
    expect(await parseMail(raw, { ...DEFAULT_MAIL_LIMITS, maxBytes: 1000 })).toMatchObject({
      ok: false,
      rejection: { code: 'too_large' },
    });
  });

  it('parses a 20 MB attachment', async () => {
    const raw = await composeMail({
      text: 'see attachment',
      attachments: [{ filename: 'a.bin', content: Buffer.alloc(20 * 1024 * 1024, 1) }],
    });
    const mail = await ok(raw);
    expect(mail.attachments[0]?.size).toBe(20 * 1024 * 1024);
  });

  it('never throws on random bytes', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const bytes = Buffer.from(Array.from({ length: 200 + seed * 37 }, (_, i) => (i * seed * 2654435761) % 256));
      const res = await parseMail(bytes);
      expect(typeof res.ok).toBe('boolean');
    }
  });
});

// Credentials file (shape, mode, stable across starts, token → role) and the SMTP intake (raw bytes handed over,
// size limit, 451 when the intake could not store the mail).
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPasswordVerifier,
  createTokenVerifier,
  loadOrCreateCredentials,
} from '../../../infra/local/credentials.ts';
import { type SmtpIntake, startSmtpIntake } from '../../../infra/local/smtp.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-cred-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('credentials', () => {
  it('are generated once in the docs/design.md §4 shape with mode 0600 and map tokens to roles', async () => {
    const first = await loadOrCreateCredentials(dir);
    expect(first.created).toBe(true);
    const second = await loadOrCreateCredentials(dir);
    expect(second.created).toBe(false);
    expect(second.credentials).toEqual(first.credentials);
    const file = join(dir, 'credentials.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const json = JSON.parse(await readFile(file, 'utf8'));
    expect(Object.keys(json).sort()).toEqual(['admin', 'agent', 'privacy_officer']);
    for (const role of ['agent', 'privacy_officer', 'admin']) {
      expect(Object.keys(json[role]).sort()).toEqual(['password', 'token', 'user']);
    }
    const verify = createTokenVerifier(first.credentials);
    expect(verify(first.credentials.agent.token)).toEqual({ user: 'agent', roles: ['agent'] });
    expect(verify(first.credentials.privacy_officer.token)?.roles).toEqual(['privacy_officer']);
    expect(verify(`${first.credentials.admin.token}x`)).toBeUndefined();
    expect(verify(undefined)).toBeUndefined();
    const signIn = createPasswordVerifier(first.credentials);
    expect(signIn('admin', first.credentials.admin.password)?.roles).toEqual(['admin']);
    expect(signIn('admin', first.credentials.agent.password)).toBeUndefined();
  });
});

describe('SMTP intake', () => {
  let smtp: SmtpIntake;
  const received: { raw: string; to: string[] }[] = [];
  let failNext = false;
  beforeAll(async () => {
    smtp = await startSmtpIntake({
      port: 0,
      sizeLimit: 64 * 1024,
      async onMessage(raw, meta) {
        if (failNext) {
          failNext = false;
          throw new Error('disk full');
        }
        received.push({ raw: Buffer.from(raw).toString('utf8'), to: meta.envelopeTo });
      },
    });
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const transport = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });

  it('hands each message over raw with its envelope', async () => {
    await transport().sendMail({
      from: 'someone@example.com',
      to: 'privacy@lianlianpay.com',
      subject: '申请删除个人信息',
      text: '请删除我的个人信息。',
      messageId: '<test-1@example.com>',
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.raw).toContain('Message-ID: <test-1@example.com>');
    expect(received[0]!.to).toEqual(['privacy@lianlianpay.com']);
  });

  it('refuses with 451 when the intake failed and 552 above the size limit', async () => {
    failNext = true;
    await expect(
      transport().sendMail({ from: 'a@example.com', to: 'privacy@lianlianpay.com', subject: 'x', text: 'y' }),
    ).rejects.toMatchObject({ responseCode: 451 });
    await expect(
      transport().sendMail({
        from: 'a@example.com',
        to: 'privacy@lianlianpay.com',
        subject: 'big',
        text: 'x'.repeat(100_000),
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(received).toHaveLength(1);
  });
});

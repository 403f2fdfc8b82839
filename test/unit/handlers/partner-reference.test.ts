// Partners can find the person (issue 13 item 6; newcomer review D16, legal review L6): each partner gets the
// reference it knows — the issuing bank its cards, reserved phone and quick-pay agreements; a clearing network the
// transactions it carried; the entrusted processor our customer id — in full, but only inside an AES-256 ZIP whose
// password the partner holds, or in a signed webhook the partner verifies; the same notice is posted once.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BlobReader, TextWriter, ZipReader } from '@zip.js/zip.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CustomerRecords, partnerReference } from '../../../domain/identity/partner-reference.ts';
import type { NoticePlan } from '../../../domain/rules/recipients.ts';
import { deliverNotice } from '../../../functions/send-recipient-notice/deliver.ts';
import {
  capturePartnerRecords,
  PARTNER_RECORDS_KEY,
  partnerRecords,
} from '../../../functions/send-recipient-notice/partner-records.ts';
import { encryptedReferenceZip } from '../../../functions/send-recipient-notice/secure-reference.ts';
import { verifySignedBody } from '../../../functions/shared/webhook/signed-post.ts';
import { type Db, startDb } from '../store/fixture.ts';
import { harness } from './harness.ts';

const ID = '11010519491231002X';
const RECORDS: CustomerRecords = {
  identity: [{ recordType: 'PROFILE', name: '测试用户', idNumber: ID, address: '不应外传的住址' }],
  contact: [{ recordType: 'CONTACT', phone: '13800001234', email: 'x@example.com' }],
  bank_cards: [
    {
      recordType: 'CARD',
      cardId: 'K1',
      bankId: 'icbc',
      maskedNumber: '6222 **** **** 0047',
      reservedPhone: '13800001234',
    },
    {
      recordType: 'CARD',
      cardId: 'K2',
      bankId: 'cmb',
      maskedNumber: '6225 **** **** 0999',
      reservedPhone: '13800001234',
    },
    { recordType: 'QP', bindingId: 'QP-778', cardId: 'K1', merchant: '示例商城', boundAt: '2025-03-01T10:00:00Z' },
  ],
  transactions: [
    {
      recordType: 'TXN',
      txnId: 'T-1',
      orderNo: 'O-1',
      at: '2026-01-02T00:00:00Z',
      amount: '12.00',
      clearing: 'unionpay',
      cardId: 'K1',
    },
    {
      recordType: 'TXN',
      txnId: 'T-2',
      orderNo: 'O-2',
      at: '2026-02-02T00:00:00Z',
      amount: '30.00',
      clearing: 'nucc',
      cardId: 'K2',
    },
  ],
};
const text = (lines: ReturnType<typeof partnerReference>) => lines.map((l) => `${l.label.zh}：${l.value}`).join('\n');

describe("each partner's own reference to the person", () => {
  it('the issuing bank: its own cards, the reserved phone and the quick-pay agreement with it', () => {
    const t = text(partnerReference('issuing_bank', 'issuing_bank:ICBC', 'C-1', RECORDS));
    expect(t).toContain(`身份证号：${ID}`);
    expect(t).toContain('6222 **** **** 0047');
    expect(t).toContain('预留手机号：13800001234');
    expect(t).toContain('快捷支付签约协议号：QP-778 · 示例商城 · 2025-03-01');
    expect(t).not.toContain('0999'); // another bank's card
    expect(t).not.toContain('住址');
  });

  it('a clearing network: the transactions it carried; the entrusted processor: our customer id', () => {
    const up = text(partnerReference('clearing', 'unionpay', 'C-1', RECORDS));
    expect(up).toContain('交易流水号 / 订单号：T-1 · O-1 · 2026-01-02 · 12.00');
    expect(up).not.toContain('T-2');
    expect(text(partnerReference('entrusted_processor', 'lianlian_hangzhou', 'C-1', RECORDS))).toContain(
      '我司客户编号：C-1',
    );
  });
});

describe('the secure channels', () => {
  let db: Db;
  let server: Server;
  let url: string;
  const posted: { headers: Record<string, string>; body: string }[] = [];
  beforeAll(async () => {
    db = await startDb();
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        posted.push({ headers: req.headers as Record<string, string>, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"messageId":"bank-ack-1"}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notices`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await db?.stop();
  });

  it('an AES-256 ZIP that opens only with the agreed password and shows no identifier in its bytes', async () => {
    const lines = partnerReference('issuing_bank', 'issuing_bank:ICBC', 'C-1', RECORDS);
    const password = 'whsec_c29tZS1wYXJ0bmVyLXNlY3JldC0wMTIzNDU2Nzg5';
    const zip = await encryptedReferenceZip(
      { requestId: 'RF-20261125-7K3QZ8', partnerId: 'issuing_bank:ICBC', sentOn: '2026-11-25', lines },
      password,
    );
    expect(Buffer.from(zip).toString('latin1')).not.toContain(ID);
    const reader = new ZipReader(new BlobReader(new Blob([zip])), { password });
    const entries = await reader.getEntries();
    expect(entries.map((e) => e.filename).sort()).toEqual(['reference.json', 'reference.txt']);
    expect(entries.every((e) => e.encrypted)).toBe(true);
    const txt = entries.find((e) => e.filename === 'reference.txt');
    if (!txt || txt.directory) throw new Error('no reference.txt');
    expect(await txt.getData(new TextWriter())).toContain(`身份证号：${ID}`);
    await reader.close();
    const wrong = new ZipReader(new BlobReader(new Blob([zip])), { password: `${password}x` });
    const [first] = await wrong.getEntries();
    if (!first || first.directory) throw new Error('no entry');
    await expect(first.getData(new TextWriter())).rejects.toThrow();
  });

  it('a signed webhook the partner verifies with its secret, posted once however often the step runs', async () => {
    const h = await harness(db);
    const plan = {
      partnerId: 'issuing_bank:ICBC',
      registryId: 'issuing_bank',
      names: { zh: '中国工商银行', en: 'ICBC' },
      role: 'issuing_bank',
      categories: ['bank_cards'],
      channel: { type: 'signed_webhook', url, placeholder: false },
      legalBasisArticle: 23,
      sentOn: '2026-11-25',
      ackDueBy: '2026-12-09',
      remindOn: [],
      escalationContact: undefined,
      restricted: [],
      cancellations: [],
      registryVersion: 't',
    } satisfies NoticePlan;
    const reference = partnerReference('issuing_bank', 'issuing_bank:ICBC', 'C-1', RECORDS);
    const d = {
      requestId: 'RF-20261125-7K3QZ8',
      plan,
      letter: { subject: '删除通知', text: '……', html: '<p>……</p>' },
      reference,
      ackUrl: 'http://127.0.0.1/partner-ack/x',
    };
    expect(await deliverNotice(h.deps, d)).toEqual({ messageId: 'bank-ack-1' });
    expect(await deliverNotice(h.deps, d)).toEqual({ messageId: 'bank-ack-1' });
    expect(posted).toHaveLength(1);
    const secret = (await h.deps.partnerSecrets!.secretFor('issuing_bank:ICBC'))!;
    const body = verifySignedBody(secret, posted[0]!.body, posted[0]!.headers) as { subjectReference: unknown[] };
    expect(JSON.stringify(body.subjectReference)).toContain(ID);
    expect(posted[0]!.headers['webhook-id']).toBe('notice:RF-20261125-7K3QZ8:issuing_bank:ICBC');
    // Without a secret agreed with the partner nothing leaves: staff are told (the step fails to RecordFailure).
    h.deps.partnerSecrets = { secretFor: async () => undefined };
    await expect(deliverNotice(h.deps, { ...d, requestId: 'RF-20261125-7K3QZ9' })).rejects.toMatchObject({
      name: 'Notice.NoPartnerSecret',
    });
  });

  it('the records are captured sealed before the erasure and read back after it', async () => {
    const h = await harness(db);
    const exportBase = h.company.export.bind(h.company);
    Object.assign(h.company, { export: async () => RECORDS });
    const r = await h.create();
    await capturePartnerRecords(h.deps, r.id, 'C-1');
    const stored = JSON.stringify(await h.store.getStepResult(r.id, PARTNER_RECORDS_KEY));
    expect(stored).not.toContain(ID);
    Object.assign(h.company, { export: exportBase }); // the erasure happened
    const back = await partnerRecords(h.deps, r.id, 'C-1');
    expect(JSON.stringify(back)).toContain(ID);
    expect(JSON.stringify(back)).not.toContain('不应外传的住址');
  });
});

// The export package (domain/exports): JSON valid against its own schema, a readable Chinese summary with values
// escaped, CSV for tabular categories; portability leaves out what the person neither provided nor gave under the
// contract (device logs, derived tags) and says why.
import { describe, expect, it } from 'vitest';
import { buildExportPackage, ExportDocument, toCsv } from '../../../domain/exports/index.ts';
import { loadPolicy } from '../../../domain/policy/index.ts';

const policy = loadPolicy();
const data = {
  identity: [{ recordType: 'PROFILE', name: '测试<用户>', idNumber: '11010519491231002X', heldUntil: '2036-01-01' }],
  contact: [{ recordType: 'CONTACT', phone: '13800001234', email: 'a@example.com' }],
  transactions: [
    { recordType: 'TXN', txnId: 'T1', amount: '12.50', merchant: '示例商城, 有限公司' },
    { recordType: 'TXN', txnId: 'T2', amount: '8.00', merchant: '说"好"店' },
  ],
  device: [{ recordType: 'DEV', ip: '10.0.0.1' }],
  marketing: [{ recordType: 'MKT', subscribed: true, tags: ['高频支付'], surveys: [{ q: '满意度', a: '满意' }] }],
};
const input = { requestId: 'RF-20261125-7K3QZ8', generatedAt: '2026-11-25T02:00:00.000Z', data };

describe('export package', () => {
  it('copy carries every category held, as JSON that validates against the packaged schema', () => {
    const pkg = buildExportPackage({ ...input, right: 'copy' }, policy);
    expect(pkg.included).toEqual(['identity', 'contact', 'transactions', 'device', 'marketing']);
    expect(pkg.excluded).toEqual([]);
    expect(pkg.files.map((f) => f.name)).toEqual([
      'export.json',
      'export.schema.json',
      'summary.html',
      'transactions.csv',
    ]);
    const doc = JSON.parse(pkg.files[0]!.body);
    expect(ExportDocument.safeParse(doc).success).toBe(true);
    expect(doc.format).toBe('rightsflow.export/1');
    expect(doc.controller.name.zh).toBe('连连银通电子支付有限公司');
    // Internal markers of the company system are not the person's data.
    expect(JSON.stringify(doc)).not.toContain('heldUntil');
    expect(pkg.records).toBe(6);
    const schema = JSON.parse(pkg.files[1]!.body);
    expect(schema.properties.categories.type).toBe('array');
  });

  it('portability leaves out device logs and derived tags, naming the reason and NDSR art. 25', () => {
    const pkg = buildExportPackage({ ...input, right: 'portability' }, policy);
    expect(pkg.included).toEqual(['identity', 'contact', 'transactions', 'marketing']);
    expect(pkg.excluded.map((x) => x.category)).toEqual(['device']);
    expect(pkg.excluded[0]!.cite.zh).toContain('第二十五条');
    const doc = ExportDocument.parse(JSON.parse(pkg.files[0]!.body));
    const marketing = doc.categories.find((c) => c.category === 'marketing')!;
    expect(marketing.records[0]).toEqual({
      recordType: 'MKT',
      subscribed: true,
      surveys: [{ q: '满意度', a: '满意' }],
    });
    expect(marketing.omittedFields).toEqual(['tags']);
    const html = pkg.files.find((f) => f.name === 'summary.html')!.body;
    expect(html).toContain('未包含的信息');
    expect(html).toContain('未包含我们生成的字段：特征标签');
  });

  it('withheld categories are not in the package; the summary escapes what it shows', () => {
    const pkg = buildExportPackage({ ...input, right: 'access', withheld: ['transactions'] }, policy);
    expect(pkg.included).not.toContain('transactions');
    const html = pkg.files.find((f) => f.name === 'summary.html')!.body;
    expect(html).toContain('测试&#60;用户&#62;');
    expect(html).not.toContain('测试<用户>');
    expect(html).toContain('<th>身份证件号码</th>');
  });

  it('CSV quotes commas, quotes and line breaks, and starts with a BOM', () => {
    const csv = toCsv(data.transactions);
    expect(csv.startsWith('\uFEFFrecordType,txnId,amount,merchant\r\n')).toBe(true);
    expect(csv).toContain('"示例商城, 有限公司"');
    expect(csv).toContain('"说""好""店"');
    expect(toCsv([{ a: 'x\ny', b: ['p', 'q'] }])).toContain('"x\ny",p; q');
  });
});

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  clearPolicyCache,
  DEFAULT_POLICY_DIR,
  LETTER_KINDS,
  loadPolicy,
  PolicyError,
  parsePolicy,
  readPolicyFiles,
  withRecipientChannels,
} from '../../../domain/policy/index.ts';
import { DATA_CATEGORIES } from '../../../domain/request/model.ts';

const temps: string[] = [];
function copyPolicy(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'rf-policy-'));
  temps.push(dir);
  cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
  edit(dir);
  return dir;
}
function errorOf(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected a PolicyError');
}
afterEach(() => {
  clearPolicyCache();
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the shipped policy', () => {
  const policy = loadPolicy();

  it('loads, is cached, and carries the policy facts', () => {
    expect(loadPolicy()).toBe(policy);
    const ids = policy.recipients.recipients.map((r) => r.id);
    expect(ids).toEqual([
      'unionpay',
      'nucc',
      'issuing_bank',
      'lianlian_hangzhou',
      'verification_agency',
      'service_provider',
    ]);
    const nucc = policy.recipients.recipients.find((r) => r.id === 'nucc')!;
    expect(nucc.channel).toEqual({ type: 'email', address: 'contact@nucc.com', placeholder: false });
    expect(policy.recipients.recipients.find((r) => r.id === 'unionpay')!.publicContact).toBe('95516');
    expect(policy.recipients.recipients.find((r) => r.id === 'lianlian_hangzhou')).toMatchObject({
      names: { zh: '连连（杭州）信息技术有限公司' },
      role: 'entrusted_processor',
      legalBasis: { article: 21 },
    });
    expect(policy.contacts).toMatchObject({
      hotline: '400-018-8888',
      serviceEmail: 'service@lianlianpay.com',
      privacyEmail: 'privacy@lianlianpay.com',
    });
    expect(policy.contacts.complaints.zh).toContain('网信、电信、公安及工商等监管部门');
    expect(policy.settings.deadline).toEqual({
      replyWorkingDays: 15,
      clockStart: 'receipt',
      escalationWorkingDays: [10, 13],
    });
    expect(policy.settings.fees.chargeableRights).toEqual(['portability']);
  });

  it('never presents an invented partner address as fact: only placeholders under our own domain', () => {
    for (const r of policy.recipients.recipients)
      for (const ch of [r.channel, ...r.banks.map((b) => b.channel)]) {
        const where = ch.type === 'email' ? ch.address : ch.url;
        if (where === 'contact@nucc.com') continue;
        expect(ch.placeholder, where).toBe(true);
        expect(where).toMatch(/privacy-notices\.lianlianpay\.com/);
      }
  });

  it('has the eight §4(4) exceptions verbatim and the five §4(2) grounds', () => {
    const ex = policy.exceptions.exceptions;
    expect(ex.map((e) => e.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const seed = readFileSync('docs/privacy-policy.zh.txt', 'utf8');
    for (const e of ex) expect(seed).toContain(e.zh);
    for (const g of policy.deletionGrounds.grounds) expect(seed).toContain(g.zh);
    expect(ex.filter((e) => e.machineDetectable).map((e) => e.code)).toEqual(['legal_obligation']);
  });

  it('records both retention sources (policy 5 years, AML law 10 years)', () => {
    const years = policy.retention.rules.map((r) => [r.id, r.years, r.source.law]);
    expect(years).toContainEqual(['aml_identity', 10, '反洗钱法（2024年修订）']);
    expect(years).toContainEqual(['policy_transactions', 5, '连连支付隐私政策']);
    expect(Object.keys(policy.categories).sort()).toEqual([...DATA_CATEGORIES].sort());
  });

  it('has a zh and an en template for every letter kind', () => {
    for (const kind of LETTER_KINDS) {
      expect(policy.templates[`${kind}.zh`].subject).not.toBe('');
      expect(policy.templates[`${kind}.en`].body).not.toBe('');
    }
  });

  it('stage overrides replace placeholder channels', () => {
    const p = withRecipientChannels(policy, {
      unionpay: { type: 'email', address: 'privacy-desk@partner.example' },
      'issuing_bank:ICBC': { type: 'signed_webhook', url: 'https://bank.example/hook' },
    });
    const up = p.recipients.recipients.find((r) => r.id === 'unionpay')!;
    expect(up.channel).toEqual({ type: 'email', address: 'privacy-desk@partner.example', placeholder: false });
    const bank = p.recipients.recipients.find((r) => r.id === 'issuing_bank')!.banks.find((b) => b.code === 'ICBC')!;
    expect(bank.channel).toEqual({ type: 'signed_webhook', url: 'https://bank.example/hook', placeholder: false });
    expect(policy.recipients.recipients.find((r) => r.id === 'unionpay')!.channel.placeholder).toBe(true);
  });
});

describe('a policy file with a mistake', () => {
  it('names file, line and field for a wrong type (privacy officer can act on it)', () => {
    const dir = copyPolicy((d) => {
      const f = join(d, 'recipients.yaml');
      const lines = readFileSync(f, 'utf8').split('\n');
      // The third recipient's ackWindowWorkingDays.
      let seen = 0;
      const idx = lines.findIndex((l) => l.startsWith('    ackWindowWorkingDays:') && ++seen === 3);
      lines[idx] = '    ackWindowWorkingDays: ten';
      writeFileSync(f, lines.join('\n'));
    });
    const lineNo =
      readFileSync(join(dir, 'recipients.yaml'), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('ackWindowWorkingDays: ten')) + 1;
    const err = errorOf(() => loadPolicy(dir));
    expect(err.message).toContain(
      `recipients.yaml:${lineNo}: recipients[2].ackWindowWorkingDays: expected a number, got "ten"`,
    );
    expect(err.issues).toHaveLength(1);
  });

  it('names an unknown category code with the allowed ones', () => {
    const dir = copyPolicy((d) => {
      const f = join(d, 'retention.yaml');
      writeFileSync(f, readFileSync(f, 'utf8').replace('categories: [transactions]', 'categories: [transaction]'));
    });
    const err = errorOf(() => loadPolicy(dir));
    expect(err.issues[0]).toMatchObject({ field: 'rules[1].categories[0]' });
    expect(err.issues[0]!.file).toMatch(/retention\.yaml$/);
    expect(err.issues[0]!.message).toContain('got "transaction"');
    expect(err.issues[0]!.message).toContain('"transactions"');
  });

  it('points a missing field at its parent and reports all problems at once', () => {
    const files = readPolicyFiles(DEFAULT_POLICY_DIR);
    files['settings.yaml'] = files['settings.yaml']!.replace(/^ {2}replyWorkingDays: 15\n/m, '');
    files['contacts.yaml'] = files['contacts.yaml']!.replace(
      'privacyEmail: privacy@lianlianpay.com',
      'privacyEmail: privacy',
    );
    const err = errorOf(() => parsePolicy(files));
    const text = err.message;
    expect(text).toMatch(/policy\/settings\.yaml:\d+: deadline\.replyWorkingDays: required, but missing/);
    expect(text).toMatch(/policy\/contacts\.yaml:\d+: privacyEmail: .*got "privacy"/);
    const contactsLine = files['contacts.yaml']!.split('\n').findIndex((l) => l.startsWith('privacyEmail:')) + 1;
    expect(text).toContain(`contacts.yaml:${contactsLine}:`);
  });

  it('reports YAML syntax errors with the line', () => {
    const files = readPolicyFiles(DEFAULT_POLICY_DIR);
    files['exceptions.yaml'] = files['exceptions.yaml']!.replace('  - code: abuse', '  - code: abuse\n   bad: [indent');
    const err = errorOf(() => parsePolicy(files));
    expect(err.issues[0]!.file).toBe('policy/exceptions.yaml');
    expect(err.issues[0]!.message).toMatch(/^YAML syntax/);
    expect(err.issues[0]!.line).toBeGreaterThan(1);
  });

  it('rejects a template with broken liquid, naming file and line', () => {
    const files = readPolicyFiles(DEFAULT_POLICY_DIR);
    files['templates/refused.zh.liquid'] = files['templates/refused.zh.liquid']!.replace('{% endfor %}', '{% endfo %}');
    const err = errorOf(() => parsePolicy(files));
    expect(err.issues[0]!.file).toBe('policy/templates/refused.zh.liquid');
    expect(err.issues[0]!.line).toBeGreaterThan(3);
  });

  it('rejects a fee setting that skips the privacy officer, and a reminder after the ack window', () => {
    const files = readPolicyFiles(DEFAULT_POLICY_DIR);
    files['settings.yaml'] = files['settings.yaml']!.replace(
      'requiresPrivacyOfficer: true',
      'requiresPrivacyOfficer: false',
    );
    files['recipients.yaml'] = files['recipients.yaml']!.replace(
      'reminderWorkingDays: [3]',
      'reminderWorkingDays: [6]',
    );
    const err = errorOf(() => parsePolicy(files));
    expect(err.message).toContain('fees.requiresPrivacyOfficer');
    expect(err.message).toMatch(/recipients\[3\]\.reminderWorkingDays\[0\]: a reminder \(6\) must come before/);
  });
});

describe('processing rules (processing.yaml)', () => {
  const policy = loadPolicy();

  it('describe every category with purposes, basis, source, recipients and retention from the policy', () => {
    for (const c of DATA_CATEGORIES) {
      const p = policy.processing.categories[c];
      expect(p.purposes.length, c).toBeGreaterThan(0);
      expect(p.legalBases.length, c).toBeGreaterThan(0);
      for (const purpose of p.purposes) expect(purpose.cite.zh, c).toMatch(/^隐私政策第|《/);
    }
    // §2 table: the clearing networks and the issuing bank receive identity, cards and transactions.
    for (const c of ['identity', 'bank_cards', 'transactions'] as const)
      expect(policy.processing.categories[c].recipients).toEqual(
        expect.arrayContaining(['unionpay', 'nucc', 'issuing_bank', 'lianlian_hangzhou']),
      );
    // AML Law art. 34 governs identity and transactions; marketing rests on consent only (§1(1)5).
    expect(policy.processing.categories.identity.retention.rules).toContain('aml_identity');
    expect(policy.processing.categories.transactions.retention.rules).toContain('aml_transactions');
    expect(policy.processing.categories.marketing.legalBases).toEqual(['consent']);
    expect(policy.processing.legalBases.consent.cite.zh).toContain('第十五条');
    // Derived profile tags never travel in a portability package (NDSR art. 25 ¶1(2)).
    expect(policy.processing.categories.marketing).toMatchObject({
      portability: 'provided_only',
      derivedFields: ['tags'],
    });
  });

  it('names a recipient or retention rule that does not exist, with file and line', () => {
    const files = readPolicyFiles(DEFAULT_POLICY_DIR);
    files['processing.yaml'] = files['processing.yaml']!.replace(
      'recipients: [lianlian_hangzhou]',
      'recipients: [lianlian_shanghai]',
    ).replace('rules: [aml_transactions, policy_transactions]', 'rules: [aml_transaction, policy_transactions]');
    const err = errorOf(() => parsePolicy(files));
    const line = files['processing.yaml']!.split('\n').findIndex((l) => l.includes('lianlian_shanghai')) + 1;
    expect(err.message).toContain(
      `processing.yaml:${line}: categories.marketing.recipients[0]: "lianlian_shanghai" is not a recipient`,
    );
    expect(err.message).toContain('"aml_transaction" is not a rule of retention.yaml');
  });

  it('requires a reason wherever a category is not (all) transferred', () => {
    const files = readPolicyFiles(DEFAULT_POLICY_DIR);
    const text = files['processing.yaml']!;
    const start = text.indexOf('    portabilityReason:', text.indexOf('  device:'));
    const end = text.indexOf('\n\n', start);
    files['processing.yaml'] = text.slice(0, start) + text.slice(end);
    const err = errorOf(() => parsePolicy(files));
    expect(err.message).toMatch(/categories\.device\.portabilityReason: say why/);
  });
});

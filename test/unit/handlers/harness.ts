// StepDeps for handler tests: the real store on DynamoDB Local, the real policy and calendar, fakes for the rest
// (mailer, company, callbacks, scheduler, blobs) that record what they were asked to do.

import { calendarFor } from '../../../domain/calendar/files.ts';
import { type CorrectionChange, FIELD_CATEGORY } from '../../../domain/corrections/index.ts';
import { subjectHash } from '../../../domain/identity/index.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import type { DataCategory, RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps, StepLogger } from '../../../functions/shared/deps.ts';
import type {
  AppliedCorrection,
  CompanyDataSource,
  DisputeHold,
  LegalHold,
  OutgoingMail,
  OutgoingSms,
  PersonRestriction,
  ProcessingRestriction,
  QuickPayBinding,
} from '../../../functions/shared/ports.ts';
import { runStep, type Step } from '../../../functions/shared/step.ts';
import { createMemoryVault } from '../../support/memory-vault.ts';
import { type Db, MovableClock, makeStore, sampleRequest } from '../store/fixture.ts';

export const SALT = 'test-salt-not-secret';

export class FakeMailer {
  sent: OutgoingMail[] = [];
  async send(mail: OutgoingMail) {
    this.sent.push(mail);
    return { messageId: `<m${this.sent.length}@test>` };
  }
  byKind(kind: string) {
    return this.sent.filter((m) => m.kind === kind);
  }
}

/** Records SMS; not wired into deps by default (`h.deps.sms = h.sms` turns the SMS channel on). */
export class FakeSms {
  sent: OutgoingSms[] = [];
  async send(sms: OutgoingSms) {
    this.sent.push(sms);
    return { messageId: `sms-${this.sent.length}` };
  }
  byKind(kind: string) {
    return this.sent.filter((m) => m.kind === kind);
  }
}

export class FakeCompany implements CompanyDataSource {
  calls: { op: string; args: unknown[] }[] = [];
  customerId = 'C-0001';
  known = true;
  disputes = 0;
  categories: DataCategory[] = ['identity', 'contact', 'bank_cards', 'transactions', 'device', 'marketing'];
  recipients = ['unionpay', 'issuing_bank:ICBC'];
  anchors: { relationshipEndedAt?: string; lastTransactionAt?: string } = { lastTransactionAt: '2026-10-01' };
  email = 'onfile.person@example.com';
  holds: LegalHold[] = [];
  /** Open disputes with their evidence; `disputes` (the count) follows them when set. */
  disputeEvidence: DisputeHold[] = [];
  personRestrictions: PersonRestriction[] = [];
  bindings: QuickPayBinding[] = [
    {
      bindingId: 'C-0001-Q1',
      cardLast4: '1234',
      issuingBank: 'issuing_bank:ICBC',
      clearing: ['unionpay'],
      merchant: '示例商城',
      boundAt: '2024-01-01T00:00:00Z',
      status: 'active',
    },
  ];
  closedAt: string | undefined;
  private log(op: string, ...args: unknown[]) {
    this.calls.push({ op, args });
  }
  count(op: string) {
    return this.calls.filter((c) => c.op === op).length;
  }
  async findCustomer(lookup: object) {
    this.log('findCustomer', lookup);
    return this.known ? { customerId: this.customerId } : undefined;
  }
  async describe(customerId: string) {
    this.log('describe', customerId);
    return this.categories.map((category) => ({ category, records: 2 }));
  }
  async export(customerId: string) {
    this.log('export', customerId);
    return { contact: [{ phone: '13800001234', email: this.email }], identity: [{ name: '测试用户' }] };
  }
  async erase(customerId: string, categories: DataCategory[], mode: 'delete' | 'anonymise', options?: object) {
    this.log('erase', customerId, categories, mode, ...(options ? [options] : []));
    return Object.fromEntries(categories.map((c) => [c, 2]));
  }
  async restrict(customerId: string, categories: DataCategory[], until: string, options?: object) {
    this.log('restrict', customerId, categories, until, ...(options ? [options] : []));
  }
  async stopMarketing(customerId: string) {
    this.log('stopMarketing', customerId);
  }
  /** Scopes whose processing the person's data was in (withdrawConsent answers active for these). */
  consentActive: string[] = ['marketing_messages', 'profiling', 'call_recording'];
  async withdrawConsent(customerId: string, scope: string) {
    this.log('withdrawConsent', customerId, scope);
    return { active: this.consentActive.includes(scope) };
  }
  async correct(customerId: string, changes: CorrectionChange[]): Promise<AppliedCorrection[]> {
    this.log('correct', customerId, changes);
    return changes.map(({ field }) => ({ field, category: FIELD_CATEGORY[field], status: 'applied' as const }));
  }
  async openDisputes(customerId: string) {
    this.log('openDisputes', customerId);
    return Math.max(this.disputes, this.disputeEvidence.length);
  }
  async disputeHolds(customerId: string): Promise<DisputeHold[]> {
    this.log('disputeHolds', customerId);
    if (this.disputeEvidence.length > 0) return this.disputeEvidence;
    return Array.from({ length: this.disputes }, (_, i) => ({
      disputeId: `D${i + 1}`,
      openedAt: '2026-10-22T02:00:00Z',
      categories: ['support', 'transactions', 'bank_cards'],
    }));
  }
  async restrictions(customerId: string) {
    this.log('restrictions', customerId);
    return this.personRestrictions;
  }
  /** Processing restrictions as the fake company keeps them (restrictProcessing/liftRestriction change them). */
  processing: ProcessingRestriction[] = [];
  async restrictProcessing(customerId: string, scope: 'marketing' | 'sharing', recipients: string[], at: string) {
    this.log('restrictProcessing', customerId, scope, recipients, at);
    const id = scope === 'sharing' ? `sharing:${[...recipients].sort().join('+')}` : scope;
    let restriction = this.processing.find((p) => p.id === id && p.liftedAt === null);
    if (!restriction) {
      restriction = {
        id,
        scope,
        recipients: scope === 'sharing' ? [...recipients].sort() : [],
        since: at,
        liftedAt: null,
      };
      this.processing = [...this.processing.filter((p) => p.id !== id), restriction];
    }
    return { restriction, active: true };
  }
  async liftRestriction(customerId: string, restrictionId: string, at: string) {
    this.log('liftRestriction', customerId, restrictionId, at);
    const found = this.processing.find((p) => p.id === restrictionId);
    if (found && found.liftedAt === null) found.liftedAt = at;
    return found;
  }
  async processingRestrictions(customerId: string) {
    this.log('processingRestrictions', customerId);
    return this.processing;
  }
  async quickPayBindings(customerId: string) {
    this.log('quickPayBindings', customerId);
    return this.bindings;
  }
  async endQuickPay(customerId: string, bindingIds: string[], at: string) {
    this.log('endQuickPay', customerId, bindingIds, at);
    this.bindings = this.bindings.map((b) =>
      bindingIds.includes(b.bindingId) && b.status === 'active' ? { ...b, status: 'cancelled', endedAt: at } : b,
    );
    return this.bindings;
  }
  async closeAccount(customerId: string, at: string) {
    this.log('closeAccount', customerId, at);
    const active = this.bindings.filter((b) => b.status === 'active').map((b) => b.bindingId);
    await this.endQuickPay(customerId, active, at);
    this.closedAt ??= at;
    this.anchors = { ...this.anchors, relationshipEndedAt: this.closedAt };
    return { closedAt: this.closedAt, bindingsEnded: this.bindings.filter((b) => active.includes(b.bindingId)) };
  }
  async recipientsOf(customerId: string) {
    this.log('recipientsOf', customerId);
    return this.recipients;
  }
  async retentionAnchors(customerId: string) {
    this.log('retentionAnchors', customerId);
    return this.anchors;
  }
  async legalHolds(customerId: string) {
    this.log('legalHolds', customerId);
    return this.holds;
  }
}

export class FakeCallbacks {
  succeeded: { token: string; output: unknown }[] = [];
  failed: { token: string; error: string; cause: string }[] = [];
  async succeed(token: string, output: unknown) {
    this.succeeded.push({ token, output });
  }
  async fail(token: string, error: string, cause: string) {
    this.failed.push({ token, error, cause });
  }
}

/** Every log line as JSON text, exactly as the steps passed it (no redaction in between). */
export class CapturingLogger implements StepLogger {
  lines: string[] = [];
  private add(level: string, msg: string, attrs: unknown[]) {
    this.lines.push(
      JSON.stringify({ level, msg, attrs }, (_k, v) =>
        v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v,
      ),
    );
  }
  debug = (m: string, ...a: unknown[]) => this.add('debug', m, a);
  info = (m: string, ...a: unknown[]) => this.add('info', m, a);
  warn = (m: string, ...a: unknown[]) => this.add('warn', m, a);
  error = (m: string, ...a: unknown[]) => this.add('error', m, a);
}

/** Personal data of the sample request and the fake company: none of it may reach logs or audit events. */
export const PERSONAL = [
  '测试用户',
  '11010519491231002X',
  '13800001234',
  'fake.person@example.com',
  'onfile.person@example.com',
];

export async function harness(db: Db) {
  const clock = new MovableClock(new Date('2026-11-25T02:00:00Z'));
  const { store, tableName } = await makeStore(db, clock);
  const mailer = new FakeMailer();
  const sms = new FakeSms();
  const company = new FakeCompany();
  const callbacks = new FakeCallbacks();
  const logger = new CapturingLogger();
  const scheduled: { name: string; at: Date; payload: Record<string, unknown> }[] = [];
  const blobs = new Map<string, Uint8Array>();
  const metrics: string[] = [];
  const evidence = createMemoryVault();
  const deps: StepDeps = {
    store,
    mailer,
    blobs: {
      put: async (k, b) => void blobs.set(k, b),
      get: async (k) => blobs.get(k) ?? new Uint8Array(),
      exists: async (k) => blobs.has(k),
      delete: async (k) => void blobs.delete(k),
    },
    cipher: {
      seal: async (s) => `sealed:${Buffer.from(s).toString('base64')}`,
      open: async (s) => (s.startsWith('sealed:') ? Buffer.from(s.slice(7), 'base64').toString() : s),
    },
    clock,
    scheduler: { scheduleAt: async (name, at, payload) => void scheduled.push({ name, at, payload }) },
    // One fixed secret per partner, as if agreed with each (attachment password / webhook key).
    partnerSecrets: {
      secretFor: async (id) => `whsec_${Buffer.from(`partner:${id}`.padEnd(32, '.')).toString('base64')}`,
    },
    callbacks,
    starter: { start: async () => {} },
    company,
    evidence,
    policy: loadPolicy(),
    calendar: calendarFor(),
    logger,
    metrics: { count: (name) => void metrics.push(name) },
    config: {
      senderAddress: 'privacy@lianlianpay.com',
      privacyOfficerEmail: 'dpo@lianlianpay.com',
      partnerAckBaseUrl: 'http://127.0.0.1:8787/partner-ack',
      subjectHashSalt: SALT,
    },
  };
  const run = <O>(step: Step<never, O> | Step, event: unknown) => runStep(step as Step, event, deps) as Promise<O>;
  async function create(over: Partial<RightsRequest> = {}) {
    const r = sampleRequest({ receivedAt: clock.now().toISOString(), ...over });
    await store.createRequest(r, {
      subjectHash: subjectHash(r.subject, SALT),
      event: { type: 'request_received', actor: 'system' },
    });
    return r;
  }
  return {
    deps,
    store,
    tableName,
    clock,
    mailer,
    sms,
    company,
    callbacks,
    logger,
    scheduled,
    blobs,
    metrics,
    evidence,
    run,
    create,
  };
}

// Least privilege, structurally: scopes, conditions and who may do what. That each role holds exactly what its
// handler's calls need is proven by use in grant-by-use.test.ts (this file reads the same table as the stack).
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ACCESS, FUNCTION_NAMES, type FunctionName } from '../../infra/aws/functions.ts';
import { type Grant, roleGrants, type Synthesized, synth } from './synth.ts';

let s: Synthesized;
beforeAll(() => {
  s = synth();
});
const lid = (c: { node: { defaultChild?: unknown } }) =>
  s.stack.getLogicalId(c.node.defaultChild as Parameters<typeof s.stack.getLogicalId>[0]);
const grantsOf = (fn: FunctionName): Grant[] => roleGrants(s.template, lid(s.stack.lambdas.fns[fn].role!));
const actionsOf = (fn: FunctionName) => new Set(grantsOf(fn).map((g) => g.action));
const resourcesOf = (fn: FunctionName, action: string) =>
  grantsOf(fn)
    .filter((g) => g.action === action)
    .map((g) => g.resource);

describe('function roles', () => {
  it('no function may scan or delete anything, or hold a wildcard action (grant-by-use checks the rest exactly)', () => {
    for (const fn of FUNCTION_NAMES) {
      for (const g of grantsOf(fn)) {
        expect(g.action, fn).not.toMatch(/^dynamodb:(Scan|DeleteItem|BatchWriteItem|DeleteTable)$/);
        expect(g.action, fn).not.toMatch(/\*/);
      }
    }
  });

  it('the evidence bucket: read and write-once put only where declared; nothing may delete or unlock an object', () => {
    const bucket = lid(s.stack.storage.evidence);
    for (const fn of FUNCTION_NAMES) {
      const onEvidence = grantsOf(fn).filter((g) => g.resource.includes(bucket));
      const declared = FUNCTION_ACCESS[fn].evidence;
      expect(onEvidence.map((g) => g.action).sort(), fn).toEqual(
        declared === 'append'
          ? ['s3:GetObject', 's3:ListBucket', 's3:PutObject']
          : declared === 'read'
            ? ['s3:GetObject', 's3:ListBucket']
            : [],
      );
    }
    // The functions that close requests (moveStatus → closed) anchor the chain; the restore guard re-anchors.
    for (const fn of [
      'record-outcome',
      'await-acknowledgements',
      'chase-acknowledgements',
      'api',
      'sweep',
      'restore-guard',
    ] as const)
      expect(FUNCTION_ACCESS[fn].evidence, fn).toBe('append');
  });

  it('the subject-hash salt: kms:GenerateMac only, only on the HMAC key', () => {
    const hmacKey = lid(s.stack.keys.subjectHash);
    for (const fn of FUNCTION_NAMES) {
      const macs = grantsOf(fn).filter((g) => g.action === 'kms:GenerateMac');
      expect(
        macs.map((g) => g.resource),
        fn,
      ).toEqual([JSON.stringify({ 'Fn::GetAtt': [hmacKey, 'Arn'] })]);
      for (const g of grantsOf(fn).filter((x) => x.resource.includes(hmacKey)))
        expect(g.action).toBe('kms:GenerateMac');
    }
  });

  it('table access is on this table; index queries only on the declared GSIs', () => {
    const table = lid(s.stack.data.table);
    for (const fn of FUNCTION_NAMES) {
      const queries = resourcesOf(fn, 'dynamodb:Query');
      const indexes = queries.filter((r) => r.includes('/index/')).map((r) => /\/index\/(\w+)/.exec(r)?.[1]);
      expect(indexes.sort(), fn).toEqual([...(FUNCTION_ACCESS[fn].indexes ?? [])].sort());
      for (const r of [...queries, ...resourcesOf(fn, 'dynamodb:GetItem')]) expect(r, fn).toContain(table);
    }
    // The sweep queries open requests and timers (GSI1) and nothing by subject.
    expect(resourcesOf('sweep', 'dynamodb:Query').some((r) => r.includes('/index/gsi1'))).toBe(true);
    expect(resourcesOf('sweep', 'dynamodb:Query').some((r) => r.includes('gsi2'))).toBe(false);
  });

  it('intake reads raw mail under inbound/, writes under attachments/ and raw/, nothing of exports', () => {
    const raw = lid(s.stack.storage.rawMail);
    const exportsBucket = lid(s.stack.storage.exports);
    const gets = resourcesOf('mail-intake', 's3:GetObject');
    expect(gets).toHaveLength(1);
    expect(gets[0]).toContain(raw);
    expect(gets[0]).toContain('/inbound/*');
    const puts = resourcesOf('mail-intake', 's3:PutObject');
    expect(puts).toHaveLength(2);
    for (const p of puts) expect(p).toContain(raw);
    expect(puts.some((p) => p.includes('/attachments/*'))).toBe(true);
    expect(puts.some((p) => p.includes('/raw/*'))).toBe(true);
    for (const g of grantsOf('mail-intake')) expect(g.resource).not.toContain(exportsBucket);
    // SSE-KMS on write: a data key of the storage key, only through S3.
    const storageKey = lid(s.stack.keys.storage);
    const onStorage = grantsOf('mail-intake').filter((g) => g.resource.includes(storageKey));
    expect(onStorage.map((g) => g.action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const g of onStorage) expect(JSON.stringify(g.condition)).toContain('s3.');
  });

  it('only the sweep deletes request mail, and only raw mail and attachments past retention (PIPL art. 19)', () => {
    const raw = lid(s.stack.storage.rawMail);
    const deleters = FUNCTION_NAMES.filter((fn) => resourcesOf(fn, 's3:DeleteObject').length > 0);
    expect(deleters).toEqual(['sweep']);
    const deletes = resourcesOf('sweep', 's3:DeleteObject');
    // SES's inbound/, the intake's raw/ copies (mail from the China drop bucket), the sealed attachments.
    expect(deletes).toHaveLength(3);
    for (const d of deletes) expect(d).toContain(raw);
    expect(deletes.some((d) => d.includes('/inbound/*'))).toBe(true);
    expect(deletes.some((d) => d.includes('/raw/*'))).toBe(true);
    expect(deletes.some((d) => d.includes('/attachments/*'))).toBe(true);
  });

  it('KMS: the table key only via DynamoDB; the field key only to functions that handle personal fields', () => {
    const tableKey = lid(s.stack.keys.table);
    const fieldKey = lid(s.stack.keys.fields);
    for (const fn of FUNCTION_NAMES) {
      const a = FUNCTION_ACCESS[fn];
      const kms = grantsOf(fn).filter((g) => g.action.startsWith('kms:'));
      for (const g of kms.filter((k) => k.resource.includes(tableKey))) {
        expect(JSON.stringify(g.condition), fn).toContain('kms:ViaService');
        expect(JSON.stringify(g.condition), fn).toContain('dynamodb.');
      }
      const onField = kms.filter((k) => k.resource.includes(fieldKey)).map((k) => k.action);
      expect(onField.includes('kms:Decrypt'), fn).toBe(a.fields?.includes('open') ?? false);
      expect(onField.includes('kms:GenerateDataKey'), fn).toBe(a.fields?.includes('seal') ?? false);
      expect(
        onField.filter((x) => !['kms:Decrypt', 'kms:GenerateDataKey'].includes(x)),
        fn,
      ).toEqual([]);
    }
  });

  it('states: only intake, the API and the sweep start executions (of this state machine); callbacks only where declared', () => {
    const sm = lid(s.stack.workflow.stateMachine);
    for (const fn of FUNCTION_NAMES) {
      const starts = resourcesOf(fn, 'states:StartExecution');
      expect(starts.length > 0, fn).toBe(FUNCTION_ACCESS[fn].startExecution ?? false);
      for (const r of starts) expect(r).toBe(JSON.stringify({ Ref: sm }));
    }
    expect(FUNCTION_NAMES.filter((fn) => resourcesOf(fn, 'states:StartExecution').length > 0).sort()).toEqual(
      ['api', 'mail-intake', 'sweep'].sort(),
    );
    const callers = FUNCTION_NAMES.filter((fn) => actionsOf(fn).has('states:SendTaskSuccess'));
    expect(callers.sort()).toEqual(
      [
        'api',
        'await-acknowledgements',
        'await-follow-ups',
        'fire-timer',
        'request-fee-acceptance',
        'request-review',
        'request-verification',
        'mail-intake',
        'sweep',
      ].sort(),
    );
  });

  it('mail is sent only from the configured sender address', () => {
    for (const fn of FUNCTION_NAMES.filter((f) => FUNCTION_ACCESS[f].sendMail)) {
      for (const g of grantsOf(fn).filter((x) => x.action.startsWith('ses:'))) {
        expect(g.condition).toEqual({ StringEquals: { 'ses:FromAddress': 'privacy@rights.lianlianpay.com' } });
        expect(g.resource).toMatch(/:identity\/rights\.lianlianpay\.com|:configuration-set\/rightsflow-prod/);
      }
    }
  });

  it('schedules only in their group, PassRole only of the scheduler role to Scheduler', () => {
    const scheduling = FUNCTION_NAMES.filter((fn) => actionsOf(fn).has('scheduler:CreateSchedule'));
    expect(scheduling.sort()).toEqual(FUNCTION_NAMES.filter((fn) => FUNCTION_ACCESS[fn].schedule?.length).sort());
    for (const fn of scheduling) {
      const passes = grantsOf(fn).filter((g) => g.action === 'iam:PassRole');
      expect(passes, fn).toHaveLength(1);
      expect(passes[0]?.resource).toContain(lid(s.stack.lambdas.schedulerRole));
      expect(passes[0]?.condition).toEqual({ StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } });
      const groups = (FUNCTION_ACCESS[fn].schedule ?? []).map((k) =>
        k === 'timer' ? 'rightsflow-prod-timers' : 'rightsflow-prod-deferred-deletions',
      );
      const resources = resourcesOf(fn, 'scheduler:CreateSchedule');
      expect(resources, fn).toHaveLength(groups.length);
      for (const g of groups)
        expect(
          resources.some((r) => r.includes(`schedule/${g}/*`)),
          fn,
        ).toBe(true);
    }
    // The scheduler invokes the live aliases of deferred-deletion and fire-timer, nothing else; failures go to DLQs.
    const scheduler = roleGrants(s.template, lid(s.stack.lambdas.schedulerRole));
    expect(
      scheduler
        .filter((g) => g.action === 'lambda:InvokeFunction')
        .map((g) => g.resource)
        .sort(),
    ).toEqual(
      (['deferred-deletion', 'fire-timer'] as const)
        .map((fn) => JSON.stringify({ Ref: lid(s.stack.lambdas.aliases[fn]) }))
        .sort(),
    );
    expect(
      scheduler
        .filter((g) => g.action === 'sqs:SendMessage')
        .map((g) => g.resource)
        .sort(),
    ).toEqual(
      (['deferred-deletion', 'fire-timer'] as const)
        .map((fn) => JSON.stringify({ 'Fn::GetAtt': [lid(s.stack.lambdas.dlqs[fn]!), 'Arn'] }))
        .sort(),
    );
  });
});

describe('state machine role', () => {
  it('may only invoke the workflow step functions (plus logs delivery and X-Ray)', () => {
    const grants = roleGrants(s.template, lid(s.stack.workflow.stateMachine.role));
    const invoked = grants.filter((g) => g.action === 'lambda:InvokeFunction').map((g) => g.resource);
    for (const fn of ['api', 'mail-intake', 'sweep'] as const) {
      expect(
        invoked.some((r) => r.includes(lid(s.stack.lambdas.fns[fn]))),
        fn,
      ).toBe(false);
    }
    // Published versions only: an execution keeps the code it started with (m14).
    const version = s.stack.getLogicalId(
      s.stack.lambdas.versions['load-request'].node.defaultChild as Parameters<typeof s.stack.getLogicalId>[0],
    );
    expect(invoked.some((r) => r.includes(version))).toBe(true);
    const services = new Set(grants.map((g) => g.action.split(':')[0]));
    expect([...services].sort()).toEqual(['lambda', 'logs', 'xray']);
  });
});

// Every grant proven by use (issue 11, B4, M1): each function's handler runs against recording fakes of its ports
// (the real store on DynamoDB Local with a recording client), every port call is mapped to the IAM actions it needs
// in AWS, and the synthesized role must hold exactly those: nothing used may be missing (a 403 in production), and
// nothing granted may go unused (least privilege). The table of access (infra/aws/functions.ts) is only the claim;
// this test runs the code. Baseline grants every function gets whatever it does (logs, X-Ray, the DLQ, the holiday
// parameter, the subject-hash key, the table key via DynamoDB, the storage key via S3) are checked structurally in
// permissions.test.ts and are left out here.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadline } from '../../domain/calendar/index.ts';
import { subjectHash } from '../../domain/identity/index.ts';
import { withRecipientChannels } from '../../domain/policy/overrides.ts';
import type { RightsRequest } from '../../domain/request/model.ts';
import { createApiApp } from '../../functions/api/app.ts';
import { bearerAuthenticator } from '../../functions/api/auth.ts';
import { recordPartnerAck } from '../../functions/await-acknowledgements/operations.ts';
import { step as awaitAcks } from '../../functions/await-acknowledgements/step.ts';
import { step as awaitFollowUps } from '../../functions/await-follow-ups/step.ts';
import { step as chase } from '../../functions/chase-acknowledgements/step.ts';
import { step as checkExceptions } from '../../functions/check-exceptions/step.ts';
import { step as deferredDeletion } from '../../functions/deferred-deletion/step.ts';
import { step as fireTimer } from '../../functions/fire-timer/step.ts';
import { step as fulfilRight } from '../../functions/fulfil-right/step.ts';
import { createIntakeService } from '../../functions/intake/service.ts';
import { step as isolate } from '../../functions/isolate-backups/step.ts';
import { step as loadRequest } from '../../functions/load-request/step.ts';
import { step as mailEvents } from '../../functions/mail-events/step.ts';
import { handleS3Event } from '../../functions/mail-intake/handler.ts';
import { step as planNotices } from '../../functions/plan-notices/step.ts';
import { step as recordFailure } from '../../functions/record-failure/step.ts';
import { step as recordOutcome } from '../../functions/record-outcome/step.ts';
import { step as feeAcceptance } from '../../functions/request-fee-acceptance/step.ts';
import { decideReview } from '../../functions/request-review/operations.ts';
import { step as requestReview } from '../../functions/request-review/step.ts';
import { verifyCode } from '../../functions/request-verification/operations.ts';
import { receiveSmsReply } from '../../functions/request-verification/sms-reply.ts';
import { step as requestVerification } from '../../functions/request-verification/step.ts';
import { step as restoreGuard } from '../../functions/restore-guard/step.ts';
import { step as scheduleDeferred } from '../../functions/schedule-deferred-deletions/step.ts';
import { signAckToken } from '../../functions/send-recipient-notice/ack-token.ts';
import { step as sendNotice } from '../../functions/send-recipient-notice/step.ts';
import { step as sendReply } from '../../functions/send-reply/step.ts';
import { blobKindOf, MAIL_BLOB_PREFIX } from '../../functions/shared/blob-kinds.ts';
import type { StepDeps } from '../../functions/shared/deps.ts';
import type { CompanyDataSource, EvidenceVault } from '../../functions/shared/ports.ts';
import { fulfilKey, runStep, type Step } from '../../functions/shared/step.ts';
import { createDynamoStore } from '../../functions/shared/store/dynamo-store.ts';
import { runSweep } from '../../functions/sweep/sweep.ts';
import { FUNCTION_NAMES, type FunctionName } from '../../infra/aws/functions.ts';
import { harness, SALT } from '../unit/handlers/harness.ts';
import { composeMail } from '../unit/intake/compose.ts';
import { type Db, freshTable, sampleRequest, startDb, testCipher } from '../unit/store/fixture.ts';
import { roleGrants, type Synthesized, synth } from './synth.ts';

// ---- what each port call needs in AWS ---------------------------------------------------------------------------
// DynamoDB: the command (TransactWrite: each item's own action), Query on an index as `dynamodb:Query@<index>`.
// Field cipher (KMS envelope): seal = kms:GenerateDataKey, open = kms:Decrypt on the field key. BlobStore (S3):
// put = PutObject, get = GetObject, exists = HeadObject = GetObject + ListBucket (B4). Mailer: ses:SendEmail.
// Callbacks and starter: states:*. Scheduler: CreateSchedule in the kind's group. Company: its token secret.
// SmsSender (End User Messaging): sms-voice:SendTextMessage. PartnerSecrets: GetSecretValue under the partners' prefix.
// EvidenceVault (the Object Lock bucket): put = PutObject; reading the last anchor or the isolation list = ListBucket,
// then GetObject for each object found (functions/shared/aws/s3-evidence-vault.ts).

const DYNAMO_ACTION: Record<string, string> = {
  GetCommand: 'GetItem',
  GetItemCommand: 'GetItem',
  PutCommand: 'PutItem',
  PutItemCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  UpdateItemCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  DeleteItemCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  TransactGetCommand: 'GetItem',
};
const TRANSACT_ITEM_ACTION: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
};

const used = new Map<FunctionName, Set<string>>();
let current: FunctionName | undefined;
/** SendTaskSuccess and SendTaskFailure are one grant (no resource-level permissions: the token is the capability). */
const TASK_RESPONSE = 'states:SendTaskSuccess|SendTaskFailure';
const inWords = (a: string) => (a === 'states:SendTaskSuccess' || a === 'states:SendTaskFailure' ? TASK_RESPONSE : a);

function use(...given: string[]) {
  // Setup (creating a request, arranging a scenario) runs outside any function and needs no grant.
  if (!current) return;
  const actions = given.map(inWords);
  const set = used.get(current) ?? new Set<string>();
  for (const a of actions) set.add(a);
  used.set(current, set);
}
/** Runs f as function `fn`: every port call inside is that function's. Sequential only (one label at a time). */
async function as<T>(fn: FunctionName, f: () => Promise<T>): Promise<T> {
  const before = current;
  current = fn;
  try {
    return await f();
  } finally {
    current = before;
  }
}

function recordDynamo(doc: DynamoDBDocumentClient) {
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      if (!current) return next(args);
      const name = context.commandName ?? '';
      const input = args.input as { IndexName?: string; TransactItems?: Record<string, unknown>[] };
      if (name.startsWith('TransactWrite')) {
        for (const item of input.TransactItems ?? [])
          for (const k of Object.keys(item)) use(`dynamodb:${TRANSACT_ITEM_ACTION[k] ?? k}`);
      } else {
        const action = DYNAMO_ACTION[name];
        if (!action) throw new Error(`unmapped DynamoDB command ${name}: add it to DYNAMO_ACTION`);
        use(`dynamodb:${action}${action === 'Query' && input.IndexName ? `@${input.IndexName}` : ''}`);
      }
      return next(args);
    },
    { step: 'initialize', name: 'grantByUse' },
  );
}

function recordingCompany(inner: CompanyDataSource): CompanyDataSource {
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (...args: unknown[]) => {
        use('secretsmanager:GetSecretValue@company');
        return (v as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

let db: Db;
let s: Synthesized;
beforeAll(async () => {
  db = await startDb();
  // A stage with an SMS channel (End User Messaging), so the SMS grants are built and checked too.
  s = synth({
    'rightsflow:sms': 'end_user_messaging',
    'rightsflow:smsOriginationIdentity': 'arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef',
  });
}, 120_000);
afterAll(async () => {
  await db?.stop();
});

/** Harness deps whose every port records: the store on a fresh table through the recording client. */
async function recorded() {
  const h = await harness(db);
  const doc = DynamoDBDocumentClient.from(db.client, { marshallOptions: { removeUndefinedValues: true } });
  recordDynamo(doc);
  const inner = testCipher();
  const cipher = {
    seal: (p: string) => {
      use('kms:GenerateDataKey@fields');
      return inner.seal(p);
    },
    open: (p: string) => {
      use('kms:Decrypt@fields');
      return inner.open(p);
    },
  };
  const store = createDynamoStore({ client: doc, tableName: await freshTable(db), cipher, clock: h.clock });
  const d = h.deps;
  d.store = store;
  d.cipher = cipher;
  const mailer = d.mailer;
  d.mailer = {
    send: (m) => {
      use('ses:SendEmail');
      return mailer.send(m);
    },
  };
  const cb = d.callbacks;
  d.callbacks = {
    succeed: (t, o) => {
      use('states:SendTaskSuccess');
      return cb.succeed(t, o);
    },
    fail: (t, e, c) => {
      use('states:SendTaskFailure');
      return cb.fail(t, e, c);
    },
  };
  d.starter = { start: async () => void use('states:StartExecution') };
  const sched = d.scheduler;
  d.scheduler = {
    scheduleAt: (name, at, payload) => {
      use(`scheduler:CreateSchedule@${payload['kind'] === 'timer' ? 'timer' : 'deferred_deletion'}`);
      return sched.scheduleAt(name, at, payload);
    },
  };
  // BlobStore (S3) by method, on the bucket of the key's kind and, in the raw-mail bucket, under its prefix
  // (functions/shared/blob-kinds.ts: the handler in AWS routes each key the same way).
  const BLOB_ACTIONS: Record<string, string[]> = {
    put: ['s3:PutObject'],
    get: ['s3:GetObject'],
    exists: ['s3:GetObject', 's3:ListBucket'],
    delete: ['s3:DeleteObject'],
  };
  d.blobs = new Proxy(d.blobs, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function') return v;
      return (key: string, ...rest: unknown[]) => {
        const actions = BLOB_ACTIONS[String(prop)];
        if (!actions) throw new Error(`unmapped BlobStore method ${String(prop)}: add it to BLOB_ACTIONS`);
        use(...actions.map((a) => blobAction(a, key)));
        return (v as (...a: unknown[]) => unknown).apply(target, [key, ...rest]);
      };
    },
  });
  d.company = recordingCompany(h.company);
  // The SMS channel is off until a scenario turns it on (`h.smsOn()`): the first request verifies by mail.
  const smsSender = {
    send: (m: Parameters<typeof h.sms.send>[0]) => {
      use('sms-voice:SendTextMessage');
      return h.sms.send(m);
    },
  };
  const secrets = d.partnerSecrets!;
  d.partnerSecrets = {
    secretFor: (partnerId) => {
      use('secretsmanager:GetSecretValue@partners');
      return secrets.secretFor(partnerId);
    },
  };
  const vault = d.evidence;
  d.evidence = {
    putAnchor: (a) => {
      use('s3:PutObject@evidence');
      return vault.putAnchor(a);
    },
    putIsolation: (e) => {
      use('s3:PutObject@evidence');
      return vault.putIsolation(e);
    },
    // A read lists and then gets what it found; whether anything is found depends on the request's history, not on
    // the code path, so a read is recorded as both (like the table's reads).
    latestAnchor: (rid) => {
      use('s3:ListBucket@evidence', 's3:GetObject@evidence');
      return vault.latestAnchor(rid);
    },
    listIsolation: (liveAt) => {
      use('s3:ListBucket@evidence', 's3:GetObject@evidence');
      return vault.listIsolation(liveAt);
    },
  } satisfies EvidenceVault;
  const run = <O>(fn: FunctionName, step: Step<never, O> | Step, event: unknown) =>
    as(fn, () => runStep(step as Step, event, d) as Promise<O>);
  async function create(over: Partial<RightsRequest> = {}) {
    const r = sampleRequest({ receivedAt: h.clock.now().toISOString(), ...over });
    await store.createRequest(r, {
      subjectHash: subjectHash(r.subject, SALT),
      event: { type: 'request_received', actor: 'system' },
    });
    return r;
  }
  const smsOn = () => {
    d.sms = smsSender;
  };
  return { ...h, deps: d as StepDeps, store, run, create, smsOn };
}

/** `s3:GetObject@mail:inbound/`, `s3:PutObject@exports`; ListBucket is on the bucket, not under a prefix. */
function blobAction(action: string, key: string): string {
  if (blobKindOf(key) === 'exports') return `${action}@exports`;
  if (action === 's3:ListBucket') return `${action}@mail`;
  const prefix = Object.values(MAIL_BLOB_PREFIX).find((p) => key.startsWith(p));
  return `${action}@mail:${prefix}`;
}

// ---- what the synthesized role holds, in the same words ------------------------------------------------------------
function granted(fn: FunctionName): Set<string> {
  const lid = (c: { node: { defaultChild?: unknown } }) =>
    s.stack.getLogicalId(c.node.defaultChild as Parameters<typeof s.stack.getLogicalId>[0]);
  const table = lid(s.stack.data.table);
  const fields = lid(s.stack.keys.fields);
  const rawMail = lid(s.stack.storage.rawMail);
  const exportsBucket = lid(s.stack.storage.exports);
  const evidenceBucket = lid(s.stack.storage.evidence);
  const out = new Set<string>();
  for (const g of roleGrants(s.template, lid(s.stack.lambdas.fns[fn].role!))) {
    const [service] = g.action.split(':');
    if (service === 'dynamodb' && g.resource.includes(table)) {
      const ix = /\/index\/(\w+)/.exec(g.resource)?.[1];
      out.add(ix ? `${g.action}@${ix}` : g.action);
    } else if (service === 'kms' && g.resource.includes(fields)) out.add(`${g.action}@fields`);
    else if (g.action === 'ses:SendEmail' || service === 'states') out.add(inWords(g.action));
    else if (service === 's3' && g.resource.includes(evidenceBucket)) out.add(`${g.action}@evidence`);
    else if (service === 's3' && g.resource.includes(exportsBucket)) out.add(`${g.action}@exports`);
    else if (service === 's3' && g.resource.includes(rawMail)) {
      // Resources are JSON text: `{"Fn::Join":["",[{"Fn::GetAtt":[…]},"/inbound/*"]]}`.
      const prefix = /"\/([\w-]+\/)\*"/.exec(g.resource)?.[1];
      out.add(prefix ? `${g.action}@mail:${prefix}` : `${g.action}@mail`);
    } else if (g.action === 'scheduler:CreateSchedule')
      out.add(`${g.action}@${g.resource.includes('-timers/') ? 'timer' : 'deferred_deletion'}`);
    else if (g.action === 'secretsmanager:GetSecretValue' && g.resource.includes('company-connector-token'))
      out.add(`${g.action}@company`);
    else if (g.action === 'secretsmanager:GetSecretValue' && g.resource.includes('/partners/*'))
      out.add(`${g.action}@partners`);
    else if (g.action === 'sms-voice:SendTextMessage') out.add(g.action);
  }
  return out;
}

/** Reads every function may do with its table grant; writes are granted together (PutItem, UpdateItem). */
const TABLE_READS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:ConditionCheckItem'];
const TABLE_WRITES = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * Granted, and needed in AWS, but not reached by these scenarios; each with why. The test also fails when a scenario
 * starts reaching one (then it leaves this list).
 */
const NOT_EXERCISED: Partial<Record<FunctionName, Record<string, string>>> = {
  // The scenario's request is a deletion: no export package to download or re-issue (routes/download.ts, reissue.ts;
  // both run against the local BlobStore in test/integration/rights-disclosure.test.ts).
  api: {
    's3:GetObject@exports': 'the export download: GET /download/{id}/{right}/{secret}/files/{name}',
    's3:ListBucket@exports':
      'the re-issue of an export link checks the package exists (POST …/exports/{right}/reissue)',
    // A gateway drop (rightsflow:inboundBucket, the aws-cn way) is copied to raw/; this synth receives through SES.
    // The routing of raw/ keys to the raw-mail bucket: test/unit/handlers/aws-adapters.test.ts.
    's3:GetObject@mail:raw/': 'a quarantined mail that came through the mail gateway drop (read, released)',
  },
  'mail-intake': {
    's3:PutObject@mail:raw/': "the copy of a mail the company's gateway dropped in its own bucket (aws-cn)",
  },
  sweep: {
    's3:DeleteObject@mail:raw/': "the end of retention of a gateway drop's copy (this synth's mail came through SES)",
  },
  'load-request': {
    'ses:SendEmail':
      "identifiers that point to two customers, or a child's data: the privacy officer's task notice (screen.ts)",
  },
};

describe('every grant proven by use', () => {
  it('runs every function against recording fakes', async () => {
    // The person's mail arrives (SES stores it in inbound/; mail-intake reads it there).
    const h = await recorded();
    h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
    h.company.recipients = ['nucc'];
    const raw = await composeMail({
      from: '"张三" <zhangsan@example.com>',
      subject: '申请删除个人信息',
      text: '本人测试用户，身份证号11010519491231002X，手机13800001234，请删除我的全部个人信息。',
      messageId: '<grant-by-use-1@example.com>',
      attachments: [{ filename: 'id.txt', content: Buffer.from('scan'), contentType: 'text/plain' }],
    });
    const intake = createIntakeService({
      ...h.deps,
      senderAddress: h.deps.config.senderAddress,
      startWorkflow: (id) => h.deps.starter.start(id),
      subjectHashSalt: SALT,
      // A code in a reply is checked like one typed into the console (mail-intake/handler.ts).
      onVerificationCode: async (rid, c) => {
        await verifyCode(h.deps, rid, c);
      },
    });
    const sesEvent = (key: string, size: number) => ({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'raw-mail' }, object: { key, size } },
        },
      ],
    });
    // SES stores the message under inbound/ (outside any function), then the bucket's notification runs the intake.
    const receive = async (mail: Uint8Array, key = 'inbound/msg-1') => {
      await h.deps.blobs.put(key, mail, 'message/rfc822');
      return as('mail-intake', () =>
        handleS3Event(sesEvent(key, mail.length), {
          intake,
          ownBucket: 'raw-mail',
          fetch: async () => {
            use('s3:GetObject@mail:inbound/');
            return mail;
          },
        }),
      );
    };
    const [created] = await receive(raw);
    const id = created!.requestId;

    // The workflow, step by step, each in its own function.
    await h.run('load-request', loadRequest, { requestId: id });
    await h.run('request-verification', requestVerification, { requestId: id, taskToken: 'v1' });
    // The API (staff or the person's form).
    // Built again when a scenario changes the ports (the app keeps the deps it was given).
    const apiApp = () =>
      createApiApp({
        ...h.deps,
        authenticate: bearerAuthenticator((t) =>
          t === 'officer' ? { user: 'o1', roles: ['privacy_officer', 'agent', 'admin'] } : undefined,
        ),
        health: () => true,
      });
    let app = apiApp();
    const call = (method: string, path: string, body?: unknown) =>
      as('api', async () =>
        app.request(path, {
          method,
          headers: { authorization: 'Bearer officer', 'content-type': 'application/json' },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        }),
      );
    // The first code expired unused: the person asks for another (API: the address on file, the company).
    h.clock.t = new Date(h.clock.now().getTime() + 86_400_000);
    expect(await (await call('POST', `/api/requests/${id}/verification/resend`)).json()).toMatchObject({ sent: true });
    // The person replies to the code mail with the code (mail-intake: the thread finds the request).
    const codes = h.mailer.sent.filter((m) => m.kind === 'verification_code');
    expect(codes).toHaveLength(2);
    const code = /验证码为：(\d{6})/.exec(codes[1]!.text)?.[1];
    const reply = await composeMail({
      from: 'onfile.person@example.com',
      subject: 'Re: 验证码',
      text: `验证码 ${code}`,
      messageId: '<grant-by-use-2@example.com>',
      inReplyTo: `<m${h.mailer.sent.indexOf(codes[1]!) + 1}@test>`,
    });
    await receive(reply);
    expect((await h.store.getRequest(id))?.verification.level).toBe('strong');
    // A re-drive of the waiting step hands the recorded result back (SendTaskSuccess).
    await h.run('request-verification', requestVerification, { requestId: id, taskToken: 'v2' });
    // A request typed in by staff at the hotline: stored, linked by subject (GSI2), started.
    const typed = await call('POST', '/api/requests', {
      channel: 'hotline',
      rights: ['access'],
      subject: { name: '测试用户', idNumber: '11010519491231002X', email: 'fake.person@example.com' },
    });
    expect(typed.status).toBe(201);
    expect((await call('GET', '/api/requests?due_before=2026-12-31')).status).toBe(200);
    expect((await call('GET', `/api/requests/${id}`)).status).toBe(200);
    await h.run('check-exceptions', checkExceptions, { requestId: id });
    await h.run('request-review', requestReview, { requestId: id, taskToken: 'r1' });
    await as('api', () => decideReview(h.deps, id, 'o1', { decision: 'proceed' }));
    await h.run('request-review', requestReview, { requestId: id, taskToken: 'r2' });
    await h.run('fulfil-right', fulfilRight, { requestId: id, right: 'delete' });
    // Nothing for staff to finish: the wait reads its tasks and hands the result back at once (SendTaskSuccess).
    await h.run('await-follow-ups', awaitFollowUps, { requestId: id, taskToken: 'f1' });
    // The typed request has a question open for the officer: the wait records itself with a timer at the cut-off.
    const typedId = ((await typed.json()) as { request: { id: string } }).request.id;
    await h.store.putTask({
      requestId: typedId,
      kind: 'explanation',
      taskToken: 'none',
      status: 'open',
      assignee: 'privacy_officer',
      createdAt: h.clock.now().toISOString(),
    });
    await h.run('await-follow-ups', awaitFollowUps, { requestId: typedId, taskToken: 'f2' });
    expect((await h.store.getTask(typedId, 'follow_ups'))?.status).toBe('open');
    const plan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>('plan-notices', planNotices, {
      requestId: id,
    });
    expect(plan.notices.length).toBeGreaterThan(0);
    for (const n of plan.notices) await h.run('send-recipient-notice', sendNotice, n);
    await h.run('isolate-backups', isolate, { requestId: id });
    await h.run('schedule-deferred-deletions', scheduleDeferred, { requestId: id });
    await h.run('send-reply', sendReply, { requestId: id });
    await h.run('record-outcome', recordOutcome, { requestId: id });
    await h.run('await-acknowledgements', awaitAcks, { requestId: id, taskToken: 'a1' });
    // The timer of the wait fires (its own schedule), then the chase reminds the silent partner.
    const ackTask = await h.store.getTask(id, 'acknowledgements');
    h.clock.t = new Date(new Date(ackTask!.dueAt!).getTime() + 60_000);
    await h.run('fire-timer', fireTimer, { kind: 'timer', requestId: id, task: 'acknowledgements' });
    await h.run('chase-acknowledgements', chase, { requestId: id });
    // The partner answers through its signed link (API, no sign-in).
    await h.run('await-acknowledgements', awaitAcks, { requestId: id, taskToken: 'a2' });
    const token = signAckToken(h.deps.config.subjectHashSalt, id, 'nucc');
    await as('api', () => recordPartnerAck(h.deps, token, { answer: 'completed' }));
    await h.run('await-acknowledgements', awaitAcks, { requestId: id, taskToken: 'a3' });
    // Every partner answered: the chase closes the request, and its chain head is anchored in the evidence bucket.
    await h.run('chase-acknowledgements', chase, { requestId: id });
    expect((await h.store.getRequest(id))?.status).toBe('closed');
    // The company's systems are restored from a backup: the operator runs the restore guard, which erases again
    // (from the isolation list in the table and in the evidence bucket) and re-anchors the chain.
    const guard = await h.run<{ reapplied: { requestId: string }[] }>('restore-guard', restoreGuard, {});
    expect(guard.reapplied.map((x) => x.requestId)).toEqual([id]);
    // Staff check the chain against its anchor, and an officer opens the full evidence report (recorded, anchored).
    expect(await (await call('GET', `/api/requests/${id}/audit`)).json()).toMatchObject({ intact: true });
    expect((await call('GET', `/api/requests/${id}/evidence-report?reveal=1&format=json`)).status).toBe(200);

    // Mail judged spam waits in quarantine; staff read it (masked) and release it as a request (the console's
    // 隔离邮件 page): the api reads the raw mail where SES stored it and seals its attachments as the intake does.
    const spam = await composeMail({
      from: '"李四" <lisi@example.com>',
      subject: '查询个人信息',
      text: '本人李四，手机13900001234，请提供我的个人信息副本。',
      messageId: '<grant-by-use-spam@example.com>',
      headers: { 'X-Spam-Flag': 'YES' },
      attachments: [{ filename: 'id.txt', content: Buffer.from('scan'), contentType: 'text/plain' }],
    });
    await receive(spam, 'inbound/msg-spam');
    const queue = (await (await call('GET', '/api/quarantine')).json()) as { items: { id: string }[] };
    expect(queue.items).toHaveLength(1);
    const qid = queue.items[0]!.id;
    const read = await call('GET', `/api/quarantine/${qid}`);
    expect(await read.json()).toMatchObject({ mail: { attachments: [{ contentType: 'text/plain' }] } });
    const release = await call('POST', `/api/quarantine/${qid}/release`);
    expect(release.status).toBe(200);
    const released = (await release.json()) as { requestId: string; created: boolean };
    expect(released.created).toBe(true);
    expect((await h.store.getRequest(released.requestId))?.receivedAt).toBeDefined();

    // A copy: the export is written and checked (HeadObject: B4).
    // The stage texts codes: a second person verifies by SMS to the phone on file, replying by SMS (End User
    // Messaging two-way → sms-inbound); the code asked again through the API goes by SMS too.
    h.smsOn();
    app = apiApp();
    const texted = await h.create({ rights: ['delete'] });
    await h.run('request-verification', requestVerification, { requestId: texted.id, taskToken: 's1' });
    h.clock.t = new Date(h.clock.now().getTime() + 86_400_000);
    expect(await (await call('POST', `/api/requests/${texted.id}/verification/resend`)).json()).toMatchObject({
      sent: true,
    });
    expect(h.sms.byKind('verification_code')).toHaveLength(2);
    const smsCode = /(?<!\d)(\d{6})(?!\d)/.exec(h.sms.byKind('verification_code').at(-1)!.text)?.[1] ?? '';
    expect(
      await as('sms-inbound', () => receiveSmsReply(h.deps, { from: h.sms.sent.at(-1)!.to, text: smsCode })),
    ).toMatchObject({ matched: true, result: { verified: true } });

    const copy = await h.create({ rights: ['copy'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run('fulfil-right', fulfilRight, { requestId: copy.id, right: 'copy' });
    await h.run('fulfil-right', fulfilRight, { requestId: copy.id, right: 'copy' });
    await h.run('send-reply', sendReply, { requestId: copy.id });
    // No partner to wait for: the outcome closes the request.
    await h.run('record-outcome', recordOutcome, { requestId: copy.id });

    // A deletion of an active customer's data under a retention duty: the rest is deleted when the duty ends.
    h.company.anchors = { relationshipEndedAt: '2026-10-01', lastTransactionAt: '2026-10-01' };
    // The processor acting for us (PIPL art. 21) is told to keep the held data storage-only.
    h.company.recipients = ['lianlian_hangzhou'];
    const kept = await h.create({ verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run('fulfil-right', fulfilRight, { requestId: kept.id, right: 'delete' });
    const keptPlan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>('plan-notices', planNotices, {
      requestId: kept.id,
    });
    for (const n of keptPlan.notices) await h.run('send-recipient-notice', sendNotice, n);
    expect(
      (await h.run<{ scheduled: number }>('schedule-deferred-deletions', scheduleDeferred, { requestId: kept.id }))
        .scheduled,
    ).toBeGreaterThan(0);
    // The duty ends: the deferred deletion erases, and tells that processor to delete what it kept (a letter).
    const due = h.scheduled.find((x) => x.payload['requestId'] === kept.id)!.payload;
    h.company.anchors = { relationshipEndedAt: '2010-01-01', lastTransactionAt: '2010-01-01' };
    expect(
      await h.run<{ status: string; notified?: string[] }>('deferred-deletion', deferredDeletion, due),
    ).toMatchObject({ status: 'erased', notified: ['lianlian_hangzhou'] });
    // A processor that takes one mail a day: its notice waits for the day's list, which the sweep sends below (each
    // notice's reference in a ZIP under the partner's secret).
    const policy = h.deps.policy;
    h.deps.policy = withRecipientChannels(policy, {
      lianlian_hangzhou: { type: 'email', address: 'notices@hangzhou.example.com', dailyBatch: true },
    });
    h.company.recipients = ['lianlian_hangzhou'];
    const listed = await h.create({ verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run('fulfil-right', fulfilRight, { requestId: listed.id, right: 'delete' });
    const listedPlan = await h.run<{ notices: { requestId: string; partnerId: string }[] }>(
      'plan-notices',
      planNotices,
      {
        requestId: listed.id,
      },
    );
    for (const n of listedPlan.notices) await h.run('send-recipient-notice', sendNotice, n);
    expect((await h.store.getNotice(listed.id, 'lianlian_hangzhou'))?.status).toBe('queued');
    h.deps.policy = policy;
    h.company.recipients = ['nucc'];

    // A fee quote that lapses: the step's own timer schedule, fired by the sweep as a catch-up.
    const fee = await h.create({ rights: ['portability'], verification: { level: 'strong', method: 'hotline_staff' } });
    await h.run('request-review', requestReview, { requestId: fee.id, taskToken: 'rf' });
    await as('api', () =>
      decideReview(h.deps, fee.id, 'o1', { decision: 'fee_quote', fee: { amount: 30, currency: 'CNY' } }),
    );
    await h.run('request-fee-acceptance', feeAcceptance, { requestId: fee.id, taskToken: 'f1' });
    h.clock.t = new Date(h.clock.now().getTime() + 40 * 86_400_000);

    // The sweep: a stalled request started, an escalation digest, a late timer fired.
    const receivedAt = new Date(h.clock.now().getTime() - 3_600_000).toISOString();
    await h.create({
      status: 'received',
      receivedAt,
      createdAt: receivedAt,
      deadline: computeDeadline({ receivedAt }, h.deps.calendar),
    });
    // The sweep also records the backup expiries past their purge-by date (the deletion's, and what the deferred
    // deletion erased), sends the partners' daily lists and anchors the chain again.
    expect(await as('sweep', () => runSweep(h.deps))).toMatchObject({
      complete: true,
      backupsExpired: 2,
      noticeLists: 1,
    });
    expect((await h.store.getNotice(listed.id, 'lianlian_hangzhou'))?.status).toBe('sent');
    await h.run('request-fee-acceptance', feeAcceptance, { requestId: fee.id, taskToken: 'f2' });

    // A failure mails the officer (M1).
    const failing = await h.create();
    await h.run('record-failure', recordFailure, {
      requestId: failing.id,
      error: { Error: 'Company.ConnectorError', Cause: 'x' },
    });

    // A bounce reported by SES.
    const bounce = {
      eventType: 'Bounce',
      mail: { messageId: 'ses-1', tags: { kind: ['reply'], request: [id] } },
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: 'x@y.z' }] },
    };
    await h.run('mail-events', mailEvents, { Records: [{ Sns: { Message: JSON.stringify(bounce) } }] });

    // A deferred deletion at a hold's end that is extended again (re-scheduled).
    const held = await h.create();
    await h.store.putStepResult(held.id, fulfilKey('delete'), {
      right: 'delete',
      status: 'partial',
      customerId: 'C-0001',
      at: '2016-03-01T02:00:00.000Z',
    });
    h.company.anchors = { relationshipEndedAt: '2015-06-01', lastTransactionAt: '2026-01-01' };
    await h.run('deferred-deletion', deferredDeletion, {
      requestId: held.id,
      customerId: 'C-0001',
      categories: ['transactions'],
      kind: 'deferred_deletion',
    });

    // Half a year after the answers: the sweep deletes the raw mail SES stored under inbound/ and the personal fields
    // (policy/request-records.yaml).
    h.clock.t = new Date(h.clock.now().getTime() + 181 * 86_400_000);
    expect((await as('sweep', () => runSweep(h.deps))).recordsPurged).toBeGreaterThan(0);

    // Every function ran.
    expect(FUNCTION_NAMES.filter((fn) => !used.has(fn))).toEqual([]);
  }, 300_000);

  for (const fn of FUNCTION_NAMES) {
    it(`${fn}: the role holds exactly what its calls need`, () => {
      const need = used.get(fn) ?? new Set<string>();
      const have = granted(fn);
      const skipped = NOT_EXERCISED[fn] ?? {};
      // Nothing used may be missing (in AWS: AccessDenied).
      expect([...need].filter((a) => !have.has(a)).sort(), 'used but not granted').toEqual([]);
      // Nothing granted may go unused: reads come with the table grant; writes only when a write was made.
      const wrote = TABLE_WRITES.some((a) => need.has(a)) || need.has('dynamodb:ConditionCheckItem');
      const unused = [...have].filter(
        (a) => !need.has(a) && !TABLE_READS.includes(a) && !(TABLE_WRITES.includes(a) && wrote) && !(a in skipped),
      );
      expect(unused.sort(), 'granted but never used').toEqual([]);
      for (const a of Object.keys(skipped))
        expect(need.has(a), `${a} is exercised now: drop it from NOT_EXERCISED`).toBe(false);
    });
  }
});

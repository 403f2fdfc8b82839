// What a deployed function reads at run time: the holiday schedule operations load into SSM (no redeploy), the
// partner sink of a non-production stage (M8), SES bounce events (not delivered → staff task), and a waiting
// step's own timer firing.
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { bundledSchedules } from '../../../domain/calendar/files.ts';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { withRecipientChannels } from '../../../domain/policy/overrides.ts';
import { step as mailEvents } from '../../../functions/mail-events/step.ts';
import { createSsmHolidaySource } from '../../../functions/shared/aws/holidays.ts';
import { withPartnerSink } from '../../../functions/shared/aws/partner-sink.ts';
import { noMetrics, type StepDeps } from '../../../functions/shared/deps.ts';
import { runStep } from '../../../functions/shared/step.ts';
import { createMemoryStore } from '../../support/memory-store.ts';
import { sampleRequest } from '../store/fixture.ts';

const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());
afterAll(() => ssm.restore());
const quiet = { debug() {}, info() {}, warn() {}, error() {} };

// What operations put into the parameter: `rightsflow holidays-json` of a schedule in holidays.yaml's shape.
const SCHEDULE_2027 = JSON.stringify({
  years: {
    2027: {
      source: '国务院办公厅关于2027年部分节假日安排的通知 (test)',
      holidays: ['2027-01-01..2027-01-03', '2027-02-06..2027-02-13'],
      workdays: ['2027-02-20'],
    },
  },
});

describe('holiday schedule from SSM', () => {
  it('adds the years operations load, re-reads them every time, and keeps the last good calendar on a bad edit', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('none'), { name: 'ParameterNotFound' }));
    const errors: string[] = [];
    const details: string[] = [];
    const source = createSsmHolidaySource(new SSMClient({}), {
      parameterName: '/rightsflow/prod/holidays',
      bundled: bundledSchedules(),
      logger: {
        ...quiet,
        error: (m: string, ...a: unknown[]) => {
          errors.push(m);
          details.push(String((a[0] as { detail?: string } | undefined)?.detail));
        },
      },
    });
    const before = await source.current();
    expect(before.isOfficialYear(2027)).toBe(false);
    expect(before.isOfficialYear(2026)).toBe(true);

    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: SCHEDULE_2027 } });
    const after = await source.current();
    expect(after.isOfficialYear(2027)).toBe(true);
    expect(after.isOfficialYear(2026)).toBe(true); // the bundled file still counts
    expect(after.day('2027-02-20')).toMatchObject({ working: true });
    expect(ssm.commandCalls(GetParameterCommand).map((c) => c.args[0].input.Name)).toEqual([
      '/rightsflow/prod/holidays',
      '/rightsflow/prod/holidays',
    ]);

    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '{"years": {"2027": {"holidays": ["not-a-date"]}}}' } });
    const kept = await source.current();
    expect(kept.isOfficialYear(2027)).toBe(true);
    expect(kept.day('2027-02-20')).toMatchObject({ working: true });
    // YAML pasted as it was before the parameter became JSON: refused with the way to convert it, calendar kept.
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'years:\n  2027:\n    source: x\n' } });
    expect((await source.current()).isOfficialYear(2027)).toBe(true);
    expect(errors).toEqual([
      'holiday schedule parameter unusable, keeping the last good calendar',
      'holiday schedule parameter unusable, keeping the last good calendar',
    ]);
    expect(details[0]).toContain('not-a-date');
    expect(details[1]).toContain('rightsflow holidays-json');
  });
});

describe('partner sink (not production)', () => {
  it('routes every partner, banks and escalation contacts included, to the internal address unless set explicitly', () => {
    const explicit = { unionpay: { type: 'email', address: 'unionpay-test@partners.example.com' } };
    // As awsDeps does: the stage's explicit channels first, then the sink for every other partner.
    const policy = withRecipientChannels(loadPolicy(), explicit);
    const channels = (p: typeof policy) =>
      JSON.stringify(
        p.recipients.recipients.map((r) => [r.channel, r.escalationContact, r.banks.map((b) => b.channel)]),
      );
    expect(channels(policy)).toContain('contact@nucc.com');
    const sunk = withPartnerSink(policy, 'dpo@rights-dev.lianlianpay.com', explicit);
    expect(channels(sunk)).not.toContain('contact@nucc.com');
    expect(channels(sunk)).not.toContain('privacy-notices.lianlianpay.com');
    for (const r of sunk.recipients.recipients) {
      if (r.id === 'unionpay') {
        expect(r.channel).toMatchObject({ address: 'unionpay-test@partners.example.com' });
        continue;
      }
      expect(r.channel).toEqual({ type: 'email', address: 'dpo@rights-dev.lianlianpay.com', placeholder: false });
      expect(r.escalationContact).toBe('dpo@rights-dev.lianlianpay.com');
      for (const b of r.banks) expect(b.channel).toMatchObject({ address: 'dpo@rights-dev.lianlianpay.com' });
    }
  });
});

describe('SES bounce and complaint events', () => {
  const sns = (message: object) => ({ Records: [{ Sns: { Message: JSON.stringify(message) } }] });

  it('records a bounced reply as not delivered (masked), opens a staff task, once per event', async () => {
    const store = createMemoryStore(() => new Date('2026-12-01T02:00:00Z'));
    const r = sampleRequest({});
    await store.createRequest(r, { event: { type: 'request_received', actor: 'system' } });
    const metrics: string[] = [];
    const deps = {
      store,
      clock: { now: () => new Date('2026-12-01T02:00:00Z') },
      logger: quiet,
      metrics: { count: (n: string) => void metrics.push(n) },
    } as unknown as StepDeps;
    const bounce = {
      eventType: 'Bounce',
      mail: { messageId: 'ses-msg-1', tags: { kind: ['reply'], request: [r.id] } },
      bounce: {
        bounceType: 'Permanent',
        bounceSubType: 'NoEmail',
        bouncedRecipients: [{ emailAddress: 'fake.person@example.com' }],
      },
    };
    expect(await runStep(mailEvents, sns(bounce), deps)).toEqual({ recorded: 1 });
    expect(await runStep(mailEvents, sns(bounce), deps)).toEqual({ recorded: 0 }); // SNS redelivery
    const events = (await store.listEvents(r.id)).filter((e) => e.type === 'mail.not_delivered');
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ letter: 'reply', reason: 'bounce:Permanent/NoEmail' });
    expect(JSON.stringify(events)).not.toContain('fake.person@example.com');
    expect(await store.getTask(r.id, 'delivery')).toMatchObject({ status: 'open', assignee: 'agent' });
    expect(metrics).toEqual(['MailNotDelivered']);
    // A delivery event, or a mail not tied to a request, records nothing.
    const delivered = { eventType: 'Delivery', mail: { messageId: 'x', tags: { request: [r.id] } } };
    expect(await runStep(mailEvents, sns(delivered), deps)).toEqual({ recorded: 0 });
    const untagged = { ...bounce, mail: { messageId: 'y', tags: { kind: ['escalation_digest'] } } };
    expect(await runStep(mailEvents, sns(untagged), { ...deps, metrics: noMetrics })).toEqual({ recorded: 0 });
  });
});

// What rightsflow keeps of an answered request and for how long (policy/request-records.yaml; PIPL art. 19).
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { RequestRecordsFile } from '../../../domain/policy/schema.ts';
import {
  purgePlan,
  storageLifecycleDays,
  storedObjectsOf,
  storeExpiryDays,
  withoutPersonalFields,
} from '../../../domain/request/retention.ts';
import { sampleRequest } from '../store/fixture.ts';

const rules = loadPolicy().requestRecords;
const answered = '2026-12-01T02:00:00.000Z';
const at = (days: number) => new Date(Date.parse(answered) + days * 86_400_000);

describe('the retention rule (policy data with its reasons)', () => {
  it('keeps attachments 30 days, the mail and personal fields 180, the subject hash 366 after the answer', () => {
    expect(Object.fromEntries(Object.entries(rules.records).map(([k, v]) => [k, v.keepDaysAfterAnswer]))).toEqual({
      attachments: 30,
      raw_mail: 180,
      personal_fields: 180,
      subject_hash: 366,
    });
    for (const r of Object.values(rules.records)) {
      expect(r.why.zh.length).toBeGreaterThan(10);
      expect(r.why.en.length).toBeGreaterThan(10);
    }
  });

  it('refuses attachments kept longer than the mail they came in', () => {
    const bad = structuredClone(rules);
    bad.records.attachments.keepDaysAfterAnswer = 200;
    expect(RequestRecordsFile.safeParse(bad).success).toBe(false);
  });

  it('gives the storage backstops, counted from receipt (longest open 120 days + the period)', () => {
    expect(storageLifecycleDays(rules)).toEqual({ rawMail: 300, attachments: 150 });
    expect(storeExpiryDays(rules)).toEqual({ lookupKeys: 300, mailLog: 300, codes: 120 });
  });
});

describe('purgePlan', () => {
  it('falls due stage by stage', () => {
    expect(purgePlan(answered, [], at(0), rules)).toEqual({ due: [], nextDueAt: at(30).toISOString() });
    expect(purgePlan(answered, [], at(30), rules)).toEqual({ due: ['attachments'], nextDueAt: at(180).toISOString() });
    expect(purgePlan(answered, ['attachments'], at(200), rules)).toEqual({
      due: ['raw_mail', 'personal_fields'],
      nextDueAt: at(366).toISOString(),
    });
    expect(purgePlan(answered, [], at(400), rules)).toEqual({
      due: ['attachments', 'raw_mail', 'personal_fields', 'subject_hash'],
    });
    expect(purgePlan(answered, ['attachments', 'raw_mail', 'personal_fields', 'subject_hash'], at(999), rules)).toEqual(
      { due: [] },
    );
  });
});

describe('storedObjectsOf and withoutPersonalFields', () => {
  it('finds the raw mails and attachments the audit trail names, follow-ups included', () => {
    const r = sampleRequest({ source: { rawKey: 'raw/2026/11/a.eml', messageId: '<m@x>' } });
    const events = [
      { type: 'email.received', data: { rawKey: 'raw/2026/11/a.eml', attachments: [{ key: 'attachments/1' }] } },
      {
        type: 'email.followup_received',
        data: { rawKey: 'raw/2026/11/b.eml', attachments: [{ key: 'attachments/2' }] },
      },
      { type: 'review_decided', data: { decision: 'proceed' } },
    ];
    expect(storedObjectsOf(r, events)).toEqual({
      rawMail: ['raw/2026/11/a.eml', 'raw/2026/11/b.eml'],
      attachments: ['attachments/1', 'attachments/2'],
    });
  });

  it('empties the person and the text, keeps what the request was and how it went', () => {
    const r = sampleRequest({ requester: { type: 'guardian', email: 'g@example.com', name: '监护人' } });
    const patch = withoutPersonalFields(r, answered);
    expect(patch).toEqual({
      subject: {},
      requester: { type: 'guardian' },
      details: undefined,
      correction: undefined,
      source: { messageId: '<m1@example.com>' },
      personalDataPurgedAt: answered,
    });
  });
});

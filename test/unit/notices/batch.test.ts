// Per-partner daily lists (domain/notices/batch.ts): which day a notice joins, when a day's list is due, its wording.
import { describe, expect, it } from 'vitest';
import { batchDayFor, batchDue, composeBatchLetter } from '../../../domain/notices/batch.ts';

describe('the day a queued notice joins', () => {
  it('today before 17:00 Shanghai, tomorrow from 17:00 on', () => {
    expect(batchDayFor(new Date('2026-11-25T08:59:59Z'))).toBe('2026-11-25'); // 16:59:59 in Shanghai
    expect(batchDayFor(new Date('2026-11-25T09:00:00Z'))).toBe('2026-11-26'); // 17:00
    expect(batchDayFor(new Date('2026-11-25T16:30:00Z'))).toBe('2026-11-26'); // 00:30 on the 26th
  });

  it("a day's list is due from its cutoff on, and a missed day stays due", () => {
    expect(batchDue('2026-11-25', new Date('2026-11-25T08:59:00Z'))).toBe(false);
    expect(batchDue('2026-11-25', new Date('2026-11-25T09:00:00Z'))).toBe(true);
    expect(batchDue('2026-11-25', new Date('2026-11-27T01:00:00Z'))).toBe(true);
    expect(batchDue('2026-11-26', new Date('2026-11-25T12:00:00Z'))).toBe(false);
  });
});

describe('the list letter', () => {
  const item = (id: string, attachment?: string) => ({
    requestId: id,
    ackUrl: `https://rights.example.com/partner-ack/${id}-token`,
    ackDueBy: '2026-12-09',
    letter: { subject: `关于 ${id} 的通知`, text: `通知正文 ${id}` },
    ...(attachment ? { attachment } : {}),
  });

  it('lists each notice with its own acknowledgement page, then each letter unchanged, Chinese first', () => {
    const l = composeBatchLetter({
      partnerId: 'nucc',
      names: { zh: '网联清算有限公司', en: 'NetsUnion Clearing Corporation' },
      day: '2026-11-25',
      items: [item('RF-20261125-BBBBBB', 'RF-20261125-BBBBBB.zip'), item('RF-20261125-AAAAAA')],
    });
    expect(l.subject).toContain('2026年11月25日 共 2 份');
    expect(l.text.indexOf('网联清算有限公司：')).toBeLessThan(l.text.indexOf('To NetsUnion'));
    expect(l.text).toContain(
      '1. RF-20261125-AAAAAA  请于 2026-12-09 前确认  确认页面：https://rights.example.com/partner-ack/RF-20261125-AAAAAA-token',
    );
    expect(l.text).toContain('2. RF-20261125-BBBBBB');
    expect(l.text).toContain('附件：RF-20261125-BBBBBB.zip');
    expect(l.text).toContain('加密附件');
    expect(l.text).toContain('通知正文 RF-20261125-AAAAAA');
    expect(l.text).toContain('通知正文 RF-20261125-BBBBBB');
    expect(l.text).toContain('Notice 2 of 2: RF-20261125-BBBBBB');
  });

  it('says nothing of attachments when no notice has one', () => {
    const l = composeBatchLetter({
      partnerId: 'p',
      names: { zh: '某机构', en: 'Some partner' },
      day: '2026-11-25',
      items: [item('RF-20261125-AAAAAA')],
    });
    expect(l.text).not.toContain('附件');
    expect(l.text).not.toContain('attachment');
  });
});

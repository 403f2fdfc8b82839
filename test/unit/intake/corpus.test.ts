// The labelled corpus (test/fixtures/mail): precision/recall of the rights classifier and exact field extraction.
import { describe, expect, it } from 'vitest';
import { classifyMail, toParsedEmail } from '../../../domain/intake/index.ts';
import type { Right } from '../../../domain/request/model.ts';
import { parseMail } from '../../../functions/shared/mail/parse.ts';
import { type CorpusMail, loadCorpus, scoreRights } from './corpus.ts';

const RECEIVED = new Date('2026-11-25T02:00:00Z');
const corpus = loadCorpus();

async function run(mail: CorpusMail) {
  const parsed = await parseMail(mail.raw);
  if (!parsed.ok) throw new Error(`${mail.file}: rejected ${parsed.rejection.code}`);
  return toParsedEmail(parsed.mail, classifyMail(parsed.mail, RECEIVED));
}

const fmt = (n: number) => n.toFixed(2);

describe('intake corpus', () => {
  it('has at least 40 labelled messages in both languages, with complaints, replies, guardians and attachments', () => {
    const labels = corpus.map((m) => m.label);
    expect(corpus.length).toBeGreaterThanOrEqual(40);
    expect(labels.filter((l) => l.language === 'en').length).toBeGreaterThanOrEqual(10);
    expect(labels.filter((l) => l.rights.length === 0 && l.triage).length).toBeGreaterThanOrEqual(5);
    expect(labels.filter((l) => l.rights.length > 1).length).toBeGreaterThanOrEqual(5);
    expect(labels.filter((l) => l.isReply).length).toBeGreaterThanOrEqual(3);
    expect(labels.filter((l) => l.guardian).length).toBeGreaterThanOrEqual(3);
    expect(new Set(labels.map((l) => l.charset))).toEqual(new Set(['utf-8', 'gbk', 'gb2312', 'gb18030', 'big5']));
  });

  it('classifies rights with precision and recall of at least 0.9 overall and 0.8 per right (tuned set)', async () => {
    const tuned: { expected: Right[]; actual: Right[] }[] = [];
    const blind: typeof tuned = [];
    for (const mail of corpus) {
      const out = await run(mail);
      (mail.label.holdout === 3 ? blind : tuned).push({ expected: mail.label.rights, actual: out.rights });
    }
    const report = (title: string, pairs: typeof tuned) => {
      const s = scoreRights(pairs);
      const rows = Object.entries(s.perRight).map(
        ([r, x]) => `  ${r.padEnd(17)} P=${fmt(x.precision)} R=${fmt(x.recall)} (tp ${x.tp}, fp ${x.fp}, fn ${x.fn})`,
      );
      console.log(
        [
          `${title}: ${pairs.length} messages`,
          ...rows,
          `  overall           P=${fmt(s.overall.precision)} R=${fmt(s.overall.recall)}`,
        ].join('\n'),
      );
      return s;
    };
    const all = report('tuned corpus', tuned);
    const b = report('held-out batch 3 (no rule written for it)', blind);
    expect(all.overall.precision).toBeGreaterThanOrEqual(0.9);
    expect(all.overall.recall).toBeGreaterThanOrEqual(0.9);
    for (const [right, s] of Object.entries(all.perRight)) {
      expect({ right, precision: s.precision >= 0.8, recall: s.recall >= 0.8 }).toEqual({
        right,
        precision: true,
        recall: true,
      });
    }
    // The blind batch is an estimate, not a target: it must stay measured, and precision stays high (a wrong right
    // acted on is worse than a mail staff triage).
    expect(blind.length).toBeGreaterThanOrEqual(10);
    expect(b.overall.precision).toBeGreaterThanOrEqual(0.6);
  });

  it.each(corpus.filter((m) => m.label.holdout !== 3).map((m) => [m.file, m] as const))(
    '%s: fields as labelled',
    async (_file, mail) => {
      const out = await run(mail);
      const l = mail.label;
      expect({
        rights: out.rights,
        triage: out.triage,
        isReply: out.isReply,
        language: out.language,
        guardian: out.guardian,
        minor: out.minor,
        attachments: out.attachments.length,
      }).toEqual({
        rights: l.rights,
        triage: l.triage,
        isReply: l.isReply,
        language: l.language,
        guardian: l.guardian ?? false,
        minor: l.minor ?? false,
        attachments: l.attachments ?? 0,
      });
      for (const [field, value] of Object.entries(l.subject ?? {})) {
        expect(out.subject[field as keyof typeof out.subject], field).toBe(value);
      }
      expect(out.subject.email).toMatch(/@/);
    },
  );
});

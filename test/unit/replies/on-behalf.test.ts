// Letters to someone who asks for another person (issue 13 items 3, 4): addressed to the guardian or the relative,
// naming the child or the deceased only once verified, with the footing of the request — the Minors Regulations for a
// guardian, PIPL art. 49 and its conditions for a relative.
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../../domain/policy/load.ts';
import { renderLetter } from '../../../domain/replies/index.ts';
import { SAMPLES } from './samples.ts';

const policy = loadPolicy();

describe('letters on behalf of another person', () => {
  it('a guardian, verified: the letter speaks to the guardian and names the child', () => {
    const { text } = renderLetter(
      'completed',
      'zh',
      {
        ...SAMPLES.completed,
        onBehalf: { role: 'guardian', requesterName: '周晓琳', subjectName: '周乐乐', relation: 'parent' },
      },
      policy,
    );
    expect(text.startsWith('尊敬的周晓琳：')).toBe(true);
    expect(text).toContain('您作为周乐乐的监护人（父母），依据《未成年人网络保护条例》第三十四条代其提出本请求');
    expect(text).toContain('下文所称“您的个人信息”，均指周乐乐的个人信息');
    expect(text).toContain('You made this request as the parent and guardian of 周乐乐');
  });

  it('before verification the acknowledgement names no one but the writer', () => {
    const { text } = renderLetter(
      'acknowledgement',
      'zh',
      { ...SAMPLES.acknowledgement, onBehalf: { role: 'guardian', requesterName: '周晓琳', relation: 'parent' } },
      policy,
    );
    expect(text).toContain('尊敬的周晓琳：');
    expect(text).toContain('在核实您的身份及监护关系之前，我们不会披露该未成年人的任何信息');
    expect(text).not.toContain('周乐乐');
  });

  it('the acknowledgement tells a guardian and a relative which documents to send, and promises no code', () => {
    const guardian = renderLetter(
      'acknowledgement',
      'zh',
      {
        ...SAMPLES.acknowledgement,
        verificationNeeded: true,
        documentsNeeded: 'guardian',
        onBehalf: { role: 'guardian', requesterName: '周晓琳', relation: 'parent' },
      },
      policy,
      { bilingual: true },
    ).text;
    expect(guardian).toContain('不会向该未成年人的手机或邮箱发送验证码');
    expect(guardian).toContain('监护关系的材料（如户口簿、出生医学证明');
    expect(guardian).toContain('请直接回复本邮件');
    expect(guardian).toContain('a proof of guardianship');
    expect(guardian).not.toContain('我们将另行向您发送验证码');
    const relative = renderLetter(
      'acknowledgement',
      'zh',
      {
        ...SAMPLES.acknowledgement,
        verificationNeeded: true,
        documentsNeeded: 'relative_of_deceased',
        onBehalf: { role: 'relative_of_deceased', requesterName: '郑明', relation: 'child' },
      },
      policy,
    ).text;
    expect(relative).toContain('逝者的死亡证明');
    expect(relative).toContain('自身的何种合法、正当利益');
    expect(relative).not.toContain('我们将另行向您发送验证码');
    // The person asking for themself is still told a code will come.
    const self = renderLetter(
      'acknowledgement',
      'zh',
      { ...SAMPLES.acknowledgement, verificationNeeded: true },
      policy,
    );
    expect(self.text).toContain('我们将另行向您发送验证码或与您联系');
  });

  it('a relative of a deceased user: art. 49 and both of its conditions, once the officer confirmed them', () => {
    const onBehalf = {
      role: 'relative_of_deceased' as const,
      requesterName: '郑明',
      subjectName: '郑国强',
      relation: 'child' as const,
      art49Confirmed: true,
    };
    const { text } = renderLetter('partially_completed', 'zh', { ...SAMPLES.partially_completed, onBehalf }, policy);
    expect(text.startsWith('尊敬的郑明：')).toBe(true);
    expect(text).toContain('您作为已故用户郑国强的近亲属（子女），依据《个人信息保护法》第四十九条');
    expect(text).toContain('并确认您系为了自身的合法、正当利益提出请求，且郑国强生前对其个人信息未另有安排');
    const unverified = renderLetter(
      'unable_to_verify',
      'zh',
      { ...SAMPLES.unable_to_verify, onBehalf: { role: 'relative_of_deceased', relation: 'spouse' } },
      policy,
    ).text;
    expect(unverified).toContain('尊敬的申请人：');
    expect(unverified).toContain('不会向逝者的联系方式发送验证码');
  });

  it('without onBehalf the letters are as before', () => {
    expect(renderLetter('completed', 'zh', SAMPLES.completed, policy).text.startsWith('尊敬的用户：')).toBe(true);
  });
});

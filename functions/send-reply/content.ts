// What a reply says about each right, from the recorded results: the disclosure of access and explanation
// (processing rules of policy/processing.yaml for the categories held), and one line per other result.

import { FIELD_LABELS } from '../../domain/corrections/index.ts';
import { discloseCategories } from '../../domain/disclosure/index.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import type { LetterData } from '../../domain/replies/index.ts';
import { DATA_CATEGORIES } from '../../domain/request/model.ts';
import type { FulfilResult } from '../fulfil-right/results.ts';
import type { StepDeps } from '../shared/deps.ts';

type Disclosure = NonNullable<LetterData<'completed'>['disclosure']>;
export type Text = { zh: string; en: string };
const text = (zh: string, en: string): Text => ({ zh, en });

/**
 * The disclosure of an access or explanation request: the categories held for the person with their records and
 * the partners that received them; or, for an explanation when nothing may be said about a person (identity not
 * verified for disclosure, or nobody found), the general rules of every category.
 */
export function disclosureOf(deps: StepDeps, results: ReadonlyMap<string, FulfilResult>): Disclosure | null {
  const access = results.get('access');
  const explain = results.get('explain');
  if (!access && !explain) return null;
  const held = [access, explain].find((x) => x?.summary);
  const answer = explain?.answer ?? null;
  if (held?.summary)
    return {
      scope: 'held',
      categories: discloseCategories(
        held.summary.map((s) => ({ category: s.category, records: s.records })),
        held.receivedBy ?? [],
        deps.policy,
      ),
      answer,
    };
  // Access for someone we hold nothing about is answered by the "nothing found" line alone.
  if (!explain) return null;
  return {
    scope: 'general',
    categories: discloseCategories(
      DATA_CATEGORIES.map((category) => ({ category, records: null })),
      [],
      deps.policy,
    ),
    answer,
  };
}

/** What was corrected: the fields by name (never the new values) or, when staff corrected by hand, the categories. */
function correctedNote(res: FulfilResult, policy: Pick<Policy, 'categories'>): Text {
  const fields = (res.correctedFields ?? []).map((f) => FIELD_LABELS[f]);
  const named = fields.length > 0 ? fields : (res.corrected ?? []).map((c) => policy.categories[c]);
  const zh = named.map((n) => n.zh).join('、');
  const en = named.map((n) => n.en).join(', ');
  return text(
    `我们已核实并在业务系统中更正了您的${zh}（为保护您的信息安全，本函不含更正后的内容；如需核对，您可以提出查阅请求）。`,
    `We checked and corrected your ${en} in our systems (to keep your information safe this letter does not repeat the new values; you can ask for access to check them).`,
  );
}

/** One line per result that the letter's sections (disclosure, erasure, holds) do not already say. */
export function replyNotes(results: ReadonlyMap<string, FulfilResult>, policy: Pick<Policy, 'categories'>): Text[] {
  const notes: Text[] = [];
  if ([...results.values()].some((res) => res.status === 'no_data' && res.right !== 'explain'))
    notes.push(
      text(
        '经核查，我们未找到与您提供的身份信息相符的个人信息。',
        'We hold no personal information matching the identifiers you gave.',
      ),
    );
  for (const res of results.values()) {
    if (res.status === 'no_data' || res.status === 'refused') continue;
    if (res.right === 'withdraw_consent')
      notes.push(text('我们已停止基于您同意的营销推送。', 'We have stopped marketing based on your consent.'));
    if (res.right === 'restrict')
      notes.push(
        text(
          '我们已限制对您个人信息的处理，仅保存并采取安全措施。',
          'Processing of your data is restricted to storage and security measures.',
        ),
      );
    if (res.right === 'correct' && res.status === 'done' && (res.corrected?.length ?? 0) > 0)
      notes.push(correctedNote(res, policy));
    if (res.status === 'pending_staff')
      notes.push(
        text(
          '您的更正请求仍在核实中（我们须先核实再更正，《个人信息保护法》第四十六条第二款）；核实完成后，无论是否更正，我们都将另行书面告知您结果。',
          'Your correction is still being checked (we must verify before we correct, PIPL art. 46 ¶2); once it is checked we will tell you the result in writing, whether or not it is made.',
        ),
      );
  }
  return notes;
}

// What a reply says about each right, from the recorded results: the disclosure of access and explanation
// (processing rules of policy/processing.yaml for the categories held), and one line per other result.

import { FIELD_LABELS } from '../../domain/corrections/index.ts';
import { discloseCategories } from '../../domain/disclosure/index.ts';
import type { Policy } from '../../domain/policy/schema.ts';
import { type LetterData, restrictionNotes } from '../../domain/replies/index.ts';
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

/**
 * A withdrawal of consent, per processing named: stopped (or that there was nothing of theirs in it), what was erased
 * and what a duty keeps; then the consent-based processings the words did not name, which continue (never
 * "everything"). PIPL art. 15 ¶2: what was done before the withdrawal stays valid.
 */
function withdrawalNotes(res: FulfilResult, policy: Pick<Policy, 'categories' | 'processing'>): Text[] {
  const notes: Text[] = [];
  const defs = policy.processing.consentProcessings;
  for (const w of res.withdrawn ?? []) {
    const def = defs.find((d) => d.code === w.scope);
    if (!def) continue;
    if (!w.active)
      notes.push(
        text(
          `关于「${def.zh}」：我们未以此方式处理您的个人信息，也未持有相关信息；我们已记录您不同意此项处理。`,
          `About "${def.en}": we do not process your personal information this way and hold none for it; we have recorded that you do not consent to it.`,
        ),
      );
    else
      notes.push(text(`我们已停止「${def.zh}」（${def.cite.zh}）。`, `We have stopped "${def.en}" (${def.cite.en}).`));
    if (w.erased > 0)
      notes.push(
        text(
          `我们已删除${def.deletes.zh}（共${w.erased}条记录，删除依据：您撤回同意，《个人信息保护法》第四十七条第一款第（三）项）。`,
          `We have deleted ${def.deletes.en} (${w.erased} record(s); ground: you withdrew your consent, PIPL art. 47(1)(3)).`,
        ),
      );
    for (const h of w.held)
      notes.push(
        text(
          `与此相关的${policy.categories[h.category].zh}依法须继续保存${h.until ? `至${h.until}` : ''}，暂不能删除，期间仅作存储并采取安全措施，不作他用（《个人信息保护法》第四十七条第二款）。`,
          `The related ${policy.categories[h.category].en} must be kept by law${h.until ? ` until ${h.until}` : ''} and cannot be deleted yet; meanwhile it is only stored and protected, not used (PIPL art. 47 ¶2).`,
        ),
      );
  }
  const named = new Set((res.withdrawn ?? []).map((w) => w.scope));
  const others = defs.filter((d) => !named.has(d.code));
  if (named.size > 0 && others.length > 0)
    notes.push(
      text(
        `您的请求未提及以下基于同意的处理，我们未作改变：${others.map((d) => d.zh).join('；')}。如需一并撤回，请告知我们。撤回同意不影响撤回前基于您同意已进行的处理活动的效力（《个人信息保护法》第十五条第二款）。`,
        `Your request did not name the following processing based on your consent, which we have left unchanged: ${others.map((d) => d.en).join('; ')}. Tell us if you withdraw these too. Withdrawing consent does not affect processing done on your consent before (PIPL art. 15 ¶2).`,
      ),
    );
  return notes;
}

/** What was corrected: the fields by name (never the new values) or, when staff corrected by hand, the categories. */
function correctedNote(res: FulfilResult, policy: Pick<Policy, 'categories' | 'processing'>): Text {
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
export function replyNotes(
  results: ReadonlyMap<string, FulfilResult>,
  policy: Pick<Policy, 'categories' | 'processing' | 'recipients'>,
): Text[] {
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
    if (res.right === 'withdraw_consent') notes.push(...withdrawalNotes(res, policy));
    if (res.right === 'restrict') notes.push(...restrictionNotes(res.restrictions ?? [], policy));
    if (res.right === 'correct' && res.status === 'done' && (res.corrected?.length ?? 0) > 0)
      notes.push(correctedNote(res, policy));
    if (res.status === 'pending_staff' && res.right === 'explain')
      notes.push(
        text(
          '您提出的问题，我们的个人信息保护负责人仍在研究；答复后我们将另行书面告知您（《个人信息保护法》第四十八条）。',
          'Our privacy officer is still working on the question you asked; we will send you the answer in writing once it is ready (PIPL art. 48).',
        ),
      );
    if (res.status === 'pending_staff' && res.right === 'correct')
      notes.push(
        text(
          '您的更正请求仍在核实中（我们须先核实再更正，《个人信息保护法》第四十六条第二款）；核实完成后，无论是否更正，我们都将另行书面告知您结果。',
          'Your correction is still being checked (we must verify before we correct, PIPL art. 46 ¶2); once it is checked we will tell you the result in writing, whether or not it is made.',
        ),
      );
  }
  return notes;
}

// Renders a letter from the policy's templates: Chinese first with the English version below (or English alone
// for a person who wrote in English). Data is checked against the letter's schema before rendering and the
// engine is strict, so a letter never goes out with a missing piece.

import type { Language, LetterKind, Policy } from '../policy/schema.ts';
import { formatPath } from '../policy/validate.ts';
import { type DataCategory, RIGHT_LABELS, type Right } from '../request/model.ts';
import { neutralLines } from './confidential.ts';
import { LETTER_DATA, type LetterData } from './data.ts';
import { createLiquid } from './engine.ts';
import { type OnBehalf, onBehalfText } from './on-behalf.ts';

export interface RenderedLetter {
  subject: string;
  text: string;
  html: string;
}

export class LetterDataError extends Error {
  override name = 'LetterDataError';
}

const liquid = createLiquid();
const SEPARATOR = '\n\n———————— English version ————————\n\n';

/** The data with codes turned into the labels the templates print, plus the policy's contacts and settings. */
function context(data: Record<string, unknown>, policy: Policy): Record<string, unknown> {
  const category = (c: DataCategory) => ({ code: c, ...policy.categories[c] });
  const ctx: Record<string, unknown> = { ...data, contacts: policy.contacts, settings: policy.settings };
  // Always defined (the engine is strict): null when the person asks for themself.
  ctx['onBehalf'] = data['onBehalf'] ? onBehalfText(data['onBehalf'] as OnBehalf) : null;
  ctx['secureReference'] = data['secureReference'] ?? null;
  if (Array.isArray(data['rights']))
    ctx['rights'] = (data['rights'] as Right[]).map((r) => ({
      code: r,
      zh: RIGHT_LABELS[r].zh,
      en: RIGHT_LABELS[r].en,
    }));
  if (Array.isArray(data['withheldRights']))
    ctx['withheldRights'] = (data['withheldRights'] as Right[]).map((r) => ({ code: r, ...RIGHT_LABELS[r] }));
  for (const key of ['erased', 'categories', 'withheldCategories', 'corrected'] as const)
    if (Array.isArray(data[key])) ctx[key] = (data[key] as DataCategory[]).map(category);
  if (Array.isArray(data['restricted']))
    ctx['restricted'] = (data['restricted'] as { category: DataCategory; until: string | null }[]).map((r) => ({
      ...r,
      label: category(r.category),
    }));
  const disclosure = data['disclosure'] as { categories: { category: DataCategory }[] } | null | undefined;
  if (disclosure)
    ctx['disclosure'] = {
      ...disclosure,
      categories: disclosure.categories.map((c) => ({ ...c, label: category(c.category) })),
    };
  if (Array.isArray(data['downloads']))
    ctx['downloads'] = (
      data['downloads'] as { included: DataCategory[]; excluded: { category: DataCategory }[] }[]
    ).map((d) => ({
      ...d,
      included: d.included.map(category),
      excluded: d.excluded.map((x) => ({ ...x, label: category(x.category) })),
    }));
  if (Array.isArray(data['held'])) {
    const held = data['held'] as { category: DataCategory; kind: string }[];
    ctx['held'] = held.map((h) => ({ ...h, label: category(h.category) }));
    // The AML explanation belongs only to retention duties, never to a legal hold, a dispute or a restriction.
    ctx['retentionHeld'] = held.some((h) => h.kind === 'retention');
  }
  return ctx;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function toHtml(text: string, language: Language): string {
  const paras = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  return `<!doctype html><html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><meta charset="utf-8"><body>\n${paras}\n</body></html>`;
}

function renderOne(kind: LetterKind, lang: Language, ctx: Record<string, unknown>, policy: Policy) {
  const t = policy.templates[`${kind}.${lang}`];
  try {
    return {
      subject: liquid.parseAndRenderSync(t.subject, ctx).trim(),
      text: liquid
        .parseAndRenderSync(t.body, ctx)
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    };
  } catch (e) {
    throw new LetterDataError(`${t.file}: ${(e as Error).message}`);
  }
}

/**
 * Renders `kind` for a person who wrote in `language`. Chinese letters carry the English version below
 * (`bilingual: false` to omit it); English letters are English only.
 */
export function renderLetter<K extends LetterKind>(
  kind: K,
  language: Language,
  data: LetterData<K>,
  policy: Policy,
  /** `confidential`: the person is under a legal hold — no line may hint at it (domain/replies/confidential.ts). */
  options: { bilingual?: boolean; confidential?: boolean } = {},
): RenderedLetter {
  const parsed = LETTER_DATA[kind].safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${formatPath(i.path) || '(data)'}: ${i.message}`).join('; ');
    throw new LetterDataError(`letter "${kind}": ${problems}`);
  }
  const ctx = context(parsed.data as Record<string, unknown>, policy);
  const one = (lang: Language) => {
    const letter = renderOne(kind, lang, ctx, policy);
    const keep = [policy.contacts.complaints.zh, policy.contacts.complaints.en];
    return options.confidential
      ? { subject: neutralLines(letter.subject, lang), text: neutralLines(letter.text, lang, keep) }
      : letter;
  };
  const en = one('en');
  if (language === 'en') return { ...en, html: toHtml(en.text, 'en') };
  const zh = one('zh');
  if (options.bilingual === false) return { ...zh, html: toHtml(zh.text, 'zh') };
  const text = zh.text + SEPARATOR + en.text;
  return { subject: `${zh.subject} / ${en.subject}`, text, html: toHtml(text, 'zh') };
}

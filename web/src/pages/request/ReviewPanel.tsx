// The privacy officer's review: the decision, what a refusal rests on, a partial scope, a fee. Where the API lists
// refusal bases as policy data (GET /api/reference `refusalBases`), the officer chooses bases and may edit each one's
// neutral letter text; a confidential basis warns that the person must never learn the real reason. Otherwise the
// §4(4) exceptions are offered as before.
import { type FormEvent, useState } from 'react';
import { api, type RefusalBasis, type RequestDetail } from '../../api.ts';
import { type Key, useT } from '../../i18n.ts';
import { rightLabel, useReference } from '../../reference.ts';
import type { Action } from './common.tsx';

interface Chosen {
  zh: string;
  en: string;
}

export function ReviewPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const ref = useReference();
  const context = d.openTasks.find((x) => x.kind === 'review')?.context as
    | { reasons?: string[]; suggestedExceptions?: string[] }
    | undefined;
  const bases = ref?.refusalBases;
  const [decision, setDecision] = useState('proceed');
  const [codes, setCodes] = useState<string[]>(context?.suggestedExceptions ?? []);
  const [chosen, setChosen] = useState<Record<string, Chosen>>({});
  const [reasons, setReasons] = useState('');
  const [withheld, setWithheld] = useState<string[]>([]);
  const [fee, setFee] = useState('');
  const refusing = decision === 'refuse' || decision === 'partial';

  // Suggested exceptions are basis codes too: preselect them with the policy's letter text once bases are known.
  const chosenOrSuggested = (): Record<string, Chosen> => {
    if (Object.keys(chosen).length > 0 || !bases) return chosen;
    const out: Record<string, Chosen> = {};
    for (const b of bases) if (codes.includes(b.code)) out[b.code] = { ...b.letter };
    return out;
  };
  const toggleBasis = (b: RefusalBasis) => {
    const current = chosenOrSuggested();
    const next = { ...current };
    if (next[b.code]) delete next[b.code];
    else next[b.code] = { ...b.letter };
    setChosen(next);
    setCodes(Object.keys(next));
  };
  const editBasis = (code: string, lang: 'zh' | 'en', text: string) => {
    const current = chosenOrSuggested();
    setChosen({ ...current, [code]: { ...current[code]!, [lang]: text } });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const picked = chosenOrSuggested();
    const basesBody = bases
      ? {
          bases: refusing
            ? bases
                .filter((b) => picked[b.code])
                .map((b) => {
                  const text = picked[b.code]!;
                  // Only an edited text travels; the policy's own stays the policy's (and its later versions).
                  const edited = text.zh.trim() !== b.letter.zh || text.en.trim() !== b.letter.en;
                  return edited ? { code: b.code, text: { zh: text.zh.trim(), en: text.en.trim() } } : { code: b.code };
                })
            : [],
        }
      : { exceptionCodes: refusing ? codes : [] };
    void action.run(() =>
      api('POST', `/api/requests/${d.request.id}/review`, {
        decision,
        ...basesBody,
        ...(reasons.trim() ? { reasons: reasons.trim() } : {}),
        ...(decision === 'partial' ? { withheld: { rights: withheld, categories: [] } } : {}),
        ...(decision === 'fee_quote' ? { fee: { amount: Number(fee), currency: 'CNY' } } : {}),
      }),
    );
  };
  const decisions: [string, Key][] = [
    ['proceed', 'decProceed'],
    ['partial', 'decPartial'],
    ['refuse', 'decRefuse'],
    ['fee_quote', 'decFee'],
  ];
  const picked = chosenOrSuggested();
  return (
    <section className="card review" aria-labelledby="review-h">
      <h2 id="review-h">{t('review')}</h2>
      {context?.reasons?.length ? (
        <p className="alert info">
          {t('reviewReasons')}: {context.reasons.map((c) => ref?.reviewReasons[c]?.[t.lang] ?? c).join('；')}
        </p>
      ) : null}
      <form onSubmit={submit}>
        <fieldset className="radios inline">
          <legend>{t('decision')}</legend>
          {decisions.map(([v, label]) => (
            <label key={v} className="check">
              <input type="radio" name="decision" value={v} checked={decision === v} onChange={() => setDecision(v)} />
              {t(label)}
            </label>
          ))}
        </fieldset>
        {refusing && bases && (
          <fieldset className="bases">
            <legend>{t('basesTitle')}</legend>
            {bases.map((b) => (
              <div key={b.code} className={`basis${picked[b.code] ? ' chosen' : ''}`}>
                <label className="check block">
                  <input
                    type="checkbox"
                    name="basis"
                    value={b.code}
                    checked={picked[b.code] !== undefined}
                    onChange={() => toggleBasis(b)}
                  />
                  <span>
                    <strong>{b.officer[t.lang]}</strong> <span className="muted small">{b.source[t.lang]}</span>
                    {b.confidential && <span className="badge confidential">{t('basisConfidentialBadge')}</span>}
                  </span>
                </label>
                {picked[b.code] && (
                  <div className="basis-text">
                    {b.confidential && <p className="alert warn small">{t('basisConfidential')}</p>}
                    <label>
                      {t('basisLetterZh')}
                      <textarea
                        rows={2}
                        value={picked[b.code]!.zh}
                        onChange={(e) => editBasis(b.code, 'zh', e.target.value)}
                      />
                    </label>
                    <label>
                      {t('basisLetterEn')}
                      <textarea
                        rows={2}
                        value={picked[b.code]!.en}
                        onChange={(e) => editBasis(b.code, 'en', e.target.value)}
                      />
                    </label>
                  </div>
                )}
              </div>
            ))}
          </fieldset>
        )}
        {refusing && !bases && (
          <fieldset>
            <legend>{t('exceptionsBasis')}</legend>
            {ref?.exceptions.map((x) => (
              <label key={x.code} className="check block">
                <input
                  type="checkbox"
                  name="exception"
                  value={x.code}
                  checked={codes.includes(x.code)}
                  onChange={() =>
                    setCodes((c) => (c.includes(x.code) ? c.filter((y) => y !== x.code) : [...c, x.code]))
                  }
                />
                {x.number}. {t.lang === 'zh' ? x.zh : x.en}
              </label>
            ))}
          </fieldset>
        )}
        {decision === 'partial' && (
          <fieldset>
            <legend>{t('withheld')}</legend>
            {d.request.rights.map((x) => (
              <label key={x} className="check">
                <input
                  type="checkbox"
                  checked={withheld.includes(x)}
                  onChange={() => setWithheld((w) => (w.includes(x) ? w.filter((y) => y !== x) : [...w, x]))}
                />
                {rightLabel(ref, t.lang, x)}
              </label>
            ))}
          </fieldset>
        )}
        {decision === 'fee_quote' && (
          <label>
            {t('feeAmount')}
            <input type="number" min="1" step="1" value={fee} onChange={(e) => setFee(e.target.value)} />
          </label>
        )}
        <label>
          {t('reasonsText')}
          <textarea
            name="reasons"
            rows={3}
            value={reasons}
            onChange={(e) => setReasons(e.target.value)}
            required={refusing && !bases}
          />
        </label>
        <button type="submit" className="primary" disabled={action.busy}>
          {t('submitDecision')}
        </button>
      </form>
    </section>
  );
}

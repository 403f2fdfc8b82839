// The privacy officer's review: the decision, what a refusal rests on, a partial scope, a fee. Where the API lists
// refusal bases as policy data (GET /api/reference `refusalBases`), the officer chooses bases and may edit each one's
// neutral letter text; a confidential basis warns that the person must never learn the real reason. Otherwise the
// §4(4) exceptions are offered as before. Under a legal hold (e.g. an AML investigation) the review task carries the
// warning that the real reason must not reach the person; every text the person would read is checked as the officer
// types, with the same words the workflow refuses (domain/rules/refusal.ts), so the officer learns why before sending.
import { type FormEvent, useState } from 'react';
import { costBasis, yuan } from '../../../../domain/rules/fees.ts';
import { CONFIDENTIAL_TERMS } from '../../../../domain/rules/refusal.ts';
import { api, type RefusalBasis, type RequestDetail } from '../../api.ts';
import { holdLabel, type Key, useT } from '../../i18n.ts';
import { rightLabel, useReference } from '../../reference.ts';
import type { Action } from './common.tsx';

interface ReviewContext {
  reasons?: string[];
  suggestedExceptions?: string[];
  suggestedBases?: string[];
  /** Present while a legal hold is open: the warning for the officer, and the holds' kinds (internal only). */
  confidential?: { zh: string; en: string };
  legalHolds?: string[];
}

interface Chosen {
  zh: string;
  en: string;
}

export function ReviewPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const ref = useReference();
  const context = d.openTasks.find((x) => x.kind === 'review')?.context as ReviewContext | undefined;
  const underHold = context?.confidential !== undefined || (context?.legalHolds?.length ?? 0) > 0;
  const bases = ref?.refusalBases;
  const [decision, setDecision] = useState('proceed');
  const [codes, setCodes] = useState<string[]>(
    context?.suggestedBases?.length ? context.suggestedBases : (context?.suggestedExceptions ?? []),
  );
  const [chosen, setChosen] = useState<Record<string, Chosen>>({});
  const [reasons, setReasons] = useState('');
  const [withheld, setWithheld] = useState<string[]>([]);
  const [fee, setFee] = useState('');
  // Cost items and quantities (policy fees.costItems); starts as the policy's ordinary transfer.
  const costItems = ref?.fees?.costItems;
  const [quantities, setQuantities] = useState<Record<string, string>>(() =>
    Object.fromEntries((ref?.fees?.standardItems ?? []).map((s) => [s.code, String(s.quantity)])),
  );
  const feeItems = Object.entries(quantities)
    .map(([code, q]) => ({ code, quantity: Number(q) }))
    .filter((i) => Number.isFinite(i.quantity) && i.quantity > 0);
  // Reckoned as the workflow reckons it (the same costBasis): the most the quote may charge (NDSR art. 25 ¶2).
  const basis = ref?.fees && feeItems.length > 0 ? costBasis(feeItems, ref.fees) : undefined;
  const costFen = basis?.totalFen ?? 0;
  const yuanText = (lang: 'zh' | 'en', fen: number) => yuan(fen)[lang];
  const overCost = costItems !== undefined && fee.trim() !== '' && Math.round(Number(fee) * 100) > costFen;
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
        ...(decision === 'fee_quote'
          ? {
              fee: costItems
                ? { items: feeItems, currency: 'CNY', ...(fee.trim() ? { amount: Number(fee) } : {}) }
                : { amount: Number(fee), currency: 'CNY' },
            }
          : {}),
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
  // The workflow refuses these (the person would read them): an edited confidential basis, and under a legal hold any
  // edited basis and the officer's own reasons.
  const leaks = (text: string) => CONFIDENTIAL_TERMS.test(text);
  const basisLeaks = (b: RefusalBasis) => {
    const text = picked[b.code];
    if (!text || !(b.confidential || underHold)) return false;
    const edited = text.zh.trim() !== b.letter.zh || text.en.trim() !== b.letter.en;
    return edited && leaks(`${text.zh}\n${text.en}`);
  };
  const reasonsLeak = underHold && leaks(reasons);
  const blocked = reasonsLeak || (refusing && (bases ?? []).some(basisLeaks));
  return (
    <section className="card review" aria-labelledby="review-h">
      <h2 id="review-h">{t('review')}</h2>
      {context?.reasons?.length ? (
        <p className="alert info">
          {t('reviewReasons')}: {context.reasons.map((c) => ref?.reviewReasons[c]?.[t.lang] ?? c).join('；')}
        </p>
      ) : null}
      {context?.confidential && (
        <div className="alert warn" role="note" data-testid="confidential-warning">
          <p>{context.confidential[t.lang]}</p>
          {context.legalHolds?.length ? (
            <p className="small">
              {t('legalHoldsTitle')}：{context.legalHolds.map((h) => holdLabel(t.lang, h) ?? h).join('；')}
            </p>
          ) : null}
        </div>
      )}
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
                    {basisLeaks(b) && (
                      <p className="alert error small" role="alert">
                        {t('leaksConfidential')}
                      </p>
                    )}
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
        {decision === 'fee_quote' && costItems && (
          <fieldset className="fee-items" data-testid="fee-items">
            <legend>{t('feeItems')}</legend>
            <table className="compact">
              <thead>
                <tr>
                  <th>{t('feeItem')}</th>
                  <th>{t('feeUnitCost')}</th>
                  <th>{t('feeQuantity')}</th>
                  <th>{t('feeSubtotal')}</th>
                </tr>
              </thead>
              <tbody>
                {costItems.map((c) => {
                  const sub = basis?.lines.find((l) => l.code === c.code)?.subtotalFen ?? 0;
                  return (
                    <tr key={c.code}>
                      <td>{t.lang === 'zh' ? c.zh : c.en}</td>
                      <td className="nowrap">
                        {yuanText(t.lang, Math.round(c.unitCost * 100))}/{t.lang === 'zh' ? c.unit.zh : c.unit.en}
                      </td>
                      <td>
                        <input
                          type="number"
                          min="0"
                          step="0.5"
                          className="qty"
                          aria-label={`${t('feeQuantity')}：${t.lang === 'zh' ? c.zh : c.en}`}
                          value={quantities[c.code] ?? ''}
                          onChange={(e) => setQuantities((qs) => ({ ...qs, [c.code]: e.target.value }))}
                        />
                      </td>
                      <td className="nowrap">{sub > 0 ? yuanText(t.lang, sub) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th colSpan={3}>{t('feeCostTotal')}</th>
                  <th className="nowrap" data-testid="fee-cost-total">
                    {yuanText(t.lang, costFen)}
                  </th>
                </tr>
              </tfoot>
            </table>
            <label>
              {t('feeCharged')}
              <input
                type="number"
                min="0.01"
                step="0.01"
                value={fee}
                placeholder={String(costFen / 100)}
                onChange={(e) => setFee(e.target.value)}
              />
            </label>
            <p className={`small ${overCost ? 'alert error' : 'muted'}`}>{t('feeNeverAboveCost')}</p>
          </fieldset>
        )}
        {decision === 'fee_quote' && !costItems && (
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
        {reasonsLeak && (
          <p className="alert error small" role="alert">
            {t('leaksConfidential')}
          </p>
        )}
        <button type="submit" className="primary" disabled={action.busy || blocked}>
          {t('submitDecision')}
        </button>
      </form>
    </section>
  );
}

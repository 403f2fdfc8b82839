// The privacy officer's answer to the question the person asked with an explanation request (PIPL art. 48; POST
// /api/requests/{id}/explanation). The reply quotes it and waits for it; what the answer may speak of comes from the
// task: the person's own data categories, or only the general rules (not verified for disclosure, or not found).
import { type FormEvent, useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { useT } from '../../i18n.ts';
import { categoryLabel, useReference } from '../../reference.ts';
import type { Action } from './common.tsx';

interface ExplanationContext {
  general?: boolean;
  categories?: string[];
}

export function ExplanationPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const ref = useReference();
  const context = d.openTasks.find((x) => x.kind === 'explanation')?.context as ExplanationContext | undefined;
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const needsEnglish = d.request.language === 'en';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() =>
      api('POST', `/api/requests/${d.request.id}/explanation`, {
        answer: { zh: zh.trim(), ...(en.trim() ? { en: en.trim() } : {}) },
      }),
    );
  };
  const ready =
    zh.trim().length >= 10 && (!needsEnglish || en.trim().length >= 10) && (en.trim() === '' || en.trim().length >= 10);
  return (
    <section className="card review" aria-labelledby="expl-h">
      <h2 id="expl-h">{t('explTitle')}</h2>
      <p className="muted small">{t('explHint')}</p>
      {context?.general ? (
        <p className="alert warn">{t('explGeneral')}</p>
      ) : (
        (context?.categories?.length ?? 0) > 0 && (
          <p className="small">
            {t('explCategories', {
              list: context!.categories!.map((c) => categoryLabel(ref, t.lang, c)).join('、'),
            })}
          </p>
        )
      )}
      <form onSubmit={submit}>
        <label>
          {t('explZh')}
          <textarea
            rows={4}
            value={zh}
            minLength={10}
            maxLength={4000}
            onChange={(e) => setZh(e.target.value)}
            required
          />
        </label>
        <label>
          {t('explEn')}
          <textarea
            rows={3}
            value={en}
            maxLength={4000}
            onChange={(e) => setEn(e.target.value)}
            required={needsEnglish}
          />
        </label>
        <button type="submit" className="primary" disabled={action.busy || !ready}>
          {t('explSubmit')}
        </button>
      </form>
    </section>
  );
}

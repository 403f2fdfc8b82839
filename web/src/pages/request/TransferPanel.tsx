// Portability to the company the person named (PIPL art. 45 ¶3; NDSR art. 25; POST /api/requests/{id}/transfer): the
// privacy officer checks that company's receiving address (never the one read from the person's mail unchecked) and
// confirms it — the company gets a link of its own with a code in a separate mail — or refuses, with the reason in
// words. The reply that waits for it reports the decision.
import { type FormEvent, useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { useT } from '../../i18n.ts';
import type { Action } from './common.tsx';

interface TransferContext {
  receiverName?: string;
  contactGiven?: boolean;
}

export function TransferPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const context = d.openTasks.find((x) => x.kind === 'transfer')?.context as TransferContext | undefined;
  const [mode, setMode] = useState<'confirm' | 'refuse'>('confirm');
  const [name, setName] = useState(context?.receiverName ?? '');
  const [email, setEmail] = useState('');
  const [codeEmail, setCodeEmail] = useState('');
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const needsEnglish = d.request.language === 'en';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body =
      mode === 'confirm'
        ? {
            confirm: {
              name: name.trim(),
              email: email.trim(),
              ...(codeEmail.trim() ? { codeEmail: codeEmail.trim() } : {}),
            },
          }
        : { refuse: { zh: zh.trim(), ...(en.trim() ? { en: en.trim() } : {}) } };
    void action.run(() => api('POST', `/api/requests/${d.request.id}/transfer`, body));
  };
  const ready =
    mode === 'confirm'
      ? name.trim().length >= 2 && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())
      : zh.trim().length >= 5 && (!needsEnglish || en.trim().length >= 5);
  return (
    <section className="card review" aria-labelledby="transfer-h">
      <h2 id="transfer-h">{t('trTitle')}</h2>
      <p className="muted small">{t('trHint')}</p>
      {context?.receiverName && <p>{t('trNamed', { name: context.receiverName })}</p>}
      {context?.contactGiven && <p className="alert warn small">{t('trContactGiven')}</p>}
      <form onSubmit={submit}>
        <fieldset className="radios">
          <legend>{t('trDecision')}</legend>
          <label className="check">
            <input type="radio" name="transfer-mode" checked={mode === 'confirm'} onChange={() => setMode('confirm')} />
            {t('trConfirm')}
          </label>
          <label className="check">
            <input type="radio" name="transfer-mode" checked={mode === 'refuse'} onChange={() => setMode('refuse')} />
            {t('trRefuse')}
          </label>
        </fieldset>
        {mode === 'confirm' ? (
          <>
            <label>
              {t('trName')}
              <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} required />
            </label>
            <label>
              {t('trEmail')}
              <input type="email" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} required />
            </label>
            <label>
              {t('trCodeEmail')}
              <input type="email" value={codeEmail} maxLength={254} onChange={(e) => setCodeEmail(e.target.value)} />
            </label>
          </>
        ) : (
          <>
            <label>
              {t('trReasonZh')}
              <textarea rows={3} value={zh} maxLength={2000} onChange={(e) => setZh(e.target.value)} required />
            </label>
            <label>
              {t('trReasonEn')}
              <textarea
                rows={2}
                value={en}
                maxLength={2000}
                onChange={(e) => setEn(e.target.value)}
                required={needsEnglish}
              />
            </label>
          </>
        )}
        <button type="submit" className="primary" disabled={action.busy || !ready}>
          {t(mode === 'confirm' ? 'trSend' : 'trRecordRefusal')}
        </button>
      </form>
    </section>
  );
}

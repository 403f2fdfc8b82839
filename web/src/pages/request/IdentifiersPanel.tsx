// Staff add or correct a request's identifiers before it is verified (POST /api/requests/{id}/identifiers): the ID
// number a caller gave later, a mistyped digit, a guardian's own details. Only filled fields travel; the reason is
// audited; the API re-files the request and sends a new code where the identifiers now find a phone on file.
import { type FormEvent, useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { type Key, useT } from '../../i18n.ts';
import type { Action } from './common.tsx';
import { RELATIONS, relationLabel } from './labels.ts';

const SUBJECT: [string, Key, string?][] = [
  ['name', 'name'],
  ['idNumber', 'idNumber', 'mono'],
  ['phone', 'phone', 'mono'],
  ['email', 'emailPlain'],
  ['bankCardLast4', 'cardLast4', 'mono'],
];
const REQUESTER: [string, Key, string?][] = [
  ['name', 'callerName'],
  ['idNumber', 'callerIdNumber', 'mono'],
  ['phone', 'callerPhone', 'mono'],
];

const filled = (o: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v.trim() !== '')
      .map(([k, v]) => [k, v.trim()]),
  );

export function IdentifiersPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [subject, setSubject] = useState<Record<string, string>>({});
  const [requester, setRequester] = useState<Record<string, string>>({});
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<{ codeSent: boolean; verificationReset: boolean }>();
  const forSomeoneElse = d.request.requester.type !== 'self';
  const s = filled(subject);
  const q = filled(requester);
  const nothing = Object.keys(s).length + Object.keys(q).length === 0;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(async () => {
      const res = await api<{ codeSent: boolean; verificationReset: boolean }>(
        'POST',
        `/api/requests/${d.request.id}/identifiers`,
        {
          ...(Object.keys(s).length ? { subject: s } : {}),
          ...(Object.keys(q).length ? { requester: q } : {}),
          reason: reason.trim(),
        },
      );
      setResult(res);
      setSubject({});
      setRequester({});
      setReason('');
      setOpen(false);
    });
  };
  return (
    <section className="card" aria-labelledby="identifiers-h">
      <header className="card-head">
        <h2 id="identifiers-h">{t('identifiersTitle')}</h2>
        {!open && (
          <button type="button" className="link" onClick={() => setOpen(true)}>
            {t('identifiersOpen')}
          </button>
        )}
      </header>
      {result && (
        <p className="alert ok" role="status">
          {t('identifiersSaved')}
          {result.codeSent ? ` ${t('identifiersCodeSent')}` : ''}
        </p>
      )}
      {!open ? (
        <p className="muted small">{t('identifiersHint')}</p>
      ) : (
        <form onSubmit={submit} className="identifiers-form">
          <fieldset>
            <legend>{t('subjectSection')}</legend>
            <div className="grid-halves">
              {SUBJECT.map(([k, label, cls]) => (
                <label key={k}>
                  {t(label)}
                  <input
                    className={cls}
                    name={`subject.${k}`}
                    value={subject[k] ?? ''}
                    maxLength={k === 'bankCardLast4' ? 4 : 100}
                    onChange={(e) => setSubject((x) => ({ ...x, [k]: e.target.value }))}
                  />
                </label>
              ))}
            </div>
          </fieldset>
          {forSomeoneElse && (
            <fieldset>
              <legend>{t('callerSection')}</legend>
              <div className="grid-halves">
                {REQUESTER.map(([k, label, cls]) => (
                  <label key={k}>
                    {t(label)}
                    <input
                      className={cls}
                      name={`requester.${k}`}
                      value={requester[k] ?? ''}
                      onChange={(e) => setRequester((x) => ({ ...x, [k]: e.target.value }))}
                    />
                  </label>
                ))}
                <label>
                  {t('relation')}
                  <select
                    name="requester.relation"
                    value={requester.relation ?? ''}
                    onChange={(e) => setRequester((x) => ({ ...x, relation: e.target.value }))}
                  >
                    <option value="">—</option>
                    {RELATIONS.map((r) => (
                      <option key={r} value={r}>
                        {relationLabel(t.lang, r)}
                      </option>
                    ))}
                  </select>
                </label>
              </div>
            </fieldset>
          )}
          <label>
            {t('identifiersReason')}
            <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={500} />
          </label>
          <div className="row">
            <button type="submit" className="primary" disabled={action.busy || nothing || !reason.trim()}>
              {t('identifiersSave')}
            </button>
            <button type="button" className="link" onClick={() => setOpen(false)}>
              {t('cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

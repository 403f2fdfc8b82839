// A child under 14 found in the company's records through this request (POST /api/requests/{id}/child-data): the
// policy promises to delete a child's data as soon as it is found (privacy policy §5), whoever asked. The privacy
// officer records what was done — with the reference of the deletion — or that the customer is not a child after all;
// the note is kept in the hash-chained record (personal data redacted).
import { type FormEvent, useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { type Key, useT } from '../../i18n.ts';
import type { Action } from './common.tsx';

const DECISIONS: [string, Key][] = [
  ['deleted', 'childDeleted'],
  ['deletion_requested', 'childDeletionRequested'],
  ['not_a_child', 'childNotAChild'],
];

export function ChildDataPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const [decision, setDecision] = useState('');
  const [note, setNote] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() => api('POST', `/api/requests/${d.request.id}/child-data`, { decision, note: note.trim() }));
  };
  return (
    <section className="card review" aria-labelledby="child-h">
      <h2 id="child-h">{t('childTitle')}</h2>
      <p className="alert warn">{t('childHint')}</p>
      <form onSubmit={submit}>
        <fieldset className="radios">
          <legend>{t('childDecision')}</legend>
          {DECISIONS.map(([v, label]) => (
            <label key={v} className="check block">
              <input
                type="radio"
                name="child-decision"
                value={v}
                checked={decision === v}
                onChange={() => setDecision(v)}
              />
              {t(label)}
            </label>
          ))}
        </fieldset>
        <label>
          {t('childNote')}
          <textarea rows={2} value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} required />
        </label>
        <button type="submit" className="primary" disabled={action.busy || !decision || !note.trim()}>
          {t('childSubmit')}
        </button>
      </form>
    </section>
  );
}

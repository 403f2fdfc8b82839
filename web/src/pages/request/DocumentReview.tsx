// The privacy officer verifies by documents (guardians for a child, relatives of a deceased user, agents, anyone
// who cannot receive a code): which documents were seen, the relation, and for a relative of the deceased the two
// conditions of PIPL art. 49 (their own lawful interest; no contrary arrangement by the deceased).
import { type FormEvent, useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { useT } from '../../i18n.ts';
import type { Action } from './common.tsx';
import { DOCUMENTS, documentLabel, RELATIONS, relationLabel } from './labels.ts';

/** The documents a case normally needs, preselected (the officer may tick more or fewer). */
const EXPECTED: Record<string, string[]> = {
  guardian: ['requester_identity', 'subject_identity', 'guardianship'],
  relative_of_deceased: ['requester_identity', 'death_certificate', 'kinship'],
  agent: ['requester_identity', 'subject_identity', 'authorisation'],
  self: ['subject_identity'],
};

export function DocumentReview({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const type = d.request.requester.type;
  const relative = type === 'relative_of_deceased';
  const [documents, setDocuments] = useState<string[]>(EXPECTED[type] ?? []);
  const [relation, setRelation] = useState(d.request.requester.relation ?? (type === 'guardian' ? 'guardian' : ''));
  const [interest, setInterest] = useState(false);
  const [noArrangement, setNoArrangement] = useState(false);
  const [purpose, setPurpose] = useState('');
  const ready = documents.length > 0 && (!relative || (interest && noArrangement && relation !== ''));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void action.run(() =>
      api('POST', `/api/requests/${d.request.id}/verification`, {
        method: 'document_review',
        documents,
        ...(relation ? { relation } : {}),
        ...(relative
          ? {
              art49: {
                ownLawfulInterest: true,
                noContraryArrangement: true,
                ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
              },
            }
          : {}),
      }),
    );
  };
  return (
    <form className="document-review" onSubmit={submit} aria-labelledby="docs-h">
      <h3 id="docs-h">{t('docsTitle')}</h3>
      <fieldset>
        <legend>{t('docsSeen')}</legend>
        {DOCUMENTS.map((k) => (
          <label key={k} className="check block">
            <input
              type="checkbox"
              name="document"
              value={k}
              checked={documents.includes(k)}
              onChange={() => setDocuments((x) => (x.includes(k) ? x.filter((y) => y !== k) : [...x, k]))}
            />
            {documentLabel(t.lang, k)}
          </label>
        ))}
      </fieldset>
      {type !== 'self' && (
        <label>
          {t('relation')}
          <select value={relation} onChange={(e) => setRelation(e.target.value)} required={relative}>
            <option value="">—</option>
            {RELATIONS.filter((r) => (relative ? r !== 'guardian' : true)).map((r) => (
              <option key={r} value={r}>
                {relationLabel(t.lang, r)}
              </option>
            ))}
          </select>
        </label>
      )}
      {relative && (
        <fieldset>
          <legend>{t('art49Title')}</legend>
          <label className="check block">
            <input type="checkbox" checked={interest} onChange={(e) => setInterest(e.target.checked)} />
            {t('art49Interest')}
          </label>
          <label className="check block">
            <input type="checkbox" checked={noArrangement} onChange={(e) => setNoArrangement(e.target.checked)} />
            {t('art49NoArrangement')}
          </label>
          <label>
            {t('art49Purpose')}
            <input value={purpose} maxLength={500} onChange={(e) => setPurpose(e.target.value)} />
          </label>
        </fieldset>
      )}
      <button type="submit" disabled={action.busy || !ready}>
        {t('docsVerify')}
      </button>
    </form>
  );
}

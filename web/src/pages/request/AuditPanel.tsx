// The evidence check of a request (GET /api/requests/{id}/audit, the same as `rightsflow verify-audit`): the hash
// chain recomputed from its first event and its head compared with the copy anchored outside the table. Run on
// demand — it reads the whole chain — and shown in words, with the technical line for the record.
import { useState } from 'react';
import { ApiFailure, type AuditReport, api } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { type Key, useT } from '../../i18n.ts';
import { Field } from './common.tsx';

const TAMPER: Record<string, Key> = {
  edited: 'tamperEdited',
  removed: 'tamperRemoved',
  inserted: 'tamperInserted',
  reordered: 'tamperReordered',
  foreign: 'tamperForeign',
  rewritten: 'tamperRewritten',
};

export function AuditPanel({ requestId }: { requestId: string }) {
  const t = useT();
  const [report, setReport] = useState<AuditReport>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const check = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await api<AuditReport>('GET', `/api/requests/${requestId}/audit`));
    } catch (e) {
      setError(e instanceof ApiFailure ? `${e.message} (${e.code})` : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card audit" aria-labelledby="audit-h">
      <header className="card-head">
        <h2 id="audit-h">{t('auditTitle')}</h2>
        <button type="button" onClick={() => void check()} disabled={busy}>
          {report ? t('auditAgain') : t('auditCheck')}
        </button>
      </header>
      {!report && !error && <p className="muted small">{t('auditHint')}</p>}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {report && (
        <div aria-live="polite">
          <p className={`alert ${report.intact ? 'ok' : 'error'}`} data-testid="audit-verdict">
            {report.intact
              ? t('auditIntact', { n: report.length })
              : t('auditBroken', { seq: report.problem.seq, what: t(TAMPER[report.problem.kind] ?? 'tamperEdited') })}
          </p>
          <dl className="fields">
            <Field label={t('auditChecked')}>{dateTime(t.lang, report.checkedAt)}</Field>
            {report.intact && (
              <>
                <Field label={t('auditHead')}>
                  {report.head && (
                    <span className="mono" title={report.head.hash}>
                      #{report.head.seq} {report.head.hash.slice(0, 16)}…
                    </span>
                  )}
                </Field>
                <Field label={t('auditAnchor')}>
                  {report.anchor
                    ? t('auditAnchoredAt', { seq: report.anchor.seq, at: dateTime(t.lang, report.anchor.at) }) +
                      (report.anchor.eventsAfter > 0 ? t('auditAfter', { n: report.anchor.eventsAfter }) : '')
                    : t('auditNotAnchored')}
                </Field>
              </>
            )}
          </dl>
          <p className="mono small muted summary-line">{report.summary}</p>
        </div>
      )}
    </section>
  );
}

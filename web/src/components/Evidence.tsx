// Evidence in the console: a request's evidence report (masked, or in full for a privacy officer — recorded in the
// chain by the API; the audit-chain check is the console's AuditPanel), and the period report on the dashboard.
import { useState } from 'react';
import { openDocument } from '../api.ts';
import { useT } from '../i18n.ts';

/** The evidence report of one request: masked, or in full for a privacy officer (recorded in the chain by the API). */
export function EvidenceReportPanel({ id, officer, onRevealed }: { id: string; officer: boolean; onRevealed(): void }) {
  const t = useT();
  const [error, setError] = useState<string>();
  const open = async (full: boolean) => {
    setError(undefined);
    try {
      await openDocument(`/api/requests/${id}/evidence-report${full ? '?reveal=1' : ''}`);
      if (full) onRevealed();
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="card" aria-labelledby="evidence-h">
      <h2 id="evidence-h">{t('evidenceTitle')}</h2>
      <p className="muted small">{t('evidenceHint')}</p>
      <div className="actions">
        <button type="button" onClick={() => void open(false)}>
          {t('evidenceReport')}
        </button>
        {officer && (
          <button type="button" className="link" title={t('revealNote')} onClick={() => void open(true)}>
            {t('evidenceReportFull')}
          </button>
        )}
      </div>
      {error && <p className="alert error">{error}</p>}
    </section>
  );
}

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

export function PeriodReportCard() {
  const t = useT();
  const [from, setFrom] = useState(`${today().slice(0, 7)}-01`);
  const [to, setTo] = useState(today());
  const [error, setError] = useState<string>();
  const open = async (format: 'html' | 'csv' | 'json') => {
    setError(undefined);
    try {
      await openDocument(
        `/api/reports/period?from=${from}&to=${to}&format=${format}`,
        `rightsflow-report-${from}-${to}.${format}`,
      );
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <div className="card period-report">
      <h2>{t('periodTitle')}</h2>
      <p className="muted small">{t('periodHint')}</p>
      <div className="actions">
        <label>
          {t('periodFrom')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('periodTo')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="button" className="primary" onClick={() => void open('html')}>
          {t('periodOpen')}
        </button>
        <button type="button" onClick={() => void open('csv')}>
          CSV
        </button>
        <button type="button" onClick={() => void open('json')}>
          JSON
        </button>
      </div>
      {error && <p className="alert error">{error}</p>}
    </div>
  );
}

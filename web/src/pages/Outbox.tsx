// The local outbox: every mail (and SMS) the system sent, newest first, so a newcomer can follow a request
// without a mail client.
import { useState } from 'react';
import type { OutboxMessage } from '../api.ts';
import { LetterView } from '../components/Letter.tsx';
import { dateTime } from '../format.ts';
import { useApi } from '../hooks.ts';
import { useT } from '../i18n.ts';
import { href } from '../router.ts';

export function Outbox() {
  const t = useT();
  const { data, error } = useApi<{ items: OutboxMessage[] }>('/api/outbox?limit=200');
  const [selected, setSelected] = useState<string>();
  const items = data?.items ?? [];
  const current = items.find((m) => m.messageId === selected) ?? items[0];
  return (
    <section>
      <header className="page-head">
        <h1>{t('outboxTitle')}</h1>
      </header>
      <p className="muted">{t('outboxHint')}</p>
      {error && (
        <p className="alert error" role="alert">
          {error.message}
        </p>
      )}
      <div className="outbox">
        <div className="card table-card list">
          <table className="compact selectable">
            <thead>
              <tr>
                <th>{t('sentAt')}</th>
                <th>{t('kind')}</th>
                <th>{t('subjectLine')}</th>
                <th>{t('request')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((m) => (
                <tr key={m.messageId} aria-selected={current?.messageId === m.messageId}>
                  <td className="nowrap">{dateTime(t.lang, m.sentAt)}</td>
                  <td>
                    <span className={`badge channel-${m.channel ?? 'email'}`}>
                      {m.channel === 'sms' ? 'SMS' : t('mail')}
                    </span>
                    <span className="badge">{m.kind}</span>
                  </td>
                  <td>
                    <button type="button" className="row-button" onClick={() => setSelected(m.messageId)}>
                      {m.subject || m.text.slice(0, 40)}
                    </button>
                  </td>
                  <td>
                    {m.requestId && (
                      <a className="mono" href={href({ page: 'request', id: m.requestId })}>
                        {m.requestId}
                      </a>
                    )}
                  </td>
                </tr>
              ))}
              {(!data || items.length === 0) && !error && (
                <tr>
                  <td colSpan={4} className="empty">
                    {data ? t('emptyOutbox') : t('loading')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <div className="card viewer">
          {current ? <LetterView message={current} printable /> : <p className="muted">{t('selectMessage')}</p>}
        </div>
      </div>
    </section>
  );
}

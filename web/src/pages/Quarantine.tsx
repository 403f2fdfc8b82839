// Quarantined mail (GET /api/quarantine): mail judged spam or a virus waits here for a person, never unseen. Staff
// read it masked and release a real request (its deadline from when the mail arrived) or, as privacy officer or
// admin, confirm it as spam; both are recorded with who and when.
import { useState } from 'react';
import type { Me } from '../api.ts';
import { api } from '../api.ts';
import { dateTime } from '../format.ts';
import { useApi } from '../hooks.ts';
import { type Key, useT } from '../i18n.ts';
import { go } from '../router.ts';
import { useAction } from './request/common.tsx';

interface Settled {
  /** releasing: a release claimed it and has not finished (it is resumed by releasing again). */
  as: 'releasing' | 'released' | 'spam';
  by: string;
  at: string;
  requestId?: string;
}
interface QuarantineItem {
  id: string;
  signal: string;
  receivedAt: string;
  releasable: boolean;
  settled?: Settled;
}
interface QuarantinedMail extends QuarantineItem {
  mail?: {
    from: string;
    subject: string;
    text: string;
    truncated: boolean;
    attachments: { contentType: string; size: number }[];
  };
  unreadable?: true;
}

const SIGNAL: Record<string, [string, string]> = {
  spam_verdict: ['收件服务判定为垃圾邮件', 'spam verdict of the mail service'],
  virus_verdict: ['病毒扫描判定有害', 'virus verdict'],
};

function State({ s }: { s?: Settled }) {
  const t = useT();
  const label: Key = !s
    ? 'qPending'
    : s.as === 'releasing'
      ? 'qReleasing'
      : s.as === 'released'
        ? 'qReleased'
        : 'qSpam';
  return <span className={`badge ${s && s.as !== 'releasing' ? '' : 'warn'}`}>{t(label)}</span>;
}

export function Quarantine({ me }: { me: Me }) {
  const t = useT();
  const list = useApi<{ items: QuarantineItem[] }>('/api/quarantine?limit=200');
  const [selected, setSelected] = useState<string>();
  const items = list.data?.items ?? [];
  const currentId = selected ?? items.find((i) => !i.settled)?.id ?? items[0]?.id;
  const current = useApi<QuarantinedMail>(currentId ? `/api/quarantine/${currentId}` : undefined);
  const action = useAction(async () => {
    await Promise.all([list.reload(), current.reload()]);
  });
  const officer = me.roles.includes('privacy_officer') || me.roles.includes('admin');
  const m = current.data?.id === currentId ? current.data : undefined;
  const releasing = m?.settled?.as === 'releasing';

  const release = () =>
    action.run(async () => {
      const r = await api<{ requestId: string }>('POST', `/api/quarantine/${m!.id}/release`);
      if (r.requestId) go({ page: 'request', id: r.requestId });
    });
  const confirmSpam = () => action.run(() => api('POST', `/api/quarantine/${m!.id}/confirm-spam`));

  return (
    <section>
      <header className="page-head">
        <h1>{t('quarantineTitle')}</h1>
      </header>
      <p className="muted">{t('quarantineHint')}</p>
      {list.error && (
        <p className="alert error" role="alert">
          {list.error.message}
        </p>
      )}
      <div className="outbox">
        <div className="card table-card list">
          <table className="compact selectable">
            <thead>
              <tr>
                <th>{t('receivedAtCol')}</th>
                <th>{t('signalCol')}</th>
                <th>{t('stateCol')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id} aria-selected={currentId === i.id}>
                  <td className="nowrap">
                    <button type="button" className="row-button" onClick={() => setSelected(i.id)}>
                      {dateTime(t.lang, i.receivedAt)}
                    </button>
                  </td>
                  <td>{SIGNAL[i.signal]?.[t.lang === 'zh' ? 0 : 1] ?? i.signal}</td>
                  <td>
                    <State {...(i.settled && { s: i.settled })} />
                  </td>
                </tr>
              ))}
              {(!list.data || items.length === 0) && !list.error && (
                <tr>
                  <td colSpan={3} className="empty">
                    {list.data ? t('qEmpty') : t('loading')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <section className="card viewer" aria-label={t('quarantineTitle')}>
          {!m ? (
            <p className="muted">{currentId ? t('loading') : t('qSelect')}</p>
          ) : (
            <>
              {m.mail ? (
                <dl className="fields">
                  <dt>{t('qFrom')}</dt>
                  <dd className="mono">{m.mail.from}</dd>
                  <dt>{t('subjectLine')}</dt>
                  <dd>{m.mail.subject}</dd>
                  <dt>{t('receivedAtCol')}</dt>
                  <dd>{dateTime(t.lang, m.receivedAt)}</dd>
                  {m.mail.attachments.length > 0 && (
                    <>
                      <dt>{t('qAttachments')}</dt>
                      <dd>
                        {m.mail.attachments.map((a) => `${a.contentType} (${Math.ceil(a.size / 1024)} KB)`).join('，')}
                      </dd>
                    </>
                  )}
                </dl>
              ) : (
                <p className="alert warn">{t('qUnreadable')}</p>
              )}
              {m.mail && (
                <div className="letter-body">
                  {m.mail.text}
                  {m.mail.truncated && `\n${t('qTruncated')}`}
                </div>
              )}
              {m.settled && !releasing ? (
                <p className="alert ok" role="status">
                  <State s={m.settled} /> {t('qBy')} {m.settled.by.replace(/^staff:/, '')} ·{' '}
                  {dateTime(t.lang, m.settled.at)}
                  {m.settled.requestId && (
                    <>
                      {' · '}
                      <a className="mono" href={`#/requests/${m.settled.requestId}`}>
                        {m.settled.requestId}
                      </a>
                    </>
                  )}
                </p>
              ) : (
                <div className="actions">
                  {releasing && m.settled && (
                    <p className="alert warn" role="status">
                      {t('qReleasingHint')} {m.settled.by.replace(/^staff:/, '')} · {dateTime(t.lang, m.settled.at)}
                    </p>
                  )}
                  {!m.releasable && <p className="alert warn">{t('qVirus')}</p>}
                  {!officer && <p className="muted">{t('qOfficerOnly')}</p>}
                  <button
                    type="button"
                    className="primary"
                    disabled={action.busy || !m.releasable}
                    onClick={() => void release()}
                  >
                    {t('qRelease')}
                  </button>{' '}
                  <button
                    type="button"
                    disabled={action.busy || !officer || releasing}
                    onClick={() => void confirmSpam()}
                  >
                    {t('qConfirmSpam')}
                  </button>
                </div>
              )}
              {action.error && (
                <p className="alert error" role="alert">
                  {action.error}
                </p>
              )}
            </>
          )}
        </section>
      </div>
    </section>
  );
}

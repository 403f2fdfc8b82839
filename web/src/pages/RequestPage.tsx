// One request: who and what (masked; reveal is audited), verification, exception checks, the officer's review,
// fee, correction, partner notices, letters, the hash-chained timeline, and what staff can do next.

import { type FormEvent, useEffect, useState } from 'react';
import { verifiableOnCall } from '../../../domain/request/on-call.ts';
import { api, type Me, type OutboxMessage, type RequestDetail } from '../api.ts';
import { useBodyTakes, useServes } from '../capabilities.ts';
import { EvidenceReportPanel } from '../components/Evidence.tsx';
import { LetterView } from '../components/Letter.tsx';
import { StatusBadge } from '../components/Status.tsx';
import { UrgencyBadge } from '../components/Urgency.tsx';
import { dateTime, day } from '../format.ts';
import { useApi } from '../hooks.ts';
import { channelLabel, eventLabel, holdLabel, type Key, outcomeLabel, useT } from '../i18n.ts';
import { categoryLabel, rightLabel, useReference } from '../reference.ts';
import { href } from '../router.ts';
import { AuditPanel } from './request/AuditPanel.tsx';
import { ChildDataPanel } from './request/ChildDataPanel.tsx';
import { CorrectionPanel } from './request/CorrectionPanel.tsx';
import { type Action, Field, has, useAction } from './request/common.tsx';
import { DocumentReview } from './request/DocumentReview.tsx';
import { ExplanationPanel } from './request/ExplanationPanel.tsx';
import { ExportLinks } from './request/ExportLinks.tsx';
import { IdentifiersPanel } from './request/IdentifiersPanel.tsx';
import { relationLabel } from './request/labels.ts';
import { RestrictionsPanel } from './request/RestrictionsPanel.tsx';
import { ReviewPanel } from './request/ReviewPanel.tsx';
import { TransferPanel } from './request/TransferPanel.tsx';

const REQUESTER: Record<string, Key> = {
  self: 'reqSelf',
  guardian: 'reqGuardian',
  relative_of_deceased: 'reqRelative',
  agent: 'reqAgent',
};
const LEVEL: Record<string, Key> = { none: 'notVerified', contact: 'levelContact', strong: 'levelStrong' };
const METHOD: Record<string, Key> = {
  sms_code: 'mSms',
  email_code: 'mEmail',
  hotline_staff: 'mHotline',
  document_review: 'mDocuments',
  channel_control: 'mChannel',
};

/** Identifiers may change until the request is verified on them (identity's rule; the API enforces it too). */
const identifiersEditable = (r: RequestDetail['request']) =>
  r.status === 'failed' ||
  (['received', 'awaiting_verification'].includes(r.status) && r.verification.level === 'none');

export function RequestPage({ id, me }: { id: string; me: Me }) {
  const t = useT();
  const [reveal, setReveal] = useState(false);
  const detail = useApi<RequestDetail>(`/api/requests/${id}${reveal ? '?reveal=1' : ''}`);
  const outbox = useApi<{ items: OutboxMessage[] }>(`/api/outbox?requestId=${encodeURIComponent(id)}`);
  const reload = async () => {
    await Promise.all([detail.reload(), outbox.reload()]);
  };
  const action = useAction(reload);
  const ref = useReference();
  const servesAudit = useServes('get', '/api/requests/{id}/audit');
  const servesIdentifiers = useServes('post', '/api/requests/{id}/identifiers');
  const servesReissue = useServes('post', '/api/requests/{id}/exports/{right}/reissue');
  const servesChildData = useServes('post', '/api/requests/{id}/child-data');
  const servesExports = useServes('get', '/api/requests/{id}/exports');
  const servesRestrictionList = useServes('get', '/api/requests/{id}/restrictions');
  const servesLift = useServes('post', '/api/requests/{id}/restrictions/lift');
  const servesRestrictions = servesRestrictionList && servesLift;
  const servesExplanation = useServes('post', '/api/requests/{id}/explanation');
  const servesTransfer = useServes('post', '/api/requests/{id}/transfer');
  const d = detail.data;
  // The workflow moves on its own: refresh while the request is open (not while the user is typing in a form).
  const open = d !== undefined && !['closed', 'withdrawn'].includes(d.request.status);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload is recreated each render; the interval only needs the id
  useEffect(() => {
    if (!open) return;
    const timer = setInterval(() => {
      const typing = document.activeElement?.closest('form') !== null && document.activeElement !== document.body;
      if (!typing && document.visibilityState === 'visible') void reload();
    }, 3000);
    return () => clearInterval(timer);
  }, [open, id, reveal]);

  if (detail.error)
    return (
      <p className="alert error" role="alert">
        {detail.error.message}
      </p>
    );
  if (!d) return <p className="muted">{t('loading')}</p>;
  const r = d.request;
  const task = (kind: string) => d.openTasks.find((x) => x.kind === kind);

  return (
    <section className="request">
      <a href={href({ page: 'queue' })} className="back">
        ← {t('back')}
      </a>
      <header className="page-head request-head">
        <div>
          <h1 className="mono">{r.id}</h1>
          <div className="meta">
            <StatusBadge status={r.status} />
            {r.outcome && <span className="badge outcome">{outcomeLabel(t.lang, r.outcome)}</span>}
            <span>{channelLabel(t.lang, r.channel)}</span>
            <span>{r.rights.map((x) => rightLabel(ref, t.lang, x)).join('、')}</span>
            {r.minor && <span className="badge minor">{t('filterMinor')}</span>}
          </div>
        </div>
        <div className={`deadline-box urgency-box-${d.urgency.level}`}>
          <div className="muted small">{t('deadline')}</div>
          <strong>{day(t.lang, r.deadline.deadline)}</strong>
          <UrgencyBadge urgency={d.urgency} />
          {r.deadline.provisional && <div className="small">{t('provisional')}</div>}
        </div>
      </header>
      {action.error && (
        <p className="alert error" role="alert">
          {action.error}
        </p>
      )}
      <div className="detail-grid">
        <div className="col">
          {task('review') && has(me, 'privacy_officer', 'admin') && <ReviewPanel d={d} action={action} />}
          {servesChildData && task('child_data') && has(me, 'privacy_officer', 'admin') && (
            <ChildDataPanel d={d} action={action} />
          )}
          {servesExplanation && task('explanation') && has(me, 'privacy_officer', 'admin') && (
            <ExplanationPanel d={d} action={action} />
          )}
          {servesTransfer && task('transfer') && has(me, 'privacy_officer', 'admin') && (
            <TransferPanel d={d} action={action} />
          )}
          {task('fee_acceptance') && <FeePanel d={d} action={action} />}
          {servesRestrictions && r.rights.includes('restrict') && <RestrictionsPanel d={d} action={action} />}
          {r.rights.includes('correct') && <CorrectionPanel d={d} action={action} />}
          {r.status === 'triage' && <TriagePanel d={d} action={action} />}
          {r.status === 'failed' && has(me, 'admin') && (
            <section className="card">
              <h2>{t('actions')}</h2>
              <button
                type="button"
                className="primary"
                disabled={action.busy}
                onClick={() => void action.run(() => api('POST', `/api/requests/${r.id}/retry`))}
              >
                {t('retryFailed')}
              </button>
            </section>
          )}
          <IdentityPanel d={d} me={me} reveal={reveal} onReveal={setReveal} />
          <VerificationPanel d={d} me={me} action={action} open={task('verification') !== undefined} />
          {servesIdentifiers && identifiersEditable(r) && <IdentifiersPanel d={d} action={action} />}
          <ChecksPanel d={d} />
        </div>
        <div className="col">
          <LettersPanel d={d} items={outbox.data?.items ?? []} action={action} />
          {(servesExports || (servesReissue && ['replied', 'closed'].includes(r.status))) && (
            <ExportLinks d={d} action={action} reissue={servesReissue && ['replied', 'closed'].includes(r.status)} />
          )}
          <NoticesPanel d={d} />
          {servesAudit && <AuditPanel requestId={r.id} />}
          <EvidenceReportPanel
            id={r.id}
            officer={has(me, 'privacy_officer', 'admin')}
            onRevealed={() => void reload()}
          />
          <TimelinePanel d={d} />
        </div>
      </div>
    </section>
  );
}

function IdentityPanel(props: { d: RequestDetail; me: Me; reveal: boolean; onReveal(v: boolean): void }) {
  const t = useT();
  const { request: r } = props.d;
  const s = r.subject;
  const mayReveal = has(props.me, 'privacy_officer', 'admin');
  return (
    <section className="card" aria-labelledby="identity-h">
      <header className="card-head">
        <h2 id="identity-h">{t('identity')}</h2>
        {mayReveal &&
          (props.reveal ? (
            <button type="button" className="link" onClick={() => props.onReveal(false)}>
              {t('hide')}
            </button>
          ) : (
            <button type="button" className="link" title={t('revealNote')} onClick={() => props.onReveal(true)}>
              {t('reveal')}
            </button>
          ))}
      </header>
      {props.reveal && <p className="muted small">{t('revealed')}</p>}
      <dl className="fields">
        <Field label={t('name')}>{s.name}</Field>
        <Field label={t('idNumber')}>
          {s.idNumber && (
            <span className="mono">
              {s.idNumber} {s.idNumberValid === false && <span className="badge bad">✗</span>}
            </span>
          )}
        </Field>
        <Field label={t('phone')}>{s.phone && <span className="mono">{s.phone}</span>}</Field>
        <Field label={t('cardLast4')}>{s.bankCardLast4}</Field>
        <Field label={t('email').replace(/（.*|\(.*/, '')}>{s.email}</Field>
        <Field label={t('requester')}>
          {t(REQUESTER[r.requester.type] ?? 'reqSelf')}
          {r.requester.relation ? `（${relationLabel(t.lang, r.requester.relation)}）` : ''}
          {r.requester.name ? ` · ${r.requester.name}` : ''}
          {r.requester.phone ? ` · ${r.requester.phone}` : ''}
          {r.requester.idNumber ? ` · ${r.requester.idNumber}` : ''}
        </Field>
        <Field label={t('received')}>{dateTime(t.lang, r.receivedAt)}</Field>
      </dl>
      {r.details && <blockquote className="details">{r.details}</blockquote>}
      {r.correction && (
        <p>
          <strong>{t('correction')}:</strong> {r.correction}
        </p>
      )}
    </section>
  );
}

function VerificationPanel(props: { d: RequestDetail; me: Me; open: boolean; action: Action }) {
  const t = useT();
  const v = props.d.request.verification;
  const id = props.d.request.id;
  const [code, setCode] = useState('');
  const [checks, setChecks] = useState({ name: false, idNumber: false, bankCard: false, phone: false });
  const all = Object.values(checks).every(Boolean);
  const documents = useBodyTakes('post', '/api/requests/{id}/verification', 'document_review');
  // A guardian, an agent or a relative of a deceased user is verified by the officer's document review, never on the call
  // (PIPL arts. 31, 49): the same rule the API applies.
  const onTheCall = verifiableOnCall(props.d.request.requester.type);
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    void props.action.run(() => api('POST', `/api/requests/${id}/verification`, { code: code.trim() }));
  };
  return (
    <section className="card" aria-labelledby="verify-h">
      <h2 id="verify-h">{t('verification')}</h2>
      <dl className="fields">
        <Field label={t('level')}>{t(LEVEL[v.level] ?? 'notVerified')}</Field>
        <Field label={t('method')}>{v.method ? t(METHOD[v.method] ?? 'mHotline') : undefined}</Field>
        {v.verifiedAt && <Field label={t('done')}>{`${dateTime(t.lang, v.verifiedAt)} ${v.verifiedBy ?? ''}`}</Field>}
      </dl>
      {props.open && (
        <div className="verify-actions">
          <form onSubmit={submitCode} className="row">
            <label>
              {t('enterCode')}
              <input
                className="mono"
                inputMode="numeric"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                maxLength={10}
              />
            </label>
            <button type="submit" disabled={props.action.busy || code.trim().length < 4}>
              {t('submitCode')}
            </button>
            <button
              type="button"
              className="link"
              onClick={() => void props.action.run(() => api('POST', `/api/requests/${id}/verification/resend`))}
            >
              {t('resendCode')}
            </button>
          </form>
          {has(props.me, 'agent', 'admin') && onTheCall && (
            <form
              className="hotline-check"
              onSubmit={(e) => {
                e.preventDefault();
                void props.action.run(() =>
                  api('POST', `/api/requests/${id}/verification`, { method: 'hotline_staff', checks }),
                );
              }}
            >
              <div className="checks four">
                {(
                  [
                    ['name', 'checkName'],
                    ['idNumber', 'checkId'],
                    ['bankCard', 'checkCard'],
                    ['phone', 'checkPhone'],
                  ] as [keyof typeof checks, Key][]
                ).map(([k, label]) => (
                  <label key={k} className="check">
                    <input
                      type="checkbox"
                      checked={checks[k]}
                      onChange={(e) => setChecks((c) => ({ ...c, [k]: e.target.checked }))}
                    />
                    {t(label)}
                  </label>
                ))}
              </div>
              <button type="submit" disabled={props.action.busy || !all}>
                {t('hotlineVerify')}
              </button>
            </form>
          )}
          {!onTheCall && has(props.me, 'agent') && <p className="muted small">{t('docsNotCall')}</p>}
          {documents && has(props.me, 'privacy_officer', 'admin') && (
            <DocumentReview d={props.d} action={props.action} />
          )}
        </div>
      )}
    </section>
  );
}

function ChecksPanel({ d }: { d: RequestDetail }) {
  const t = useT();
  const ref = useReference();
  const checked = [...d.timeline].reverse().find((e) => e.type === 'exceptions_checked')?.data as
    | { reviewReasons?: string[]; holds?: { category: string; until: string; rule: string }[]; customerFound?: boolean }
    | undefined;
  return (
    <section className="card" aria-labelledby="checks-h">
      <h2 id="checks-h">{t('checks')}</h2>
      {!checked ? (
        <p className="muted">{t('noChecks')}</p>
      ) : (
        <dl className="fields">
          <Field label={t('reviewReasons')}>
            {checked.reviewReasons?.length ? (
              <ul className="plain">
                {checked.reviewReasons.map((code) => (
                  <li key={code}>{ref?.reviewReasons[code]?.[t.lang] ?? code}</li>
                ))}
              </ul>
            ) : (
              '—'
            )}
          </Field>
          <Field label={t('holds')}>
            {checked.holds?.length ? (
              <ul className="plain">
                {checked.holds.map((h) => {
                  const rule = ref?.retentionRules[h.rule];
                  return (
                    <li key={`${h.category}-${h.rule}`}>
                      {categoryLabel(ref, t.lang, h.category)}：
                      {h.until ? `${t('until')} ${day(t.lang, h.until)}` : (holdLabel(t.lang, h.rule) ?? '—')}{' '}
                      {rule && (
                        <span className="muted small">
                          {rule.law} {rule.article}
                        </span>
                      )}
                    </li>
                  );
                })}
              </ul>
            ) : (
              '—'
            )}
          </Field>
        </dl>
      )}
    </section>
  );
}

function FeePanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const [reference, setReference] = useState('');
  const takesReference = useBodyTakes('post', '/api/requests/{id}/fee-acceptance', 'paymentReference');
  const answer = (accepted: boolean) =>
    void action.run(() =>
      api('POST', `/api/requests/${d.request.id}/fee-acceptance`, {
        accepted,
        ...(accepted && takesReference && reference.trim() ? { paymentReference: reference.trim() } : {}),
      }),
    );
  return (
    <section className="card">
      <h2>{t('fee')}</h2>
      {takesReference && (
        <label>
          {t('paymentReference')}
          <input
            name="paymentReference"
            className="mono"
            maxLength={64}
            pattern="[A-Za-z0-9-]{1,64}"
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </label>
      )}
      <div className="row">
        <button type="button" onClick={() => answer(true)} disabled={action.busy}>
          {t('feeAccepted')}
        </button>
        <button type="button" onClick={() => answer(false)} disabled={action.busy}>
          {t('feeDeclined')}
        </button>
      </div>
    </section>
  );
}

function TriagePanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const ref = useReference();
  const [rights, setRights] = useState<string[]>([]);
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  return (
    <section className="card">
      <h2>{t('triageTitle')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(() =>
            api('POST', `/api/requests/${d.request.id}/triage`, {
              rights,
              subject: {
                ...(idNumber.trim() ? { idNumber: idNumber.trim() } : {}),
                ...(phone.trim() ? { phone: phone.trim() } : {}),
              },
            }),
          );
        }}
      >
        <div className="checks">
          {Object.keys(ref?.rights ?? {}).map((x) => (
            <label key={x} className="check">
              <input
                type="checkbox"
                checked={rights.includes(x)}
                onChange={() => setRights((rs) => (rs.includes(x) ? rs.filter((y) => y !== x) : [...rs, x]))}
              />
              {rightLabel(ref, t.lang, x)}
            </label>
          ))}
        </div>
        <div className="row">
          <label>
            {t('idNumber')}
            <input className="mono" value={idNumber} onChange={(e) => setIdNumber(e.target.value)} />
          </label>
          <label>
            {t('phone')}
            <input className="mono" value={phone} onChange={(e) => setPhone(e.target.value)} />
          </label>
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={action.busy || rights.length === 0}>
            {t('triageSubmit')}
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action.run(() => api('POST', `/api/requests/${d.request.id}/triage`, { notARequest: true }))
            }
          >
            {t('notARequest')}
          </button>
        </div>
      </form>
    </section>
  );
}

function LettersPanel({ d, items, action }: { d: RequestDetail; items: OutboxMessage[]; action: Action }) {
  const t = useT();
  const reply = [...d.timeline].reverse().find((e) => e.type === 'reply_sent');
  const notMailed = reply?.data?.['mailed'] === false;
  // Letters kept with the request (mailed or not); without them, what the outbox holds for it.
  const kept = (d.letters ?? []).filter((l) => !l.kind.endsWith('_code'));
  const mailed = items.filter((m) => !m.kind.endsWith('_code'));
  const deliver = (key: string, method: string) =>
    void action.run(() =>
      api('POST', `/api/requests/${d.request.id}/letters/${encodeURIComponent(key)}/delivered`, { method }),
    );
  return (
    <section className="card" aria-labelledby="letters-h">
      <h2 id="letters-h">{t('letters')}</h2>
      {notMailed && <p className="alert warn">{t('notMailed')}</p>}
      {kept.length === 0 && mailed.length === 0 && !notMailed && <p className="muted">{t('noLetters')}</p>}
      {kept.map((l) => (
        <details key={l.key} open={l.kind === 'reply'}>
          <summary>
            <span className="badge">{l.kind}</span> {l.subject}{' '}
            {l.mailed ? (
              <span className="badge ok">{t('mailedBadge')}</span>
            ) : l.delivered ? (
              <span className="badge ok">
                {t('deliveredBadge', { how: t(DELIVERY[l.delivered.method] ?? 'byPhone') })}
              </span>
            ) : (
              <span className="badge warn">{t('toDeliver')}</span>
            )}
          </summary>
          <div className="letter">
            <div className="letter-actions">
              <a className="button" href={href({ page: 'letter', id: d.request.id, key: l.key })}>
                {t('print')}
              </a>
              {!l.mailed && !l.delivered && (
                <>
                  <button type="button" disabled={action.busy} onClick={() => deliver(l.key, 'phone')}>
                    {t('markPhone')}
                  </button>
                  <button type="button" disabled={action.busy} onClick={() => deliver(l.key, 'post')}>
                    {t('markPost')}
                  </button>
                </>
              )}
            </div>
            <div className="letter-body">{l.text}</div>
          </div>
        </details>
      ))}
      {kept.length === 0 &&
        mailed.map((m) => (
          <details key={m.messageId} open={m.kind === 'reply'}>
            <summary>
              <span className="badge">{m.kind}</span> {m.subject}
            </summary>
            <LetterView message={m} />
          </details>
        ))}
    </section>
  );
}

const DELIVERY: Record<string, Key> = { phone: 'byPhone', post: 'byPost', in_person: 'inPerson' };

function NoticesPanel({ d }: { d: RequestDetail }) {
  const t = useT();
  const answer: Record<string, Key> = {
    completed: 'answerCompleted',
    not_found: 'answerNotFound',
    exception: 'answerException',
  };
  if (d.notices.length === 0) return null;
  return (
    <section className="card" aria-labelledby="notices-h">
      <h2 id="notices-h">{t('notices')}</h2>
      <table className="compact">
        <thead>
          <tr>
            <th>{t('partner')}</th>
            <th>{t('sent')}</th>
            <th>{t('ackDue')}</th>
            <th>{t('ackStatus')}</th>
            <th>{t('reminders')}</th>
          </tr>
        </thead>
        <tbody>
          {d.notices.map((n) => (
            <tr key={n.partnerId}>
              <td className="mono">{n.partnerId}</td>
              {/* A notice queued for the partner's daily list has not gone out yet. */}
              <td>{n.status === 'queued' ? '—' : day(t.lang, n.sentAt)}</td>
              <td>{day(t.lang, n.ackDueBy)}</td>
              <td>
                {n.status === 'acknowledged' ? (
                  <span className="badge ok">
                    {t('acknowledged')}
                    {n.answer ? ` · ${t(answer[n.answer] ?? 'acknowledged')}` : ''}
                  </span>
                ) : n.status === 'queued' ? (
                  <span className="badge">{t('queuedForList')}</span>
                ) : (
                  <span className="badge warn">{t('pending')}</span>
                )}
              </td>
              <td>
                {n.reminders}
                {n.escalatedAt ? ` · ${t('escalated')}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function TimelinePanel({ d }: { d: RequestDetail }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('timeline')}</h2>
      <ol className="timeline">
        {d.timeline.map((e) => (
          <li key={e.seq}>
            <div className="tl-head">
              <span className="mono muted">#{e.seq}</span> <strong>{eventLabel(t.lang, e.type)}</strong>
              <span className="mono muted small">{e.type}</span>
              <span className="muted small">
                {dateTime(t.lang, e.at)} · {e.actor}
              </span>
            </div>
            {e.data && Object.keys(e.data).length > 0 && (
              <details className="tl-data">
                <summary>{summarise(e.data)}</summary>
                <code>{JSON.stringify(e.data, null, 1)}</code>
              </details>
            )}
            <div className="hash mono" title="sha256">
              {e.hash.slice(0, 16)}…
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** One line of an event's data: its scalar fields, shortest first (the whole is one click away). */
function summarise(data: Record<string, unknown>): string {
  const parts = Object.entries(data)
    .filter(([, v]) => v !== null && ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}: ${String(v)}`)
    .sort((a, b) => a.length - b.length);
  const text = parts.join(' · ');
  return text.length > 110 ? `${text.slice(0, 110)}…` : text || '…';
}

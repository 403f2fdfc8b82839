// Export packages (access, copy, portability) go out behind a download link with a code on a second channel. Staff
// see where each stands (GET /api/requests/{id}/exports: link sent, code sent, opened, downloaded, expired) and, when
// the person's link lapsed or the code entries ran out, send a new one: the old link stops working.
import { useEffect, useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { useT } from '../../i18n.ts';
import { rightLabel, useReference } from '../../reference.ts';
import type { Action } from './common.tsx';

const PACKAGE_RIGHTS = ['access', 'copy', 'portability'];

export interface ExportState {
  right: string;
  round: number;
  files: string[];
  expiresAt: string;
  expired: boolean;
  codeEntries: { used: number; max: number };
  linkSent?: { at: string; mailed: boolean };
  codeSent?: { at: string; via: string };
  openedAt?: string;
  downloaded?: { firstAt: string; files: string[] };
}

/** One package's delivery, step by step (the current link only). */
function DeliveryState({ s }: { s: ExportState }) {
  const t = useT();
  const what = t(s.right === 'transfer' ? 'expTransferLetter' : s.round === 1 ? 'expReply' : 'expReissue');
  const steps: [boolean, string][] = [
    s.linkSent?.mailed === false
      ? [false, t('expLinkKept', { what })]
      : [s.linkSent !== undefined, t('expLinkSent', { what, at: s.linkSent ? dateTime(t.lang, s.linkSent.at) : '—' })],
    [
      s.codeSent !== undefined,
      t('expCodeSent', {
        via: t(s.codeSent?.via === 'sms' ? 'viaSms' : 'viaEmail'),
        at: s.codeSent ? dateTime(t.lang, s.codeSent.at) : '—',
      }),
    ],
    [s.openedAt !== undefined, t('expOpened', { at: s.openedAt ? dateTime(t.lang, s.openedAt) : '—' })],
    s.downloaded
      ? [true, t('expDownloaded', { at: dateTime(t.lang, s.downloaded.firstAt), files: s.downloaded.files.join('、') })]
      : [false, t('expNotDownloaded')],
  ];
  return (
    <div className="delivery" data-testid={`delivery-${s.right}`}>
      <div className="small">
        {t('expRound', { n: s.round })} ·{' '}
        <span className={`badge ${s.expired ? 'warn' : ''}`}>
          {t(s.expired ? 'expExpired' : 'expValid', { at: dateTime(t.lang, s.expiresAt) })}
        </span>{' '}
        · {t('expCodes', { used: s.codeEntries.used, max: s.codeEntries.max })}
      </div>
      <ol className="steps small">
        {steps.map(([done, text]) => (
          <li key={text} className={done ? 'done' : 'todo'}>
            {done ? '✓ ' : '○ '}
            {text}
          </li>
        ))}
      </ol>
    </div>
  );
}

export function ExportLinks({ d, action, reissue }: { d: RequestDetail; action: Action; reissue: boolean }) {
  const t = useT();
  const ref = useReference();
  const [sent, setSent] = useState<Record<string, { expiresAt: string; mailed: boolean }>>({});
  const rights = d.request.rights.filter((r) => PACKAGE_RIGHTS.includes(r));
  const state = useApi<{ items: ExportState[] }>(
    rights.length > 0 ? `/api/requests/${d.request.id}/exports` : undefined,
  );
  // Read again whenever the request's record grows (reply sent, code sent, opened, downloaded, re-issued).
  const events = d.timeline.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read on new events only
  useEffect(() => {
    void state.reload();
  }, [events]);
  // A closed request's page no longer refreshes, but its links live on (staff may be on the phone with the person
  // opening one): while a link is live and not yet downloaded, read its state again every few seconds.
  const waiting = state.data?.items.some((x) => !x.expired && !x.downloaded) ?? false;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the interval only depends on whether a link is waiting
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void state.reload();
    }, 4000);
    return () => clearInterval(timer);
  }, [waiting]);
  if (rights.length === 0) return null;
  return (
    <section className="card" aria-labelledby="exports-h">
      <h2 id="exports-h">{t('exportsTitle')}</h2>
      {reissue && <p className="muted small">{t('exportsHint')}</p>}
      <ul className="plain">
        {rights.map((right) => (
          <li key={right} className="export-item">
            <div className="row">
              <span>{rightLabel(ref, t.lang, right)}</span>
              {reissue && (
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(async () => {
                      const res = await api<{ expiresAt: string; mailed: boolean }>(
                        'POST',
                        `/api/requests/${d.request.id}/exports/${right}/reissue`,
                      );
                      setSent((s) => ({ ...s, [right]: res }));
                    })
                  }
                >
                  {t('exportsReissue')}
                </button>
              )}
              {sent[right] && (
                <span className="small" role="status">
                  {t(sent[right].mailed ? 'exportsMailed' : 'exportsNotMailed', {
                    at: dateTime(t.lang, sent[right].expiresAt),
                  })}
                </span>
              )}
            </div>
            {(() => {
              const st = state.data?.items.find((x) => x.right === right);
              return st ? <DeliveryState s={st} /> : state.data && <p className="muted small">{t('expNoPackage')}</p>;
            })()}
          </li>
        ))}
        {state.data?.items
          .filter((x) => x.right === 'transfer')
          .map((st) => (
            <li key="transfer" className="export-item">
              <div className="row">
                <span>{t('expTransfer')}</span>
              </div>
              <DeliveryState s={st} />
            </li>
          ))}
      </ul>
    </section>
  );
}

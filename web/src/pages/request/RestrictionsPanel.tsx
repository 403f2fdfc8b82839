// The restrictions of processing this request made (PIPL art. 44) and their lifting (GET and POST
// /api/requests/{id}/restrictions…): a restriction lasts until the person asks to lift it; staff record that ask here
// and the company resumes the processing, the person gets a letter, the processors told of it hear it is lifted.
import { useEffect, useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { useApi } from '../../hooks.ts';
import { type Key, useT } from '../../i18n.ts';
import { useReference } from '../../reference.ts';
import type { Action } from './common.tsx';

interface Restriction {
  id: string;
  scope: string;
  recipients: string[];
  since: string;
  active: boolean;
  lifted?: { at: string; by: string; askedVia: string };
}

const VIA: [string, Key][] = [
  ['hotline', 'viaHotline'],
  ['mail', 'viaMail'],
  ['in_person', 'viaInPerson'],
];

export function RestrictionsPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const ref = useReference();
  const id = d.request.id;
  const state = useApi<{ restrictions: Restriction[]; liftable: boolean }>(`/api/requests/${id}/restrictions`);
  // Follow the workflow: read again whenever the request's record grows (fulfilled, replied, lifted).
  const events = d.timeline.length;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-read on new events only
  useEffect(() => {
    void state.reload();
  }, [events]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [via, setVia] = useState('');
  const items = state.data?.restrictions ?? [];
  const scopeLabel = (scope: string) => ref?.restrictableProcessings?.find((p) => p.code === scope)?.[t.lang] ?? scope;
  const open = items.filter((r) => !r.lifted);
  const lift = () =>
    action.run(async () => {
      await api('POST', `/api/requests/${id}/restrictions/lift`, {
        askedVia: via,
        ...(chosen.length > 0 && chosen.length < open.length ? { restrictions: chosen } : {}),
      });
      setChosen([]);
      await state.reload();
    });
  return (
    <section className="card" aria-labelledby="restr-h">
      <h2 id="restr-h">{t('restrTitle')}</h2>
      {state.error && (
        <p className="alert error" role="alert">
          {state.error.message}
        </p>
      )}
      {!state.data ? (
        <p className="muted">{t('loading')}</p>
      ) : items.length === 0 ? (
        <p className="muted">{t('restrNone')}</p>
      ) : (
        <>
          <p className="muted small">{t('restrHint')}</p>
          <ul className="plain restrictions">
            {items.map((r) => (
              <li key={r.id}>
                {state.data!.liftable && !r.lifted ? (
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={chosen.includes(r.id)}
                      onChange={() => setChosen((c) => (c.includes(r.id) ? c.filter((x) => x !== r.id) : [...c, r.id]))}
                    />
                    <strong>{scopeLabel(r.scope)}</strong>
                  </label>
                ) : (
                  <strong>{scopeLabel(r.scope)}</strong>
                )}
                <div className="small muted">
                  {t('restrSince', { at: dateTime(t.lang, r.since) })}
                  {r.recipients.length > 0 && ` · ${t('restrRecipients', { list: r.recipients.join('、') })}`}
                  {!r.active && ` ${t('restrInactive')}`}
                </div>
                {r.lifted && (
                  <div className="small" role="status">
                    <span className="badge">
                      {t('restrLifted', {
                        at: dateTime(t.lang, r.lifted.at),
                        by: r.lifted.by,
                        via: t(VIA.find(([v]) => v === r.lifted!.askedVia)?.[1] ?? 'viaMail'),
                      })}
                    </span>
                  </div>
                )}
              </li>
            ))}
          </ul>
          {open.length > 0 && !state.data.liftable && <p className="muted small">{t('restrNotYet')}</p>}
          {open.length > 0 && state.data.liftable && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void lift();
              }}
            >
              <fieldset className="radios">
                <legend>{t('restrAskedVia')}</legend>
                {VIA.map(([v, label]) => (
                  <label key={v} className="check">
                    <input type="radio" name="asked-via" checked={via === v} onChange={() => setVia(v)} />
                    {t(label)}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="primary" disabled={action.busy || !via || chosen.length === 0}>
                {t('restrLift')}
              </button>
            </form>
          )}
        </>
      )}
    </section>
  );
}

// Export packages (access, copy, portability) go out behind a download link with a code on a second channel. When
// the person's link lapsed or the code entries ran out, staff send a new one: the old link stops working.
import { useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { dateTime } from '../../format.ts';
import { useT } from '../../i18n.ts';
import { rightLabel, useReference } from '../../reference.ts';
import type { Action } from './common.tsx';

const PACKAGE_RIGHTS = ['access', 'copy', 'portability'];

export function ExportLinks({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const ref = useReference();
  const [sent, setSent] = useState<Record<string, { expiresAt: string; mailed: boolean }>>({});
  const rights = d.request.rights.filter((r) => PACKAGE_RIGHTS.includes(r));
  if (rights.length === 0) return null;
  return (
    <section className="card" aria-labelledby="exports-h">
      <h2 id="exports-h">{t('exportsTitle')}</h2>
      <p className="muted small">{t('exportsHint')}</p>
      <ul className="plain">
        {rights.map((right) => (
          <li key={right} className="row">
            <span>{rightLabel(ref, t.lang, right)}</span>
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
            {sent[right] && (
              <span className="small" role="status">
                {t(sent[right].mailed ? 'exportsMailed' : 'exportsNotMailed', {
                  at: dateTime(t.lang, sent[right].expiresAt),
                })}
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

// Staff settle a correction (the `correct` right, PIPL art. 46; POST /api/requests/{id}/corrections) once the
// workflow opened its `correction` task: apply the values read from the person's words through the company
// connector, apply values staff give, record a correction made by hand in the company's systems, or not make it,
// with the reason the letter gives (art. 46 ¶2: verify, then correct). The field names come from the task, their
// words and the reasons' texts from GET /api/reference (domain/corrections/); the values stay sealed on the server.
// Where the API does not take these decisions yet, the hand-made record is offered as before.
import { useState } from 'react';
import { api, type RequestDetail } from '../../api.ts';
import { useBodyTakes } from '../../capabilities.ts';
import { dateTime } from '../../format.ts';
import { type Key, useT } from '../../i18n.ts';
import { categoryLabel, useReference } from '../../reference.ts';
import type { Action } from './common.tsx';

type Mode = 'proposal' | 'changes' | 'by_hand' | 'refuse';
const MODES: [Mode, Key][] = [
  ['proposal', 'corrProposal'],
  ['changes', 'corrChanges'],
  ['by_hand', 'corrByHand'],
  ['refuse', 'corrRefuse'],
];

export function CorrectionPanel({ d, action }: { d: RequestDetail; action: Action }) {
  const t = useT();
  const ref = useReference();
  const words = ref?.corrections;
  const decisions = useBodyTakes('post', '/api/requests/{id}/corrections', 'proposal') && words !== undefined;
  const fieldLabel = (f: string) => words?.fields[f]?.[t.lang] ?? f;
  const task = d.openTasks.find((x) => x.kind === 'correction');
  const proposed = (task?.context as { proposedFields?: string[] } | undefined)?.proposedFields ?? [];
  const settled = [...d.timeline]
    .reverse()
    .find((e) => e.type === 'correction_applied' || e.type === 'correction_refused');
  const [mode, setMode] = useState<Mode>(proposed.length > 0 ? 'proposal' : 'changes');
  // Each row keeps its own key (rows are added, and React must not confuse them).
  const [changes, setChanges] = useState<{ key: number; field: string; value: string }[]>([
    { key: 0, field: 'phone', value: '' },
  ]);
  const [cats, setCats] = useState<string[]>([]);
  const [refusal, setRefusal] = useState('');
  const [note, setNote] = useState('');

  if (settled) {
    const refused = settled.type === 'correction_refused';
    const why = (settled.data as { refusal?: string } | undefined)?.refusal;
    const reason = why ? words?.refusals[why]?.[t.lang] : undefined;
    return (
      <section className="card" aria-labelledby="corr-h">
        <h2 id="corr-h">{t('correctionTitle')}</h2>
        <p className={`alert ${refused ? 'warn' : 'ok'}`} role="status">
          {refused ? t('corrRefused') : t('correctionApplied')} · {dateTime(t.lang, settled.at)}
        </p>
        {refused && reason && <p className="small">{reason}</p>}
      </section>
    );
  }
  // With the newer API a correction is settled only once the workflow opened it (verified, customer found).
  if (decisions && !task)
    return (
      <section className="card" aria-labelledby="corr-h">
        <h2 id="corr-h">{t('correctionTitle')}</h2>
        <p className="muted small">{t('corrNotOpen')}</p>
      </section>
    );

  const filledChanges = changes.filter((c) => c.value.trim() !== '');
  const ready = !decisions
    ? cats.length > 0 && note.trim() !== ''
    : mode === 'proposal'
      ? proposed.length > 0
      : mode === 'changes'
        ? filledChanges.length > 0
        : mode === 'by_hand'
          ? cats.length > 0 && note.trim() !== ''
          : refusal !== '';
  const body = (): Record<string, unknown> => {
    const withNote = note.trim() ? { note: note.trim() } : {};
    if (!decisions || mode === 'by_hand') return { categories: cats, note: note.trim() };
    if (mode === 'proposal') return { apply: 'proposal', ...withNote };
    if (mode === 'changes')
      return { changes: filledChanges.map((c) => ({ field: c.field, value: c.value.trim() })), ...withNote };
    return { refuse: refusal, ...withNote };
  };
  const byHand = !decisions || mode === 'by_hand';
  return (
    <section className="card" aria-labelledby="corr-h">
      <h2 id="corr-h">{t('correctionTitle')}</h2>
      {decisions && (
        <p className="alert info">
          {proposed.length > 0
            ? t('corrProposed', { fields: proposed.map(fieldLabel).join('、') })
            : t('corrNothingRead')}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(() => api('POST', `/api/requests/${d.request.id}/corrections`, body()));
        }}
      >
        {decisions && (
          <fieldset className="radios">
            <legend>{t('corrHow')}</legend>
            {MODES.filter(([m]) => m !== 'proposal' || proposed.length > 0).map(([m, label]) => (
              <label key={m} className="check block">
                <input type="radio" name="corr-mode" checked={mode === m} onChange={() => setMode(m)} />
                {t(label)}
              </label>
            ))}
          </fieldset>
        )}
        {decisions && mode === 'changes' && (
          <fieldset>
            <legend>{t('corrNewValues')}</legend>
            {changes.map((c, i) => (
              <div key={c.key} className="row">
                <select
                  aria-label={t('corrField')}
                  value={c.field}
                  onChange={(e) => setChanges((x) => x.map((y, j) => (j === i ? { ...y, field: e.target.value } : y)))}
                >
                  {Object.keys(words?.fields ?? {}).map((f) => (
                    <option key={f} value={f}>
                      {fieldLabel(f)}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={t('corrValue')}
                  value={c.value}
                  maxLength={200}
                  autoComplete="off"
                  onChange={(e) => setChanges((x) => x.map((y, j) => (j === i ? { ...y, value: e.target.value } : y)))}
                />
              </div>
            ))}
            {changes.length < 5 && (
              <button
                type="button"
                className="link"
                onClick={() => setChanges((x) => [...x, { key: x.length, field: 'email', value: '' }])}
              >
                {t('corrAddField')}
              </button>
            )}
          </fieldset>
        )}
        {byHand && (
          <fieldset>
            <legend>{t('categories')}</legend>
            {Object.keys(ref?.categories ?? {}).map((c) => (
              <label key={c} className="check">
                <input
                  type="checkbox"
                  checked={cats.includes(c)}
                  onChange={() => setCats((x) => (x.includes(c) ? x.filter((y) => y !== c) : [...x, c]))}
                />
                {categoryLabel(ref, t.lang, c)}
              </label>
            ))}
          </fieldset>
        )}
        {decisions && mode === 'refuse' && (
          <fieldset>
            <legend>{t('corrWhyNot')}</legend>
            {Object.entries(words?.refusals ?? {}).map(([r, text]) => (
              <label key={r} className="check block">
                <input type="radio" name="corr-refusal" checked={refusal === r} onChange={() => setRefusal(r)} />
                {text[t.lang]}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          {byHand ? t('note') : t('corrNoteOptional')}
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} required={byHand} />
        </label>
        <button type="submit" className="primary" disabled={action.busy || !ready}>
          {t('recordCorrection')}
        </button>
      </form>
    </section>
  );
}

// The queue: open requests by deadline, with filters, each row coloured as its deadline nears. Paged from the
// store's index (the API's cursor); every row is a link, so Tab and Enter open it.
import { useEffect, useState } from 'react';
import { api, type Summary } from '../api.ts';
import { StatusBadge } from '../components/Status.tsx';
import { UrgencyBadge } from '../components/Urgency.tsx';
import { day } from '../format.ts';
import { CHANNEL_CODES, channelLabel, STATUS_CODES, statusLabel, useT } from '../i18n.ts';
import { rightLabel, useReference } from '../reference.ts';
import { href } from '../router.ts';

interface Filters {
  status: string;
  right: string;
  channel: string;
  minor: string;
  waiting_on: string;
}
const NONE: Filters = { status: '', right: '', channel: '', minor: '', waiting_on: '' };
const FILTER_KEY = 'rightsflow.queue.filters';
const OPEN_STATUSES = STATUS_CODES.filter((s) => s !== 'closed' && s !== 'withdrawn');

export function Queue() {
  const t = useT();
  const ref = useReference();
  const [filters, setFilters] = useState<Filters>(() => ({
    ...NONE,
    ...(JSON.parse(sessionStorage.getItem(FILTER_KEY) ?? '{}') as Partial<Filters>),
  }));
  const [items, setItems] = useState<Summary[]>([]);
  const [cursor, setCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();

  async function load(next?: string) {
    setLoading(true);
    const q = new URLSearchParams({ limit: '50' });
    for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
    if (next) q.set('cursor', next);
    try {
      const page = await api<{ items: Summary[]; cursor?: string }>('GET', `/api/requests?${q}`);
      setItems((old) => (next ? [...old, ...page.items] : page.items));
      setCursor(page.cursor);
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the filters change
  useEffect(() => {
    sessionStorage.setItem(FILTER_KEY, JSON.stringify(filters));
    void load();
  }, [filters]);

  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    setFilters((f) => ({ ...f, [k]: e.target.value, ...(k === 'status' ? { waiting_on: '' } : {}) }));
  const [amber, red] = ref?.escalationWorkingDays ?? [10, 13];

  return (
    <section>
      <header className="page-head">
        <h1>{t('queueTitle')}</h1>
        <a className="button primary" href={href({ page: 'new' })}>
          + {t('navNew')}
        </a>
      </header>
      <search className="filters card">
        <label>
          {t('filterStatus')}
          <select value={filters.status} onChange={set('status')}>
            <option value="">{t('any')}</option>
            {OPEN_STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(t.lang, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterWaiting')}
          <select value={filters.waiting_on} onChange={set('waiting_on')} disabled={filters.status !== ''}>
            <option value="">{t('any')}</option>
            <option value="person">{t('waitingPerson')}</option>
            <option value="officer">{t('waitingOfficer')}</option>
            <option value="partner">{t('waitingPartner')}</option>
            <option value="staff">{t('waitingStaff')}</option>
          </select>
        </label>
        <label>
          {t('filterRight')}
          <select value={filters.right} onChange={set('right')}>
            <option value="">{t('any')}</option>
            {Object.keys(ref?.rights ?? {}).map((r) => (
              <option key={r} value={r}>
                {rightLabel(ref, t.lang, r)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterChannel')}
          <select value={filters.channel} onChange={set('channel')}>
            <option value="">{t('any')}</option>
            {CHANNEL_CODES.map((c) => (
              <option key={c} value={c}>
                {channelLabel(t.lang, c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('filterMinor')}
          <select value={filters.minor} onChange={set('minor')}>
            <option value="">{t('any')}</option>
            <option value="true">{t('yes')}</option>
            <option value="false">{t('no')}</option>
          </select>
        </label>
      </search>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <div className="card table-card">
        <table className="queue">
          <thead>
            <tr>
              <th>{t('colRequest')}</th>
              <th>{t('colRights')}</th>
              <th>{t('colSubject')}</th>
              <th>{t('colChannel')}</th>
              <th>{t('colStatus')}</th>
              <th>{t('colReceived')}</th>
              <th>{t('colDeadline')}</th>
              <th>{t('colLeft')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} className={`row-${r.urgency.level}`}>
                <td>
                  <a href={href({ page: 'request', id: r.id })} className="mono">
                    {r.id}
                  </a>
                  {r.minor && <span className="badge minor">{t('filterMinor')}</span>}
                </td>
                <td>{r.rights.map((x) => rightLabel(ref, t.lang, x)).join('、')}</td>
                <td>{r.subject.name ?? r.subject.phone ?? '—'}</td>
                <td>{channelLabel(t.lang, r.channel)}</td>
                <td>
                  <StatusBadge status={r.status} />
                </td>
                <td>{day(t.lang, r.deadline.receivedOn)}</td>
                <td>{day(t.lang, r.deadline.deadline)}</td>
                <td>
                  <UrgencyBadge urgency={r.urgency} />
                </td>
              </tr>
            ))}
            {!loading && items.length === 0 && (
              <tr>
                <td colSpan={8} className="empty">
                  {t('emptyQueue')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <footer className="table-foot">
          <span className="muted small">{t('legend', { a: amber ?? 10, r: red ?? 13 })}</span>
          {loading && <span className="muted">{t('loading')}</span>}
          {cursor && !loading && (
            <button type="button" onClick={() => void load(cursor)}>
              {t('loadMore')}
            </button>
          )}
        </footer>
      </div>
      <p className="muted small">{t('shortcuts')}</p>
    </section>
  );
}

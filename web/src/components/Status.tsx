import { statusLabel, useT } from '../i18n.ts';

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <span className={`badge status status-${status}`}>{statusLabel(t.lang, status)}</span>;
}

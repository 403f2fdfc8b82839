// The deadline as a coloured badge: amber from the first escalation day, red from the second, black once breached.
import type { Urgency } from '../api.ts';
import { useT } from '../i18n.ts';

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const t = useT();
  if (urgency.level === 'answered') return <span className="badge muted">—</span>;
  const text =
    urgency.level === 'breached' ? t('breached') : t('daysLeft', { n: Math.max(0, urgency.workingDaysLeft) });
  return (
    <span className={`badge urgency-${urgency.level}`} title={t('dayN', { n: urgency.workingDaysElapsed })}>
      {text}
    </span>
  );
}

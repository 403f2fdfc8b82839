// When the acknowledgement chase next has something to do: a planned reminder date or the day after an
// acknowledgement window closes (escalation), whichever comes first among the unacknowledged notices.
import { addDays } from '../../domain/calendar/dates.ts';
import type { NoticePlan } from '../../domain/rules/index.ts';
import type { RecipientNotice } from '../shared/store/workflow-store.ts';

const startOfShanghaiDay = (day: string) => new Date(`${day}T00:00:00+08:00`).toISOString();

/** The next chase time for one notice, or undefined when nothing is left (acknowledged or escalated). */
export function nextChaseAt(n: RecipientNotice, plan: NoticePlan | undefined): string | undefined {
  if (n.status === 'acknowledged' || n.escalatedAt) return undefined;
  const reminder = plan?.remindOn[n.reminders];
  if (reminder && reminder <= n.ackDueBy) return startOfShanghaiDay(reminder);
  return startOfShanghaiDay(addDays(n.ackDueBy, 1));
}

export function earliestChaseAt(notices: RecipientNotice[], plans: NoticePlan[]): string | undefined {
  const times = notices
    .map((n) =>
      nextChaseAt(
        n,
        plans.find((p) => p.partnerId === n.partnerId),
      ),
    )
    .filter((t): t is string => t !== undefined)
    .sort();
  return times[0];
}

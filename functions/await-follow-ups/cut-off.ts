// When the wait for staff follow-ups ends at the latest: the end of the working day two working days before the
// deadline day (Asia/Shanghai), so the reply, and its delivery by phone or post to a caller without e-mail, still
// fit in the 15 working days the policy promises.
import { addDays, endOfShanghaiDay, type WorkingCalendar } from '../../domain/calendar/index.ts';
import type { Deadline } from '../../domain/request/model.ts';

export const WORKING_DAYS_KEPT_FOR_THE_REPLY = 2;

export function followUpCutOff(deadline: Pick<Deadline, 'deadline'>, cal: WorkingCalendar): string {
  let day = deadline.deadline;
  let kept = 0;
  while (kept < WORKING_DAYS_KEPT_FOR_THE_REPLY) {
    day = addDays(day, -1);
    if (cal.isWorkingDay(day)) kept++;
  }
  return endOfShanghaiDay(day);
}

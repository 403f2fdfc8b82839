// ChaseAcknowledgements: after each wait, sends the reminders now due (once each) and escalates notices whose
// acknowledgement window has closed to the partner's escalation contact and the privacy officer. Done when every
// notice is acknowledged (the request closes) or escalated (people take over).
import * as z from 'zod';
import { shanghaiDate, workingDaysLeft } from '../../domain/calendar/index.ts';
import { renderLetter } from '../../domain/replies/index.ts';
import { RequestId, type RightsRequest } from '../../domain/request/model.ts';
import { chaseKey } from '../await-acknowledgements/step.ts';
import { PLAN_KEY, type RecordedPlan } from '../plan-notices/step.ts';
import { signAckToken } from '../send-recipient-notice/ack-token.ts';
import { noticeSections } from '../send-recipient-notice/sections.ts';
import type { StepDeps } from '../shared/deps.ts';
import { METRIC } from '../shared/metrics.ts';
import { defineStep, moveStatus, mustGetRequest, sendOnce } from '../shared/step.ts';
import type { RecipientNotice } from '../shared/store/workflow-store.ts';

type Plan = RecordedPlan['notices'][number];

async function remind(deps: StepDeps, r: RightsRequest, n: RecipientNotice, p: Plan, number: number) {
  const ackUrl = `${deps.config.partnerAckBaseUrl.replace(/\/$/, '')}/${signAckToken(deps.config.subjectHashSalt, r.id, n.partnerId)}`;
  const letter = renderLetter(
    'partner_reminder',
    'zh',
    {
      requestId: r.id,
      partnerName: p.names,
      ...noticeSections(p),
      ackUrl,
      ackDueBy: n.ackDueBy,
      noticeSentOn: p.sentOn,
      reminderNumber: number,
    },
    deps.policy,
  );
  await sendOnce(deps, {
    key: `reminder:${r.id}:${n.partnerId}:${number}`,
    kind: 'reminder',
    requestId: r.id,
    from: deps.config.senderAddress,
    to: [p.channel.type === 'email' ? p.channel.address : deps.config.privacyOfficerEmail],
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
  });
  await deps.store.updateNotice(r.id, n.partnerId, { reminders: number });
  await deps.store.appendEvent(r.id, {
    type: 'recipient_reminded',
    actor: 'workflow:ChaseAcknowledgements',
    data: { partnerId: n.partnerId, reminder: number },
  });
}

async function escalate(deps: StepDeps, r: RightsRequest, n: RecipientNotice, p: Plan | undefined) {
  const now = deps.clock.now();
  const letter = renderLetter(
    'escalation',
    'zh',
    {
      requestId: r.id,
      reason: 'ack_overdue',
      deadline: r.deadline.deadline,
      workingDaysLeft: workingDaysLeft(r.deadline, now, deps.calendar),
      status: r.status,
      detail: `${p?.names.zh ?? n.partnerId}（${n.partnerId}）未在 ${n.ackDueBy} 前确认通知 / did not acknowledge by ${n.ackDueBy}`,
      consoleUrl: deps.config.consoleUrl ?? null,
    },
    deps.policy,
  );
  const to = [...new Set([p?.escalationContact ?? deps.config.privacyOfficerEmail, deps.config.privacyOfficerEmail])];
  await sendOnce(deps, {
    key: `ack-escalation:${r.id}:${n.partnerId}`,
    kind: 'escalation',
    requestId: r.id,
    from: deps.config.senderAddress,
    to,
    subject: letter.subject,
    text: letter.text,
    html: letter.html,
  });
  await deps.store.updateNotice(r.id, n.partnerId, { escalatedAt: now.toISOString() });
  await deps.store.appendEvent(r.id, {
    type: 'recipient_ack_escalated',
    actor: 'workflow:ChaseAcknowledgements',
    data: { partnerId: n.partnerId },
  });
  deps.metrics.count('ack_escalated');
}

/**
 * Every reminder sent and every silent partner escalated, some still silent: people take over. The request is
 * recorded as closed with acknowledgements unanswered and leaves the open set (the sweep and the console's open
 * list would otherwise carry it forever, M5); a staff task names the partners. A late acknowledgement still
 * records and completes that task.
 */
async function leaveUnanswered(deps: StepDeps, requestId: string, notices: RecipientNotice[]) {
  const partners = notices.filter((n) => n.status !== 'acknowledged').map((n) => n.partnerId);
  const now = deps.clock.now().toISOString();
  if (!(await deps.store.getTask(requestId, 'unacknowledged')))
    await deps.store.putTask({
      requestId,
      kind: 'unacknowledged',
      taskToken: 'none',
      status: 'open',
      assignee: 'privacy_officer',
      context: { partners },
      createdAt: now,
    });
  const before = await mustGetRequest(deps, requestId);
  const after = await moveStatus(deps, requestId, 'closed', {
    type: 'acknowledgements_unanswered',
    actor: 'workflow:ChaseAcknowledgements',
    data: { partners },
  });
  if (before.status !== after.status) deps.metrics.count(METRIC.acknowledgementsAbandoned, partners.length);
}

export const step = defineStep({
  name: 'ChaseAcknowledgements',
  input: z.object({ requestId: RequestId }).loose(),
  async run({ requestId }, deps) {
    const task = await deps.store.getTask(requestId, 'acknowledgements');
    const round = Number(task?.context?.['round'] ?? 0) + 1;
    const recorded = await deps.store.getStepResult<{ done: boolean }>(requestId, chaseKey(round));
    if (recorded) return { done: recorded.done };
    const r = await mustGetRequest(deps, requestId);
    const plans = (await deps.store.getStepResult<RecordedPlan>(requestId, PLAN_KEY))?.notices ?? [];
    const today = shanghaiDate(deps.clock.now());
    let reminders = 0;
    let escalations = 0;
    for (const n of await deps.store.listNotices(requestId)) {
      if (n.status === 'acknowledged' || n.escalatedAt) continue;
      const p = plans.find((x) => x.partnerId === n.partnerId);
      if (today > n.ackDueBy) {
        await escalate(deps, r, n, p);
        escalations++;
        continue;
      }
      // Every planned reminder whose day has come, in order (a late sweep sends only the latest one due).
      const due = (p?.remindOn ?? []).filter((d) => d <= today).length;
      // A notice still waiting for its partner's daily list is not reminded of before it went out.
      if (p && due > n.reminders && n.status !== 'queued') {
        await remind(deps, r, n, p, due);
        reminders++;
      }
    }
    const after = await deps.store.listNotices(requestId);
    const allAcknowledged = after.every((n) => n.status === 'acknowledged');
    const done = after.every((n) => n.status === 'acknowledged' || n.escalatedAt !== undefined);
    await deps.store.putStepResult(requestId, chaseKey(round), { done, reminders, escalations });
    if (allAcknowledged)
      await moveStatus(deps, requestId, 'closed', {
        type: 'request_closed',
        actor: 'workflow:ChaseAcknowledgements',
        data: { notices: after.length },
      });
    else if (done) await leaveUnanswered(deps, requestId, after);
    return { done };
  },
});

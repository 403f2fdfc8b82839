// Metric names, defined once: the code emits them (StepMetrics.count) and the stack's alarms watch them
// (infra/aws/constructs/ops.ts). CloudWatch matches a metric by namespace, name and dimensions exactly, so all three
// live here and test/infra/metrics.test.ts joins what a handler really emits with what the alarms watch.
// Pure: the stack imports it without pulling in Powertools.

/** CloudWatch namespace of every rightsflow metric (Powertools EMF). */
export const METRICS_NAMESPACE = 'Rightsflow';
/** Powertools service name: the one default dimension `service` every metric carries. */
export const METRICS_SERVICE = 'rightsflow';
/** The only dimension set emitted: alarms use exactly this. */
export const METRIC_DIMENSIONS = { service: METRICS_SERVICE } as const;

export const METRIC = {
  /** A request passed its reply deadline (sweep, once per request). Alarmed. */
  deadlineMissed: 'DeadlinesMissed',
  /** A request reached an escalation threshold (working day 10, 13 by default). */
  deadlineEscalated: 'DeadlinesEscalated',
  /** Escalation digests sent (one per officer per sweep run). */
  escalationDigestSent: 'EscalationDigestsSent',
  /** A workflow ended in RecordFailure. */
  requestFailed: 'RequestsFailed',
  /** A letter SES reported bounced or complained about ("not delivered" on the request). Alarmed. */
  mailNotDelivered: 'MailNotDelivered',
  /** The sweep started a request left `received`. */
  workflowStartedBySweep: 'WorkflowsStartedBySweep',
  /** A provisional deadline recomputed on a newly loaded holiday schedule. */
  deadlineRecomputed: 'DeadlineRecomputed',
  /**
   * A loaded schedule made a provisional deadline earlier than the acknowledgement promised (a notice outside the
   * rule space). Alarmed: the person must hear of it, and the reply is now due sooner.
   */
  provisionalDeadlineEarlier: 'ProvisionalDeadlineEarlier',
  /** An official holiday schedule deadlines depend on is missing. Alarmed. */
  scheduleMissing: 'ScheduleMissing',
  /** Durable timers the sweep fired late (their own schedule did not fire them): should stay 0. Alarmed. */
  timersFiredBySweep: 'TimersFiredBySweep',
  /** Partners still silent after the last escalation: the request leaves the open set with a staff task. */
  acknowledgementsAbandoned: 'AcknowledgementsUnanswered',
  /**
   * A partner's daily list of notices that could not be sent this sweep run (a secret gone, the mail refused, the
   * store failing): it stays queued and is retried every run, its notices' acknowledgement windows running. Alarmed
   * when it keeps failing.
   */
  partnerListFailed: 'PartnerDailyListsFailed',
  /** Answered requests whose mail, attachments or personal fields the retention purge removed (PIPL art. 19). */
  requestRecordsPurged: 'RequestRecordsPurged',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

// The Lambda-backed steps of the RightsRequest workflow: state name in the ASL → handler folder in functions/.
// The CDK stack creates one function per entry; the local runtime maps each Task state to the same handler.
export const WORKFLOW_STEPS = {
  LoadRequest: { fn: 'load-request', waitsForCallback: false },
  AwaitIdentityVerification: { fn: 'request-verification', waitsForCallback: true },
  CheckExceptions: { fn: 'check-exceptions', waitsForCallback: false },
  AwaitPrivacyOfficerReview: { fn: 'request-review', waitsForCallback: true },
  AwaitFeeAcceptance: { fn: 'request-fee-acceptance', waitsForCallback: true },
  FulfilRight: { fn: 'fulfil-right', waitsForCallback: false },
  AwaitFollowUps: { fn: 'await-follow-ups', waitsForCallback: true },
  PlanRecipientNotices: { fn: 'plan-notices', waitsForCallback: false },
  SendRecipientNotice: { fn: 'send-recipient-notice', waitsForCallback: false },
  IsolateBackups: { fn: 'isolate-backups', waitsForCallback: false },
  ScheduleDeferredDeletions: { fn: 'schedule-deferred-deletions', waitsForCallback: false },
  SendReply: { fn: 'send-reply', waitsForCallback: false },
  RecordOutcome: { fn: 'record-outcome', waitsForCallback: false },
  AwaitAcknowledgements: { fn: 'await-acknowledgements', waitsForCallback: true },
  ChaseAcknowledgements: { fn: 'chase-acknowledgements', waitsForCallback: false },
  RecordFailure: { fn: 'record-failure', waitsForCallback: false },
} as const;

export type WorkflowStateName = keyof typeof WORKFLOW_STEPS;
export type WorkflowFunctionName = (typeof WORKFLOW_STEPS)[WorkflowStateName]['fn'];

export const WORKFLOW_FUNCTION_NAMES = [
  ...new Set(Object.values(WORKFLOW_STEPS).map((s) => s.fn)),
] as WorkflowFunctionName[];

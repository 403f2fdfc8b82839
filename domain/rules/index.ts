// Pure rules over the policy and recorded facts, called by the workflow's handlers.
export {
  basisReason,
  checkExceptions,
  type ExceptionCheck,
  type ExceptionFacts,
  type ProposedRefusal,
  REVIEW_REASONS,
  type ReviewReason,
} from './exceptions.ts';
export {
  type AcceptanceWindow,
  acceptanceWindow,
  type CostBasis,
  type CostLine,
  chargedFen,
  costBasis,
  FEE_LAW,
  type FeeAssessment,
  FeeError,
  feeAssessment,
  isRepeated,
  yuan,
} from './fees.ts';
export { type ErasurePlan, planErasure } from './fulfilment.ts';
export { deletionGrounds, type GroundFacts, type GroundFinding } from './grounds.ts';
export {
  type Disposition,
  erasedBy,
  type GuardedErasure,
  type GuardInput,
  guardErasure,
  heldBy,
  keptForServiceBy,
} from './guard.ts';
export { currentHolds, governingHold, type HoldFacts } from './holds.ts';
export { decideOutcome, IncompleteFulfilmentError, type OutcomeFacts, type RightResultStatus } from './outcome.ts';
export { type NoticeExtras, type NoticePlan, type PlanOptions, planNotices } from './recipients.ts';
export {
  type ChosenBasis,
  CONFIDENTIAL_TERMS,
  CONFIDENTIALITY_WARNING,
  confidentialityProblems,
  type ResolvedBasis,
  resolveBases,
} from './refusal.ts';
export { type RetentionHold, retentionHolds, ruleUntil, unretainedCategories } from './retention.ts';
export type { Hold, HoldEnd, HoldKind, RetentionAnchors } from './types.ts';

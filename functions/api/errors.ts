// The API's one error shape, `{error: {code, message}}`, and how internal errors map onto HTTP statuses.
// Messages never echo what the caller sent (it may be personal data) and never expose internals.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type * as z from 'zod';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    /** Extra fields of the error object (e.g. `attemptsLeft`): facts about the request, never what the caller sent. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string) => new ApiError(400, code, message);
export const notFound = (what = 'request') => new ApiError(404, 'not_found', `no such ${what}`);
export const conflict = (code: string, message: string) => new ApiError(409, code, message);
export const forbidden = (message = 'your role may not do this') => new ApiError(403, 'forbidden', message);
export const unauthorized = (message = 'a valid bearer token is required') =>
  new ApiError(401, 'unauthorized', message);

/** `subject.idNumber: Too big: …; rights[0]: Invalid option: …` — paths and rules only, never the values. */
export function summariseIssues(issues: readonly z.core.$ZodIssue[], root: 'body' | 'query' = 'body'): string {
  const parts = issues.slice(0, 5).map((i) => {
    const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
    if (root === 'query') return `query${path || ''}: ${i.message}`;
    return `${path.replace(/^\./, '') || '(body)'}: ${i.message}`;
  });
  if (issues.length > 5) parts.push(`and ${issues.length - 5} more`);
  return parts.join('; ');
}

/** Errors that handlers and the store throw by name (Step Functions error codes), as API errors. */
const BY_NAME: Record<string, [ContentfulStatusCode, string, string]> = {
  NotFound: [404, 'not_found', 'no such request'],
  VersionConflict: [409, 'version_conflict', 'the request changed meanwhile; reload and try again'],
  InvalidTransition: [409, 'invalid_state', 'the request is not in a state that allows this'],
  TaskNotOpen: [409, 'no_pending_task', 'nothing is waiting for this step'],
  'Task.NotOpen': [409, 'no_pending_task', 'nothing is waiting for this step (already decided?)'],
  InvalidInput: [400, 'validation_failed', 'the step rejected the input'],
  NoPendingTask: [409, 'no_pending_task', 'nothing is waiting for this step'],
  'Verification.NothingToVerify': [
    409,
    'nothing_to_verify',
    'the request lacks the name or a valid ID number a hotline check is made against: add them first with POST /api/requests/{id}/identifiers',
  ],
  'Verification.IdentifierConflict': [
    409,
    'identifier_conflict',
    'the ID number and the phone point to different customers: correct the identifiers first with POST /api/requests/{id}/identifiers',
  ],
  'Verification.DocumentReviewRequired': [
    409,
    'document_review_required',
    "a guardian, an agent or a relative of a deceased person is verified by the privacy officer's document review, not on a call (PIPL arts. 31, 49)",
  ],
  'Verification.DocumentsIncomplete': [
    422,
    'documents_incomplete',
    'documents required for this requester are missing',
  ],
  'Verification.NotCloseRelative': [
    422,
    'not_a_close_relative',
    'PIPL art. 49 gives these rights to close relatives only (Civil Code art. 1045)',
  ],
  'Verification.Art49': [
    422,
    'art49_conditions',
    "PIPL art. 49: confirm the relative's own lawful interest and that the deceased made no contrary arrangement",
  ],
  'Identifiers.Locked': [409, 'invalid_state', 'the request is past the point where its identifiers may change'],
  'Identifiers.Verified': [
    409,
    'already_verified',
    'the request was verified against its identifiers; they can no longer change',
  ],
  InvalidCursor: [400, 'invalid_cursor', 'the cursor is not one this API issued; start again without it'],
};

/**
 * Errors whose message is written for staff from codes and policy data only (never request data): passed through,
 * so that the officer learns why a decision is not allowed.
 */
const WITH_MESSAGE: Record<string, [ContentfulStatusCode, string]> = {
  'Fee.Invalid': [422, 'fee_not_allowed'],
  'Review.TipOff': [422, 'would_tip_off'],
};

export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  const name = (err as { name?: string } | undefined)?.name;
  const own = name ? WITH_MESSAGE[name] : undefined;
  if (own) return new ApiError(own[0], own[1], String((err as Error).message).slice(0, 1_000));
  const hit = name ? BY_NAME[name] : undefined;
  return hit ? new ApiError(hit[0], hit[1], hit[2]) : undefined;
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>) {
  return { error: { code, message, ...details } };
}

export function sendError(c: Context, err: ApiError) {
  return c.json(errorBody(err.code, err.message, err.details), err.status);
}

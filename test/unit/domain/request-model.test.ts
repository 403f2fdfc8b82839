import { describe, expect, it } from 'vitest';
import {
  assertTransition,
  canTransition,
  InvalidTransitionError,
  meetsVerification,
  RequestId,
  requiredVerificationLevel,
  STATUSES,
  TERMINAL_STATUSES,
} from '../../../domain/request/model.ts';

describe('request status transitions', () => {
  it('lets a request go the happy path from receipt to closure', () => {
    const path = [
      'received',
      'awaiting_verification',
      'checking',
      'fulfilling',
      'replying',
      'replied',
      'closed',
    ] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('never leaves a terminal status', () => {
    for (const from of TERMINAL_STATUSES)
      for (const to of STATUSES) if (to !== from) expect(canTransition(from, to)).toBe(false);
  });

  it('refuses to skip the reply', () => {
    expect(canTransition('fulfilling', 'closed')).toBe(false);
    expect(() => assertTransition('fulfilling', 'closed')).toThrow(InvalidTransitionError);
  });

  it('re-drives a failed request', () => {
    expect(canTransition('failed', 'checking')).toBe(true);
  });
});

describe('verification level by rights', () => {
  it('asks for strong verification before deleting or disclosing', () => {
    expect(requiredVerificationLevel(['delete'])).toBe('strong');
    expect(requiredVerificationLevel(['access', 'withdraw_consent'])).toBe('strong');
  });
  it('accepts control of the channel for a marketing opt-out', () => {
    expect(requiredVerificationLevel(['withdraw_consent'])).toBe('contact');
  });
  it('counts a verification as enough only when it reaches what every right needs', () => {
    expect(meetsVerification('contact', ['withdraw_consent'])).toBe(true);
    expect(meetsVerification('contact', ['withdraw_consent', 'delete'])).toBe(false);
    expect(meetsVerification('strong', ['delete'])).toBe(true);
    expect(meetsVerification('none', ['withdraw_consent'])).toBe(false);
  });
});

describe('request numbers', () => {
  it('accepts RF numbers and rejects others', () => {
    expect(RequestId.safeParse('RF-20261125-7K3QZ8').success).toBe(true);
    expect(RequestId.safeParse('RF-20261125-7K3QZI').success).toBe(false);
    expect(RequestId.safeParse('20261125').success).toBe(false);
  });
});

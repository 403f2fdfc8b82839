// Who a call can verify: only the subject themself; a guardian, a relative of a deceased user or an agent never
// (knowing the person's data proves no guardianship, kinship or authorisation, PIPL arts. 31, 49).
import { describe, expect, it } from 'vitest';
import { RequesterType } from '../../../domain/request/model.ts';
import { verifiableOnCall } from '../../../domain/request/on-call.ts';

describe('verifiableOnCall', () => {
  it('only the subject: never a guardian, a relative of a deceased user or an agent', () => {
    expect(Object.fromEntries(RequesterType.options.map((t) => [t, verifiableOnCall(t)]))).toEqual({
      self: true,
      guardian: false,
      relative_of_deceased: false,
      agent: false,
    });
  });
});

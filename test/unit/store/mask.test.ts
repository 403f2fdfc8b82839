// The store's masked display copies use the domain's masks: one format everywhere (store, API, notices, logs).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskEmail, maskIdNumber, maskName, maskPhone } from '../../../domain/identity/index.ts';
import { presentRequest } from '../../../functions/api/present.ts';
import { maskParties } from '../../../functions/shared/store/mask.ts';
import { sampleRequest } from './fixture.ts';

describe('maskParties', () => {
  it('masks an ID as 330106********1234 and keeps its shape', () => {
    const m = maskParties(
      { idNumber: '330106199001011234', phone: '+86 138-1234-5678', name: '张三', email: 'Zhang.San@Example.com' },
      { type: 'guardian', name: 'John Smith', phone: '13900000003', email: 'guardian@example.com' },
    );
    expect(m).toEqual({
      subject: { idNumber: '330106********1234', phone: '138****5678', name: '张*', email: 'Z***@example.com' },
      requester: { type: 'guardian', name: 'J*** S***', phone: '139****0003', email: 'g***@example.com' },
    });
  });

  it('agrees with the domain masks and the API view for any ID and phone', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-6]\d{16}[\dX]$/), fc.stringMatching(/^1[3-9]\d{9}$/), (idNumber, phone) => {
        const r = sampleRequest({ subject: { idNumber, phone, name: '测试用户', email: 'fake.person@example.com' } });
        const m = maskParties(r.subject, r.requester);
        expect(m.subject.idNumber).toBe(maskIdNumber(idNumber));
        expect(m.subject.phone).toBe(maskPhone(phone));
        expect(m.subject.name).toBe(maskName('测试用户'));
        expect(m.subject.email).toBe(maskEmail('fake.person@example.com'));
        expect(m.subject.idNumber).not.toContain(idNumber.slice(6, 14)); // birth date and sequence hidden
        const shown = presentRequest(r, false);
        expect(shown.subject.idNumber).toBe(m.subject.idNumber);
        expect(shown.subject.phone).toBe(m.subject.phone);
      }),
    );
  });
});

// The letter data for a requester who asks for someone else (domain/replies/on-behalf.ts): the requester's name for
// the salutation, and the child's or the deceased's name only once the requester is verified.
import type { OnBehalf } from '../../domain/replies/on-behalf.ts';
import type { RightsRequest } from '../../domain/request/model.ts';

export function onBehalfOf(r: RightsRequest, verified: boolean): { onBehalf?: OnBehalf } {
  const type = r.requester.type;
  if (type !== 'guardian' && type !== 'relative_of_deceased') return {};
  const art49 = r.verification.art49;
  // A guardian's opt-out or general explanation is answered on a code to their own mailbox (`contact`): that proves
  // nothing about their authority, so the letter names no one and keeps to "nothing is disclosed before verification".
  const named = verified && r.verification.level === 'strong';
  return {
    onBehalf: {
      role: type,
      ...(r.requester.name ? { requesterName: r.requester.name } : {}),
      ...(named && r.subject.name ? { subjectName: r.subject.name } : {}),
      ...(r.requester.relation ? { relation: r.requester.relation } : {}),
      ...(named && art49?.ownLawfulInterest && art49.noContraryArrangement ? { art49Confirmed: true } : {}),
    },
  };
}

// Who is verified by the privacy officer's review of documents rather than by a one-time code (PIPL arts. 31, 49).
// A code proves control of a phone or mailbox on file, which is the subject's: it says nothing about a relative of a
// deceased person (whose own contacts may be the deceased's) or about whether a writer is a child's guardian (the
// child's phone is the child's). So neither gets a code on the subject's contacts; both send their documents.
import { type RightsRequest, requiredVerificationLevel } from './model.ts';

export type DocumentReviewFor = 'guardian' | 'relative_of_deceased';

/**
 * Whether the request is verified only by document review, and for whom. A relative of a deceased person: always
 * (no code ever goes to the deceased's contacts). A guardian: when the rights need `strong` verification; an opt-out
 * or a general explanation needs only control of the guardian's own mailbox, where the code goes (it discloses
 * nothing about the child).
 */
export function documentReviewFor(r: Pick<RightsRequest, 'requester' | 'rights'>): DocumentReviewFor | undefined {
  if (r.requester.type === 'relative_of_deceased') return 'relative_of_deceased';
  if (r.requester.type === 'guardian' && requiredVerificationLevel(r.rights) === 'strong') return 'guardian';
  return undefined;
}

// Who can be verified by hotline staff on a call (docs/design.md §2 Identity). The four checks (name, ID number, bank
// card, phone on file) prove that the caller knows the subject's data; they say nothing about whether the caller is
// the child's guardian (PIPL art. 31), a close relative of a deceased user (art. 49) or someone the subject authorised:
// family members and helpers commonly know each other's data. So those are verified only by the privacy officer's
// review of their documents (guardianship, death and kinship, a written authorisation), never by a call. Kept free of
// zod so the console's hotline form and verification panel use the same rule as the API.

/** Requester types whose identity a call alone can never establish. */
const DOCUMENTS_ONLY: ReadonlySet<string> = new Set(['guardian', 'relative_of_deceased', 'agent']);

/** Whether hotline staff may record the four on-call checks as verification for this kind of requester. */
export function verifiableOnCall(requesterType: string): boolean {
  return !DOCUMENTS_ONLY.has(requesterType);
}

// What hotline staff confirm on a call before a request counts as strongly verified (docs/design.md §2 Identity).
import * as z from 'zod';

export const HotlineChecks = z.strictObject({
  name: z.boolean(),
  idNumber: z.boolean(),
  bankCard: z.boolean(),
  phone: z.boolean(),
});
export type HotlineChecks = z.infer<typeof HotlineChecks>;

/** All four must have matched: any one alone is guessable or shared within a family. */
export const allMatched = (c: HotlineChecks): boolean => c.name && c.idNumber && c.bankCard && c.phone;

/**
 * What a request must carry for a hotline check to mean something (issue 13 item 5): the name and a valid ID number,
 * by which staff find the person's records on screen and against which the caller's answers are compared. The card
 * digits and the phone the caller states are compared there too, but need not be written into the request. A
 * request with none of this ("all four matched" on a bare e-mail address) has nothing to verify against.
 */
export function hotlineCheckGaps(subject: {
  name?: string | undefined;
  idNumber?: string | undefined;
  idNumberValid?: boolean | undefined;
}): ('name' | 'idNumber')[] {
  const gaps: ('name' | 'idNumber')[] = [];
  if (!subject.name?.trim()) gaps.push('name');
  if (!subject.idNumber || subject.idNumberValid === false) gaps.push('idNumber');
  return gaps;
}

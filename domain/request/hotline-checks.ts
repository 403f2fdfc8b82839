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

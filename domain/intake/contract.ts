// The parse-email contract (docs/design.md §4): what `rightsflow parse-email <file.eml> --json` prints, exactly.
import * as z from 'zod';
import { Right } from '../request/model.ts';

export const AttachmentInfo = z.object({
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
});
export type AttachmentInfo = z.infer<typeof AttachmentInfo>;

export const ParsedEmail = z.strictObject({
  messageId: z.string().nullable(),
  from: z.string(),
  isReply: z.boolean(),
  rights: z.array(Right),
  triage: z.boolean(),
  subject: z.strictObject({
    name: z.string().optional(),
    idNumber: z.string().optional(),
    idNumberValid: z.boolean().optional(),
    phone: z.string().optional(),
    email: z.string(),
  }),
  /**
   * Who writes (additive, docs/design.md §4): `self`, a `guardian` for a child (PIPL art. 31) or a
   * `relative_of_deceased` (art. 49), with the writer's own name and ID number when they ask for someone else.
   */
  requester: z.strictObject({
    type: z.enum(['self', 'guardian', 'relative_of_deceased']),
    name: z.string().optional(),
    idNumber: z.string().optional(),
    relation: z.enum(['guardian', 'parent', 'child', 'spouse', 'sibling', 'grandparent', 'grandchild']).optional(),
  }),
  guardian: z.boolean().optional(),
  minor: z.boolean().optional(),
  attachments: z.array(AttachmentInfo),
  language: z.enum(['zh', 'en']),
});
export type ParsedEmail = z.infer<typeof ParsedEmail>;

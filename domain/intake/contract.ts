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
  guardian: z.boolean().optional(),
  minor: z.boolean().optional(),
  attachments: z.array(AttachmentInfo),
  language: z.enum(['zh', 'en']),
});
export type ParsedEmail = z.infer<typeof ParsedEmail>;

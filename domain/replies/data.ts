// What each letter needs: the handler gives codes and facts, the renderer adds labels and the policy's contacts.
import * as z from 'zod';
import { ExceptionCode, type LetterKind } from '../policy/schema.ts';
import { DataCategory, RequestId, Right } from '../request/model.ts';

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const Text = z.object({ zh: z.string().min(1), en: z.string().min(1) });

export const HeldCategory = z.object({
  category: DataCategory,
  /** Last day of the hold; null when it has no date (a legal hold never shows one). */
  until: Ymd.nullable(),
  kind: z.enum(['retention', 'legal_hold', 'dispute', 'restriction']),
  /** What the letter says about it (domain/replies/held.ts holdLine): never why a legal hold exists. */
  line: Text,
});

const Outcome = z.object({
  requestId: RequestId,
  rights: z.array(Right).min(1),
  receivedOn: Ymd,
});

export const LETTER_DATA = {
  acknowledgement: Outcome.extend({
    deadline: Ymd,
    /** The deadline is on a provisional calendar (a year's official schedule is not loaded). */
    provisional: z.boolean(),
    /** The years whose schedule is not loaded (named in the letter); empty: "next year". */
    provisionalYears: z.array(z.number().int()).default([]),
    verificationNeeded: z.boolean(),
  }),
  verification_code: z.object({
    requestId: RequestId,
    code: z.string().regex(/^\d{4,10}$/),
    validMinutes: z.number().int().positive(),
  }),
  /** The same code as a text message to the phone on file (one language, short). */
  verification_sms: z.object({
    requestId: RequestId,
    code: z.string().regex(/^\d{4,10}$/),
    validMinutes: z.number().int().positive(),
  }),
  completed: Outcome.extend({
    erased: z.array(DataCategory),
    backupPurgeBy: Ymd.nullable(),
    recipientsNotified: z.number().int().nonnegative(),
    /** What was done, in words, one line each (e.g. "the export is attached"). */
    notes: z.array(Text),
  }),
  partially_completed: Outcome.extend({
    erased: z.array(DataCategory),
    held: z.array(HeldCategory),
    /** Reasons for the parts not done (a refused right); the letter then also names complaint channels and courts. */
    refusedReasons: z.array(Text),
    /** The privacy officer's partial decision: rights not fulfilled and categories kept (listed in the letter). */
    withheldRights: z.array(Right).default([]),
    withheldCategories: z.array(DataCategory).default([]),
    backupPurgeBy: Ymd.nullable(),
    recipientsNotified: z.number().int().nonnegative(),
    notes: z.array(Text),
  }),
  refused: Outcome.extend({
    exceptionCodes: z.array(ExceptionCode),
    /** The privacy officer's reasons, in addition to the exception texts. */
    reasons: z.array(Text),
    /** Minor or guardian: written refusal with reasons (未成年人网络保护条例 art. 34). */
    minor: z.boolean(),
  }),
  unable_to_verify: Outcome.extend({ windowWorkingDays: z.number().int().positive() }),
  fee_quote: Outcome.extend({
    amount: z.number().positive(),
    currency: z.string().length(3),
    priorCount: z.number().int().nonnegative(),
    windowMonths: z.number().int().positive(),
    reason: Text,
    acceptBy: Ymd,
  }),
  partner_notice: z.object({
    requestId: RequestId,
    partnerName: Text,
    categories: z.array(DataCategory).min(1),
    legalBasisArticle: z.union([z.literal(21), z.literal(23)]),
    /** How the partner identifies the person: values as the notice may carry them (masked where possible). */
    subjectReference: z.array(z.object({ label: Text, value: z.string().min(1) })).min(1),
    ackUrl: z.string().nullable(),
    ackDueBy: Ymd,
    sentOn: Ymd,
  }),
  partner_reminder: z.object({
    requestId: RequestId,
    partnerName: Text,
    categories: z.array(DataCategory).min(1),
    ackUrl: z.string().nullable(),
    ackDueBy: Ymd,
    noticeSentOn: Ymd,
    reminderNumber: z.number().int().positive(),
  }),
  escalation: z.object({
    requestId: RequestId,
    reason: z.enum(['deadline_near', 'deadline_missed', 'ack_overdue', 'step_failed']),
    deadline: Ymd,
    workingDaysLeft: z.number().int(),
    /** deadline_missed: calendar days since the deadline day (a weekend after it counts no working day). */
    daysOverdue: z.number().int().nonnegative().default(0),
    status: z.string().min(1),
    detail: z.string(),
    consoleUrl: z.string().nullable(),
  }),
} satisfies Record<LetterKind, z.ZodType>;

export type LetterData<K extends LetterKind> = z.input<(typeof LETTER_DATA)[K]>;

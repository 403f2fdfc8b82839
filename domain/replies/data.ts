// What each letter needs: the handler gives codes and facts, the renderer adds labels and the policy's contacts.
import * as z from 'zod';
import type { LetterKind } from '../policy/schema.ts';
import { DataCategory, RequestId, Right } from '../request/model.ts';
import { OnBehalf } from './on-behalf.ts';

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

/** What a partner is told: categories to delete, held categories to keep storage-only, ended quick-pay agreements. */
const NoticeSections = z.object({
  /** Erased categories: delete. */
  categories: z.array(DataCategory),
  /** Held categories the partner processes on our behalf: storage only until `until` (null: we will tell). */
  restricted: z.array(z.object({ category: DataCategory, until: Ymd.nullable() })).default([]),
  /** The restriction covers only these cards' records (a quick-pay cancellation). */
  restrictedCards: z.array(z.string().regex(/^\d{4}$/)).default([]),
  /** Quick-pay agreements that ended (policy §4(5)): the partner ends its side. Not a deletion. */
  cancellations: z.array(z.object({ cardLast4: z.string().regex(/^\d{4}$/), endedOn: Ymd })).default([]),
  accountClosedOn: Ymd.nullable().default(null),
  /** Categories corrected at the person's request (PIPL art. 46) that the partner received: correct its copy. */
  corrected: z.array(DataCategory).default([]),
  /** Consents withdrawn for processing the partner does on our behalf: stop it; delete what rested on it. */
  consentWithdrawn: z.array(Text.extend({ deletes: Text.nullable() })).default([]),
  /** Processings the person restricted (PIPL art. 44) that the partner does on our behalf: stop them until lifted. */
  processingRestricted: z.array(Text.extend({ since: Ymd })).default([]),
  /** Restrictions the partner was told of and the person lifted: the processing may resume. */
  restrictionLifted: z.array(Text.extend({ since: Ymd, liftedOn: Ymd })).default([]),
});
function noticeHasASection(n: z.output<typeof NoticeSections>, ctx: z.RefinementCtx) {
  if (
    n.categories.length +
      n.restricted.length +
      n.cancellations.length +
      n.corrected.length +
      n.consentWithdrawn.length +
      n.processingRestricted.length +
      n.restrictionLifted.length ===
    0
  )
    ctx.addIssue({
      code: 'custom',
      path: ['categories'],
      message: 'a notice deletes, restricts, cancels or corrects something',
    });
}

const Outcome = z.object({
  requestId: RequestId,
  rights: z.array(Right).min(1),
  receivedOn: Ymd,
  /** A guardian or a relative of a deceased person asked (letters speak to them; on-behalf.ts). */
  onBehalf: OnBehalf.optional(),
});

const Cited = Text.extend({ cite: Text });

/** One category as an access or explanation letter discloses it (domain/disclosure). */
export const DisclosedCategory = z.object({
  category: DataCategory,
  /** Records held for the person; null in the general rules. */
  records: z.number().int().nonnegative().nullable(),
  purposes: z.array(Cited).min(1),
  legalBases: z.array(Cited).min(1),
  source: Text,
  recipients: z.array(z.object({ names: Text, contact: z.string().nullable(), received: z.boolean() })),
  retention: Text,
  sensitive: z.boolean(),
});

export const Disclosure = z.object({
  /** `held`: the categories held for the person; `general`: the processing rules only, nothing about a person. */
  scope: z.enum(['held', 'general']),
  categories: z.array(DisclosedCategory),
  /** The privacy officer's answer to the person's question (PIPL art. 48). */
  answer: Text.nullable(),
});

/** A transfer to the receiving company the person named, as the person's letters report it. */
export const Transfer = z.object({
  /** The company as the officer confirmed it (or as the person named it, while pending or refused). */
  to: z.string().min(1),
  status: z.enum(['sent', 'refused', 'pending']),
  /** sent: the day the link went to the receiver, and its last valid day. */
  sentOn: Ymd.nullable().default(null),
  expiresOn: Ymd.nullable().default(null),
  /** refused: the privacy officer's reason, in words. */
  reason: Text.nullable().default(null),
});

/** An export package delivered through an expiring link opened with a one-time code (access, copy, portability). */
export const Download = z.object({
  right: z.enum(['access', 'copy', 'portability']),
  url: z.string().min(1),
  /** Last day the link works (Asia/Shanghai). */
  expiresOn: Ymd,
  /** Where the code to open it goes. */
  codeVia: z.enum(['sms', 'email']),
  /** What the package carries, and what it leaves out with the reason (portability). */
  included: z.array(DataCategory),
  excluded: z.array(z.object({ category: DataCategory, reason: Cited })),
  /**
   * Portability to a company the person named (PIPL art. 45 ¶3; NDSR art. 25): sent (its own link, once the privacy
   * officer confirmed its receiving address), refused with the officer's reason, or still being checked (the cut-off
   * came first: the result follows in a `transfer_decided` letter).
   */
  transfer: Transfer.nullable().default(null),
});

/** What every outcome letter that reports work done may carry. */
const Done = {
  erased: z.array(DataCategory),
  backupPurgeBy: Ymd.nullable(),
  recipientsNotified: z.number().int().nonnegative(),
  /** What was done, in words, one line each. */
  notes: z.array(Text),
  disclosure: Disclosure.nullable().default(null),
  downloads: z.array(Download).default([]),
};

export const LETTER_DATA = {
  acknowledgement: Outcome.extend({
    deadline: Ymd,
    /** The deadline is on a provisional calendar (a year's official schedule is not loaded). */
    provisional: z.boolean(),
    /** The years whose schedule is not loaded (named in the letter); empty: "next year". */
    provisionalYears: z.array(z.number().int()).default([]),
    verificationNeeded: z.boolean(),
    /** No code: the requester sends documents for the privacy officer's review (domain/request/document-review.ts). */
    documentsNeeded: z.enum(['guardian', 'relative_of_deceased']).nullable().default(null),
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
  /** The code that opens an export download, on its own channel (a separate mail, or SMS below). */
  download_code: z.object({
    requestId: RequestId,
    code: z.string().regex(/^\d{4,10}$/),
    expiresOn: Ymd,
  }),
  /** A new download link (the last one lapsed); its code goes separately as download_code / download_sms. */
  download_link: z.object({
    requestId: RequestId,
    right: z.enum(['access', 'copy', 'portability']),
    url: z.string().min(1),
    expiresOn: Ymd,
    codeVia: z.enum(['sms', 'email']),
  }),
  /** Staff applied the correction the person asked for (policy §4(1), PIPL art. 46): the categories corrected. */
  correction_confirmed: z.object({
    requestId: RequestId,
    receivedOn: Ymd,
    /** Empty when the correction was not made (refusal). */
    categories: z.array(DataCategory),
    /** The fields corrected through the connector, named (never their values); empty when staff corrected by hand. */
    fields: z.array(Text).default([]),
    appliedOn: Ymd,
    /** Why the correction was not made (PIPL art. 46 ¶2: verified first); null when it was made. */
    refusal: Text.nullable().default(null),
  }),
  /** Staff lifted a restriction the person asked to lift (PIPL art. 44): what resumed, from when, who was told. */
  restriction_lifted: z.object({
    requestId: RequestId,
    receivedOn: Ymd,
    /** One line per restriction lifted (domain/replies/restriction-notes.ts liftedLines). */
    lines: z.array(Text).min(1),
    /** Those told of the restriction who now hear it was lifted. */
    partners: z.array(Text).default([]),
  }),
  /** The privacy officer's answer to the person's question, given after the reply went (PIPL art. 48). */
  explanation_answered: z.object({
    requestId: RequestId,
    receivedOn: Ymd,
    answer: Text,
  }),
  /** To the receiving company of a portability transfer: where to fetch the package (its code goes separately). */
  transfer_link: z.object({
    requestId: RequestId,
    receiverName: z.string().min(1),
    url: z.string().min(1),
    expiresOn: Ymd,
    /** The categories in the package. */
    categories: z.array(DataCategory).min(1),
  }),
  transfer_code: z.object({
    requestId: RequestId,
    receiverName: z.string().min(1),
    code: z.string().regex(/^\d{4,10}$/),
    expiresOn: Ymd,
  }),
  /** The transfer's result, decided after the reply went (the reply said it would follow). */
  transfer_decided: z.object({
    requestId: RequestId,
    receivedOn: Ymd,
    transfer: Transfer,
    categories: z.array(DataCategory).default([]),
  }),
  download_sms: z.object({
    requestId: RequestId,
    code: z.string().regex(/^\d{4,10}$/),
    expiresOn: Ymd,
  }),
  completed: Outcome.extend(Done),
  partially_completed: Outcome.extend({
    ...Done,
    held: z.array(HeldCategory),
    /** Reasons for the parts not done (a refused right); the letter then also names complaint channels and courts. */
    refusedReasons: z.array(Text),
    /** The privacy officer's partial decision: rights not fulfilled and categories kept (listed in the letter). */
    withheldRights: z.array(Right).default([]),
    withheldCategories: z.array(DataCategory).default([]),
  }),
  /** Nothing could be deleted: every category asked for is held by a retention duty or a legal hold. */
  held: Outcome.extend({
    held: z.array(HeldCategory).min(1),
    recipientsNotified: z.number().int().nonnegative(),
    notes: z.array(Text),
  }),
  refused: Outcome.extend({
    /** The bases the refusal rests on (refusal-bases.yaml, as the officer chose and edited them) and other reasons. */
    reasons: z.array(Text).min(1),
    /** Minor or guardian: written refusal with reasons (未成年人网络保护条例 art. 34). */
    minor: z.boolean(),
  }),
  unable_to_verify: Outcome.extend({ windowWorkingDays: z.number().int().positive() }),
  fee_quote: Outcome.extend({
    /** Yuan charged: never more than the cost basis (NDSR art. 25 ¶2). */
    amount: z.number().positive(),
    currency: z.literal('CNY'),
    priorCount: z.number().int().nonnegative(),
    windowMonths: z.number().int().positive(),
    /** The citations the fee rests on. */
    reason: Text,
    /** The cost of the transfer, item by item (yuan). */
    costLines: z
      .array(
        z.object({
          zh: z.string().min(1),
          en: z.string().min(1),
          quantity: z.number().positive(),
          unit: Text,
          unitCost: z.number().positive(),
          subtotal: z.number().positive(),
        }),
      )
      .min(1),
    costTotal: z.number().positive(),
    /** How to pay (policy settings fees.payment). */
    payment: Text,
    acceptBy: Ymd,
    /** The reply deadline: a quote accepted in time is answered by then. */
    replyBy: Ymd,
  }),
  withdrawn: Outcome.extend({
    /** Why the request counts as withdrawn: the quote lapsed unanswered, or the person declined it. */
    cause: z.enum(['fee_lapsed', 'fee_declined']),
    amount: z.number().positive(),
    acceptBy: Ymd,
  }),
  partner_notice: NoticeSections.extend({
    requestId: RequestId,
    partnerName: Text,
    legalBasisArticle: z.union([z.literal(21), z.literal(23)]),
    /** How the partner identifies the person: values as the notice may carry them (masked where possible). */
    subjectReference: z.array(z.object({ label: Text, value: z.string().min(1) })).min(1),
    /** Where the partner's full reference to the person travels: an encrypted attachment, or the signed webhook. */
    secureReference: z
      .object({ channel: z.enum(['attachment', 'webhook']), filename: z.string().min(1).optional() })
      .optional(),
    ackUrl: z.string().nullable(),
    ackDueBy: Ymd,
    sentOn: Ymd,
  }).superRefine(noticeHasASection),
  partner_reminder: NoticeSections.extend({
    requestId: RequestId,
    partnerName: Text,
    ackUrl: z.string().nullable(),
    ackDueBy: Ymd,
    noticeSentOn: Ymd,
    reminderNumber: z.number().int().positive(),
  }).superRefine(noticeHasASection),
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

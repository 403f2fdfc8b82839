// Request bodies and query strings of the HTTP API (zod: the source of the types and of the 400s).
import * as z from 'zod';
import { CorrectionChange, CorrectionRefusal } from '../../domain/corrections/index.ts';
import { allMatched, HotlineChecks, hotlineCheckGaps } from '../../domain/request/hotline-checks.ts';
import {
  Art49Conditions,
  Channel,
  DataCategory,
  DocumentKind,
  Relation,
  Requester,
  Right,
  Status,
  SubjectClaim,
} from '../../domain/request/model.ts';
import { verifiableOnCall } from '../../domain/request/on-call.ts';
import { ReviewDecision } from '../request-review/operations.ts';

export { allMatched, HotlineChecks } from '../../domain/request/hotline-checks.ts';

export const NewRequestBody = z
  .strictObject({
    channel: z.enum(['hotline', 'web']),
    rights: z.array(Right).min(1).max(9),
    subject: SubjectClaim.extend({ name: z.string().max(100).optional() }).strict(),
    requester: Requester.default({ type: 'self' }),
    details: z.string().max(20_000).optional(),
    correction: z.string().max(5_000).optional(),
    language: z.enum(['zh', 'en']).default('zh'),
    verifiedAtHotline: z.strictObject({ checks: HotlineChecks }).optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.subject.idNumber && !b.subject.phone)
      ctx.addIssue({ code: 'custom', path: ['subject'], message: 'an ID number or a phone number is required' });
    if (b.verifiedAtHotline && b.channel !== 'hotline')
      ctx.addIssue({
        code: 'custom',
        path: ['verifiedAtHotline'],
        message: 'only a hotline call can be verified by staff',
      });
    // The subject's name, ID, card and phone prove nothing about the guardian, relative or agent on the line (PIPL
    // arts. 31, 49): the privacy officer reviews their identity and the proofs of guardianship, death and kinship or
    // the written authorisation instead.
    if (b.verifiedAtHotline && !verifiableOnCall(b.requester.type))
      ctx.addIssue({
        code: 'custom',
        path: ['verifiedAtHotline'],
        message:
          "a guardian, an agent or a relative of a deceased person is verified by the privacy officer's document review, not at the hotline",
      });
    // The four checks compare the caller's answers with the records the name and ID number find (D10).
    if (b.verifiedAtHotline && hotlineCheckGaps(b.subject).length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['subject'],
        message: 'a hotline check is made against the records of the name and ID number: give both',
      });
    if (b.verifiedAtHotline && !allMatched(b.verifiedAtHotline.checks))
      ctx.addIssue({
        code: 'custom',
        path: ['verifiedAtHotline', 'checks'],
        message: 'name, ID number, bank card and phone must all have matched; otherwise leave it out',
      });
    if (b.rights.includes('correct') && !b.correction)
      ctx.addIssue({ code: 'custom', path: ['correction'], message: 'say what is to be corrected' });
  });
export type NewRequestBody = z.infer<typeof NewRequestBody>;

/** Who a request waits on, as the queue filters it (each maps to statuses: waitingOnStatuses). */
export const WaitingOn = z.enum(['person', 'officer', 'partner', 'staff']);
export type WaitingOn = z.infer<typeof WaitingOn>;

const boolParam = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const ListQuery = z.strictObject({
  status: Status.optional(),
  /** An ISO instant, or a date meaning the end of that day in Shanghai. */
  due_before: z
    .string()
    .refine((s) => !Number.isNaN(Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T23:59:59+08:00` : s)), {
      message: 'expected a date YYYY-MM-DD or an ISO time',
    })
    .optional(),
  right: Right.optional(),
  channel: Channel.optional(),
  minor: boolParam.optional(),
  waiting_on: WaitingOn.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2_000).optional(),
});

export const RequestQuery = z.strictObject({ reveal: z.enum(['1', 'true']).optional() });

export const OutboxQuery = z.strictObject({
  requestId: z.string().max(40).optional(),
  kind: z.string().max(40).optional(),
  channel: z.enum(['email', 'sms']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** The quarantine's pages, newest first. */
export const QuarantineQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(2_000).optional(),
});

export const EvidenceReportQuery = z.strictObject({
  reveal: z.enum(['1', 'true']).optional(),
  format: z.enum(['html', 'json']).default('html'),
});

const Day = z.iso.date();
/** The period report: days received (Beijing), both included; default the current month to date. */
export const PeriodReportQuery = z.strictObject({
  from: Day.optional(),
  to: Day.optional(),
  format: z.enum(['json', 'html', 'csv']).default('json'),
});

export const StatsQuery = z.strictObject({
  /** How many months back the by-month figures go (closed requests by their last update). */
  months: z.coerce.number().int().min(1).max(24).default(6),
});

/** Console sign-in with a local user (credentials.json). */
export const SessionBody = z.strictObject({
  user: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

/** The identifiers typed into the hotline form so far: open requests about the same person. */
export const DuplicatesBody = z.strictObject({
  subject: SubjectClaim.extend({ name: z.string().max(100).optional() }).strict(),
});

/** A partner's answer through the signed link: no body = completed (the link's original meaning). */
export const PartnerAckBody = z
  .strictObject({
    answer: z.enum(['completed', 'not_found', 'exception']).default('completed'),
    reason: z.string().trim().max(2_000).optional(),
  })
  .superRefine((b, ctx) => {
    if (b.answer === 'exception' && !b.reason)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: 'an exception needs its reason (legal basis, period)',
      });
  });
export type PartnerAckBody = z.infer<typeof PartnerAckBody>;

export const VerificationBody = z.union([
  z.strictObject({ code: z.string().regex(/^\d{4,10}$/, 'a code is 4 to 10 digits') }),
  z.strictObject({ method: z.literal('hotline_staff'), checks: HotlineChecks }),
  /** The privacy officer reviewed documents (guardians, relatives of the deceased, agents, no contact on file). */
  z.strictObject({
    method: z.literal('document_review'),
    documents: z.array(DocumentKind).min(1).max(6),
    art49: Art49Conditions.optional(),
    relation: Relation.optional(),
  }),
]);
export type VerificationBody = z.infer<typeof VerificationBody>;

/** The privacy officer's decision: one definition, request-review's (bases as data, exceptionCodes kept working). */
export const ReviewBody = ReviewDecision;
export type ReviewBody = z.infer<typeof ReviewBody>;

/** The person's answer to a fee quote, as staff heard it (mail or phone). */
export const FeeAcceptanceBody = z.strictObject({
  accepted: z.boolean(),
  /** The payment's receipt or transfer reference, when staff took the payment. */
  paymentReference: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'letters, digits and dashes')
    .optional(),
});

/** Staff record that a requested correction was applied in the source systems (policy §4(1)). */
/**
 * Staff settle a correction: apply what was read from the person's words (`apply: "proposal"`) or the values given
 * (`changes`) through the company connector; record a correction made by hand in the company's systems
 * (`categories` + `note`, as before); or record why it is not made (`refuse`). Notes are sealed, never audited.
 */
const CorrectionNote = z.string().trim().min(1).max(2_000);
export const CorrectionBody = z.union([
  z.strictObject({ apply: z.literal('proposal'), note: CorrectionNote.optional() }),
  z.strictObject({ changes: z.array(CorrectionChange).min(1).max(5), note: CorrectionNote.optional() }),
  z.strictObject({ categories: z.array(DataCategory).min(1).max(7), note: CorrectionNote }),
  z.strictObject({ refuse: CorrectionRefusal, note: CorrectionNote.optional() }),
]);
export type CorrectionBody = z.infer<typeof CorrectionBody>;

/**
 * Staff lift a restriction the person asked to lift (PIPL art. 44): which restrictions of the request (the ids in the
 * request's `restrict` result; all when left out) and how the person asked (audited).
 */
export const RestrictionLiftBody = z.strictObject({
  restrictions: z.array(z.string().min(1).max(200)).min(1).max(10).optional(),
  askedVia: z.enum(['mail', 'hotline', 'in_person']),
});
export type RestrictionLiftBody = z.infer<typeof RestrictionLiftBody>;

/** The privacy officer's answer to the person's question (PIPL art. 48), quoted in the letter; English optional. */
export const ExplanationAnswerBody = z.strictObject({
  answer: z.strictObject({
    zh: z.string().trim().min(10).max(4_000),
    en: z.string().trim().min(10).max(4_000).optional(),
  }),
});
export type ExplanationAnswerBody = z.infer<typeof ExplanationAnswerBody>;

/**
 * The privacy officer's decision on a portability transfer to the company the person named (PIPL art. 45 ¶3):
 * confirm the company and the receiving address checked with it (`codeEmail`: where its one-time code goes, when
 * not to the same address), or refuse with a reason in words (English too for a request in English).
 */
export const TransferDecisionBody = z.union([
  z.strictObject({
    confirm: z.strictObject({
      name: z.string().trim().min(2).max(200),
      email: z.string().trim().max(254),
      codeEmail: z.string().trim().max(254).optional(),
    }),
  }),
  z.strictObject({
    refuse: z.strictObject({
      zh: z.string().trim().min(5).max(2_000),
      en: z.string().trim().min(5).max(2_000).optional(),
    }),
  }),
]);
export type TransferDecisionBody = z.infer<typeof TransferDecisionBody>;

/** Staff triage of a request the intake could not read: what is asked and about whom, or not a request at all. */
export const TriageBody = z.union([
  z.strictObject({ notARequest: z.literal(true), note: z.string().max(2_000).optional() }),
  z
    .strictObject({
      rights: z.array(Right).min(1).max(9),
      subject: SubjectClaim.extend({ name: z.string().max(100).optional() }).strict(),
      language: z.enum(['zh', 'en']).optional(),
    })
    .superRefine((b, ctx) => {
      if (!b.subject.idNumber && !b.subject.phone)
        ctx.addIssue({ code: 'custom', path: ['subject'], message: 'an ID number or a phone number is required' });
    }),
]);
export type TriageBody = z.infer<typeof TriageBody>;

const nullable = <T extends z.ZodType>(t: T) => t.nullable().optional();

/** Staff add or correct identifiers before verification (`null` removes one); the reason is audited. */
export const IdentifiersBody = z
  .strictObject({
    subject: z
      .strictObject({
        name: nullable(z.string().trim().min(1).max(100)),
        idNumber: nullable(z.string().trim().min(1).max(40)),
        phone: nullable(z.string().trim().min(1).max(20)),
        email: nullable(z.string().trim().min(3).max(254)),
        bankCardLast4: nullable(z.string().regex(/^\d{4}$/)),
      })
      .optional(),
    requester: z
      .strictObject({
        name: nullable(z.string().trim().min(1).max(100)),
        idNumber: nullable(z.string().trim().min(1).max(40)),
        phone: nullable(z.string().trim().min(1).max(20)),
        email: nullable(z.string().trim().min(3).max(254)),
        relation: nullable(Relation),
      })
      .optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((b) => Object.keys(b.subject ?? {}).length + Object.keys(b.requester ?? {}).length > 0, {
    message: 'give at least one identifier to add, correct or remove',
  });
export type IdentifiersBody = z.infer<typeof IdentifiersBody>;

/** The privacy officer's record on a child's data found in the company's systems (policy §5). */
export const ChildDataBody = z.strictObject({
  decision: z.enum(['deleted', 'deletion_requested', 'not_a_child']),
  /** What was done or why not (e.g. the reference of the deletion in the company's systems); redacted in the audit. */
  note: z.string().trim().min(1).max(2_000),
});
export type ChildDataBody = z.infer<typeof ChildDataBody>;

/** Staff delivered a letter that could not be mailed. */
export const LetterDeliveryBody = z.strictObject({ method: z.enum(['phone', 'post', 'in_person']) });

/** An SMS reply the company's gateway forwards to POST /sms-inbound (signed; see routes/sms-inbound.ts). */
export const InboundSmsBody = z.object({ from: z.string().min(3).max(32), text: z.string().max(1_000) }).loose();

/** The one-time code that opens an export download (a form field from a browser, or JSON). */
export const DownloadCodeBody = z.strictObject({ code: z.string().trim().max(20) });

/** The short-lived session of the file links, handed out once the code was right. */
export const DownloadFileQuery = z.strictObject({ s: z.string().max(200).optional() });

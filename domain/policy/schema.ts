// The company's policy as data (policy/*.yaml): zod schemas are the source of the types.
import * as z from 'zod';
import { DataCategory, Right } from '../request/model.ts';

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const Version = z.string().min(1);
const Bilingual = z.object({ zh: z.string().min(1), en: z.string().min(1) });
const Email = z.email();
const Days = z.number().int().positive();

export const NoticeChannel = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('email'),
    address: Email,
    placeholder: z.boolean().default(false),
    /** The partner asked for one mail a day listing that day's notices (domain/notices/batch.ts), not one per request. */
    dailyBatch: z.boolean().optional(),
  }),
  z.object({ type: z.literal('signed_webhook'), url: z.url(), placeholder: z.boolean().default(false) }),
]);
export type NoticeChannel = z.infer<typeof NoticeChannel>;

export const RecipientRole = z.enum([
  'clearing',
  'issuing_bank',
  'entrusted_processor',
  'verification_agency',
  'service_provider',
]);
export type RecipientRole = z.infer<typeof RecipientRole>;

export const Recipient = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'ids are lower_snake_case'),
  names: Bilingual,
  role: RecipientRole,
  /** PIPL art. 21 (entrusted processing) or art. 23 (provided to another processor). */
  legalBasis: z.object({ law: z.string().min(1), article: z.literal([21, 23]) }),
  publicContact: z.string().optional(),
  /** One entry stands for each customer's own banks (`<id>:<bankCode>`). */
  perCustomer: z.boolean().default(false),
  categories: z.array(DataCategory).min(1),
  channel: NoticeChannel,
  banks: z
    .array(z.object({ code: z.string().regex(/^[A-Z0-9_]+$/), names: Bilingual, channel: NoticeChannel }))
    .default([]),
  ackWindowWorkingDays: Days,
  reminderWorkingDays: z.array(Days).default([]),
  escalationContact: Email,
  citation: z.string().min(1),
});
export type Recipient = z.infer<typeof Recipient>;

export const RecipientsFile = z
  .object({
    version: Version,
    effectiveFrom: Ymd,
    defaults: z
      .object({ ackWindowWorkingDays: Days, reminderWorkingDays: z.array(Days), escalationContact: Email })
      .optional(),
    recipients: z.array(Recipient).min(1),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.recipients.forEach((r, i) => {
      if (seen.has(r.id))
        ctx.addIssue({ code: 'custom', path: ['recipients', i, 'id'], message: `duplicate id "${r.id}"` });
      seen.add(r.id);
      r.reminderWorkingDays.forEach((d, j) => {
        if (d >= r.ackWindowWorkingDays)
          ctx.addIssue({
            code: 'custom',
            path: ['recipients', i, 'reminderWorkingDays', j],
            message: `a reminder (${d}) must come before the end of the acknowledgement window (${r.ackWindowWorkingDays})`,
          });
      });
    });
  });
export type RecipientsFile = z.infer<typeof RecipientsFile>;

export const LegalSource = z.object({
  law: z.string().min(1),
  article: z.string().min(1),
  text: z.string().min(1),
  /** How letters cite it. */
  cite: Bilingual,
});
export type LegalSource = z.infer<typeof LegalSource>;

export const RetentionAnchor = z.enum(['relationship_end', 'transaction_date']);
export type RetentionAnchor = z.infer<typeof RetentionAnchor>;

export const RetentionRule = z.object({
  id: z.string().min(1),
  categories: z.array(DataCategory).min(1),
  years: Days,
  anchor: RetentionAnchor,
  /** `event`: N years after the anchor date; `anchor_year`: to 31 Dec of (anchor year + N). */
  countFrom: z.enum(['event', 'anchor_year']),
  source: LegalSource,
});
export type RetentionRule = z.infer<typeof RetentionRule>;

export const ErasureMode = z.enum(['delete', 'anonymise']);
export type ErasureMode = z.infer<typeof ErasureMode>;

export const RetentionFile = z.object({
  version: Version,
  rules: z.array(RetentionRule),
  erasure: z.record(DataCategory, ErasureMode),
  /** A held category whose hold has no date (legal hold, dispute, a relationship still running) is re-checked this often. */
  recheckOpenHoldsDays: Days,
});
export type RetentionFile = z.infer<typeof RetentionFile>;

export const ExceptionCode = z.enum([
  'legal_obligation',
  'national_security',
  'public_interest',
  'criminal_investigation',
  'abuse',
  'vital_interests',
  'serious_harm',
  'trade_secret',
]);
export type ExceptionCode = z.infer<typeof ExceptionCode>;

export const ExceptionCase = z.object({
  code: ExceptionCode,
  number: z.number().int().min(1).max(8),
  zh: z.string().min(1),
  en: z.string().min(1),
  machineDetectable: z.boolean(),
  signals: z.array(z.enum(['retention_duty', 'legal_hold', 'aml_investigation', 'repetition'])),
  pipl: z.array(z.string()),
});
export type ExceptionCase = z.infer<typeof ExceptionCase>;

export const ExceptionsFile = z
  .object({ version: Version, exceptions: z.array(ExceptionCase).length(8) })
  .superRefine((file, ctx) => {
    const codes = new Set(file.exceptions.map((e) => e.code));
    if (codes.size !== 8)
      ctx.addIssue({ code: 'custom', path: ['exceptions'], message: 'each of the eight codes once' });
  });
export type ExceptionsFile = z.infer<typeof ExceptionsFile>;

/** What a refusal may rest on: the eight §4(4) cases and the other real bases (policy/refusal-bases.yaml). */
export const RefusalBasisCode = z.enum([
  ...ExceptionCode.options,
  'contract_necessity',
  'open_disputes',
  'open_disputes_account',
  'no_deletion_ground',
  'no_authority',
  'identity_not_verified',
  'excessive_repetition',
]);
export type RefusalBasisCode = z.infer<typeof RefusalBasisCode>;

export const RefusalBasis = z.object({
  code: RefusalBasisCode,
  /** Where the basis comes from (policy section or law article). */
  source: Bilingual,
  /** The policy's or the law's words, corrected where the policy is wrong (see `correction`). */
  policyText: z.string().min(1),
  /** What was corrected in the policy's wording, and why. */
  correction: z.string().min(1).optional(),
  /** The neutral text the letter prints; the privacy officer may edit it per request. */
  letter: Bilingual,
  /** What the officer sees when choosing it. */
  officer: Bilingual,
  /** The real reason must not reach the person: letters stay neutral, edits naming it are rejected. */
  confidential: z.boolean(),
});
export type RefusalBasis = z.infer<typeof RefusalBasis>;

export const RefusalBasesFile = z
  .object({ version: Version, bases: z.array(RefusalBasis) })
  .superRefine((file, ctx) => {
    const codes = file.bases.map((b) => b.code);
    for (const code of RefusalBasisCode.options)
      if (codes.filter((c) => c === code).length !== 1)
        ctx.addIssue({ code: 'custom', path: ['bases'], message: `"${code}" must be listed exactly once` });
  });
export type RefusalBasesFile = z.infer<typeof RefusalBasesFile>;

export const DeletionGroundCode = z.enum([
  'purpose_achieved',
  'service_ended',
  'consent_withdrawn',
  'unlawful_processing',
  'other_legal',
]);
export type DeletionGroundCode = z.infer<typeof DeletionGroundCode>;

export const DeletionGroundsFile = z
  .object({
    version: Version,
    grounds: z
      .array(
        z.object({
          code: DeletionGroundCode,
          number: z.number().int().min(1).max(5),
          zh: z.string().min(1),
          en: z.string().min(1),
          pipl: z.string().min(1),
          /** How a letter states that this ground applied. */
          reason: Bilingual,
        }),
      )
      .length(5),
    /** While the service continues: categories it needs (no ground), and the ground for each of the others. */
    whileServiceContinues: z.object({
      needed: z.array(DataCategory),
      erasable: z.partialRecord(DataCategory, DeletionGroundCode),
    }),
  })
  .superRefine((file, ctx) => {
    if (new Set(file.grounds.map((g) => g.code)).size !== 5)
      ctx.addIssue({ code: 'custom', path: ['grounds'], message: 'each of the five grounds once' });
    const { needed, erasable } = file.whileServiceContinues;
    for (const c of DataCategory.options) {
      const inNeeded = needed.includes(c);
      const inErasable = c in erasable;
      if (inNeeded === inErasable)
        ctx.addIssue({
          code: 'custom',
          path: ['whileServiceContinues'],
          message: `"${c}" must be listed exactly once: under needed or under erasable`,
        });
    }
  });
export type DeletionGroundsFile = z.infer<typeof DeletionGroundsFile>;

export const ContactsFile = z.object({
  version: Version,
  company: Bilingual,
  brand: Bilingual,
  hotline: z.string().regex(/^[\d-]+$/, 'digits and dashes'),
  serviceEmail: Email,
  privacyEmail: Email,
  privacyDepartment: Bilingual,
  officeAddress: Bilingual,
  website: z.string().min(1),
  complaints: z.object({
    citation: z.string().min(1),
    zh: z.string().min(1),
    en: z.string().min(1),
    authorities: z.array(Bilingual).min(1),
  }),
  rightToSue: z.object({ citation: Bilingual, zh: z.string().min(1), en: z.string().min(1) }),
});
export type ContactsFile = z.infer<typeof ContactsFile>;

/**
 * Every backup that may still hold a deleted person's data, with how long it keeps it (policy §4(2)). The isolation
 * list's purge-by date is the erasure day plus the longest retention here (`retentionDays`, derived, never a constant
 * in code); the CDK stack configures the table's PITR window from the `dynamodb_pitr` plan.
 */
export const BackupPlan = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]*$/),
    kind: z.enum(['dynamodb_pitr', 'aws_backup', 'other']),
    name: z.string().min(1),
    retentionDays: Days,
  })
  .refine((p) => p.kind !== 'dynamodb_pitr' || p.retentionDays <= 35, {
    message: 'DynamoDB point-in-time recovery keeps at most 35 days',
  });
export type BackupPlan = z.infer<typeof BackupPlan>;
const BackupsSettings = z
  .object({ plans: z.array(BackupPlan).min(1) })
  .transform((b) => ({ ...b, retentionDays: Math.max(...b.plans.map((p) => p.retentionDays)) }));

export const SettingsFile = z.object({
  version: Version,
  deadline: z.object({
    replyWorkingDays: Days,
    clockStart: z.enum(['receipt', 'verification']),
    escalationWorkingDays: z.array(Days),
  }),
  verification: z.object({
    windowWorkingDays: Days,
    codeLength: z.number().int().min(4).max(10),
    codeValidMinutes: Days,
    /** Wrong codes accepted per code before it is spent. */
    maxAttempts: z.number().int().min(1).max(10).default(5),
    /** Codes sent per request in all (first code and resends): against SMS bombing through one request. */
    maxCodesPerRequest: z.number().int().min(1).max(20).default(5),
    /** A new code for the same request no sooner than this. */
    resendAfterSeconds: z.number().int().min(0).default(60),
    /** SMS sent to one phone number per Shanghai day, across every request: against SMS bombing of a number. */
    maxSmsPerPhonePerDay: z.number().int().min(1).default(10),
  }),
  repetition: z.object({ windowMonths: Days, threshold: z.number().int().min(2) }),
  fees: z
    .object({
      chargeableRights: z.array(Right),
      requiresPrivacyOfficer: z.literal(true, { message: 'every fee quote goes through the privacy officer' }),
      currency: z.literal('CNY', { message: 'quotes are in 人民币 (CNY)' }),
      /** What a transfer costs, item by item: a quote lists the items it charges (NDSR art. 25 ¶2: the cost only). */
      costItems: z
        .array(
          z.object({
            code: z.string().regex(/^[a-z][a-z0-9_]*$/, 'codes are lower_snake_case'),
            zh: z.string().min(1),
            en: z.string().min(1),
            unit: Bilingual,
            /** Yuan per unit. */
            unitCost: z.number().positive().multipleOf(0.01),
          }),
        )
        .min(1),
      /** The items of one ordinary transfer: the basis of a quote when the officer names none. */
      standardItems: z.array(z.object({ code: z.string(), quantity: z.number().positive() })).min(1),
      /** How to pay, as the quote says it (the request number is printed beside it). */
      payment: Bilingual,
      /** Working days the person has to accept a quote … */
      acceptanceWorkingDays: Days,
      /** … cut so that this many remain before the reply deadline to fulfil and reply … */
      reserveWorkingDays: Days,
      /** … and no quote at all when fewer than this would be left to answer it. */
      minAcceptanceWorkingDays: Days,
    })
    .superRefine((f, ctx) => {
      const codes = new Set(f.costItems.map((c) => c.code));
      f.standardItems.forEach((s, i) => {
        if (!codes.has(s.code))
          ctx.addIssue({
            code: 'custom',
            path: ['standardItems', i, 'code'],
            message: `"${s.code}" is not one of costItems`,
          });
      });
      if (f.minAcceptanceWorkingDays > f.acceptanceWorkingDays)
        ctx.addIssue({
          code: 'custom',
          path: ['minAcceptanceWorkingDays'],
          message: 'the shortest acceptance window cannot exceed the usual one',
        });
    }),
  minors: z.object({
    minorAge: Days,
    priorityDeletion: z.boolean(),
    /** Internal target for a child's request (policy §5 "尽快"), in working days from receipt; heads the queue. */
    targetWorkingDays: Days.default(5),
  }),
  backups: BackupsSettings,
  /** Export packages (access, copy, portability): how long a download link lives and how it is opened. */
  exports: z
    .object({
      linkValidDays: Days,
      /** Code entries per link (right or wrong) before it must be re-issued. */
      codeAttempts: z.number().int().min(1).max(20),
      /** Minutes the file links stay open after the code was entered. */
      sessionMinutes: Days,
    })
    .default({ linkValidDays: 7, codeAttempts: 10, sessionMinutes: 30 }),
  mail: z.object({ sender: z.string().min(3), privacyMailbox: Email, privacyOfficer: Email }),
});
export type Settings = z.infer<typeof SettingsFile>;

export const CategoriesFile = z.object({ version: Version, categories: z.record(DataCategory, Bilingual) });
export type CategoriesFile = z.infer<typeof CategoriesFile>;

const Cited = Bilingual.extend({ cite: Bilingual });

export const LegalBasisCode = z.enum(['contract', 'legal_duty', 'consent']);
export type LegalBasisCode = z.infer<typeof LegalBasisCode>;

/** How a category travels in a portability package (NDSR art. 25 ¶1(2)). */
export const Portability = z.enum(['included', 'provided_only', 'excluded']);

export const CategoryProcessing = z
  .object({
    purposes: z.array(Cited).min(1),
    legalBases: z.array(LegalBasisCode).min(1),
    source: Bilingual,
    /** Registry ids (policy/recipients.yaml) that receive this category. */
    recipients: z.array(z.string().min(1)),
    retention: Bilingual.extend({ rules: z.array(z.string().min(1)) }),
    /** Sensitive personal information (PIPL art. 28). */
    sensitive: z.boolean(),
    portability: Portability,
    /** With `provided_only`: fields the company derived itself, left out of a portability package. */
    derivedFields: z.array(z.string().min(1)).default([]),
    portabilityReason: Cited.optional(),
  })
  .superRefine((c, ctx) => {
    if (c.portability !== 'included' && !c.portabilityReason)
      ctx.addIssue({ code: 'custom', path: ['portabilityReason'], message: 'say why it is not (all) transferred' });
    if (c.portability === 'provided_only' && c.derivedFields.length === 0)
      ctx.addIssue({ code: 'custom', path: ['derivedFields'], message: 'name the derived fields left out' });
  });
export type CategoryProcessing = z.infer<typeof CategoryProcessing>;

export const ConsentScope = z.enum(['marketing_messages', 'profiling', 'call_recording', 'biometrics']);
export type ConsentScope = z.infer<typeof ConsentScope>;
export const RestrictionScope = z.enum(['marketing', 'sharing']);
export type RestrictionScope = z.infer<typeof RestrictionScope>;

export const ProcessingFile = z.object({
  version: Version,
  legalBases: z.record(LegalBasisCode, Bilingual.extend({ cite: Bilingual })),
  categories: z.record(DataCategory, CategoryProcessing),
  consentProcessings: z
    .array(
      Cited.extend({
        code: ConsentScope,
        categories: z.array(DataCategory),
        deletes: Bilingual,
        keywords: z.array(z.string().min(1)).min(1),
      }),
    )
    .min(1),
  restrictableProcessings: z
    .array(
      Bilingual.extend({
        code: RestrictionScope,
        keywords: z.array(z.string().min(1)).min(1),
        /** Categories the processing uses: processors acting for us (art. 21) that received one are told of it. */
        categories: z.array(DataCategory).default([]),
        necessaryRoles: z.array(RecipientRole).default([]),
      }),
    )
    .min(1),
  duringRelationship: Cited,
});
export type ProcessingFile = z.infer<typeof ProcessingFile>;

export const LETTER_KINDS = [
  'acknowledgement',
  'verification_code',
  'verification_sms',
  'download_code',
  'download_link',
  'download_sms',
  'correction_confirmed',
  'restriction_lifted',
  'explanation_answered',
  'transfer_link',
  'transfer_code',
  'transfer_decided',
  'completed',
  'partially_completed',
  'held',
  'refused',
  'unable_to_verify',
  'fee_quote',
  'withdrawn',
  'partner_notice',
  'partner_reminder',
  'escalation',
] as const;
export const LetterKind = z.enum(LETTER_KINDS);
export type LetterKind = z.infer<typeof LetterKind>;
export const LANGUAGE_CODES = ['zh', 'en'] as const;
export const Language = z.enum(LANGUAGE_CODES);
export type Language = z.infer<typeof Language>;

/** A letter template: `policy/templates/<kind>.<zh|en>.liquid`, YAML front matter `subject:` then the body. */
export const TemplateFrontMatter = z.object({ subject: z.string().min(1) });
export interface LetterTemplate {
  file: string;
  subject: string;
  body: string;
}

/** One kind of request record and how long it is kept once the request is answered (PIPL art. 19). */
export const RequestRecordRule = z.object({
  keepDaysAfterAnswer: Days,
  what: Bilingual,
  why: Bilingual,
});

/** policy/request-records.yaml: what rightsflow keeps of a request once answered, and for how long. */
export const RequestRecordsFile = z
  .object({
    version: Version,
    records: z.object({
      attachments: RequestRecordRule,
      raw_mail: RequestRecordRule,
      personal_fields: RequestRecordRule,
      subject_hash: RequestRecordRule,
    }),
    /** Backstop clocks (S3 lifecycle, DynamoDB TTL) count from receipt: the longest a request stays open + the period. */
    longestOpenDays: Days,
  })
  .superRefine((f, ctx) => {
    // A copy never outlives the text it came from, and the pseudonymous hash never less than the fields.
    if (f.records.attachments.keepDaysAfterAnswer > f.records.raw_mail.keepDaysAfterAnswer)
      ctx.addIssue({
        code: 'custom',
        path: ['records', 'attachments', 'keepDaysAfterAnswer'],
        message: 'attachments are part of the raw mail: keep them no longer than raw_mail',
      });
  });
export type RequestRecordsFile = z.infer<typeof RequestRecordsFile>;

export interface Policy {
  recipients: RecipientsFile;
  retention: RetentionFile;
  exceptions: ExceptionsFile;
  deletionGrounds: DeletionGroundsFile;
  refusalBases: RefusalBasesFile;
  contacts: ContactsFile;
  settings: Settings;
  categories: CategoriesFile['categories'];
  processing: ProcessingFile;
  requestRecords: RequestRecordsFile;
  templates: Record<`${LetterKind}.${Language}`, LetterTemplate>;
}

/** The policy's data files, as `policy/` names them. */
export const POLICY_FILES = {
  recipients: ['recipients.yaml', RecipientsFile],
  retention: ['retention.yaml', RetentionFile],
  exceptions: ['exceptions.yaml', ExceptionsFile],
  deletionGrounds: ['deletion-grounds.yaml', DeletionGroundsFile],
  refusalBases: ['refusal-bases.yaml', RefusalBasesFile],
  contacts: ['contacts.yaml', ContactsFile],
  settings: ['settings.yaml', SettingsFile],
  categories: ['categories.yaml', CategoriesFile],
  processing: ['processing.yaml', ProcessingFile],
  requestRecords: ['request-records.yaml', RequestRecordsFile],
} as const;

// Which partners must hear of what a request did, and of what: an erased category they received (policy §4(2):
// "尽可能通知从我们处获得您的个人信息的主体"); a held category they process on our behalf (entrusted processing, PIPL
// art. 21: "restrict, storage only", so that art. 47 ¶2 holds there too); a quick-pay agreement that ended (issuing
// bank and the networks that carried its payments, policy §4(5)); an account closed; a category corrected at the
// person's request (PIPL art. 46 with art. 8 — the data's quality where it was provided; for identity data AML Law
// art. 34 ¶2). Issuing banks per customer.
import { addWorkingDays, type WorkingCalendar } from '../calendar/index.ts';
import { shanghaiDate } from '../identity/shanghai-date.ts';
import type { NoticeChannel, Recipient, RecipientRole, RecipientsFile } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';

export interface NoticePlan {
  /** The id as the company data source gave it (`unionpay`, `issuing_bank:ICBC`): the notice's idempotency key. */
  partnerId: string;
  /** The registry entry it resolved to; undefined when the id is not in the registry. */
  registryId: string | undefined;
  names: { zh: string; en: string };
  role: RecipientRole | undefined;
  /** Erased categories this partner received, in canonical order: to delete. */
  categories: DataCategory[];
  /** Held categories this partner processes on our behalf (art. 21): storage only, until the hold ends (null: no date). */
  restricted: { category: DataCategory; until: string | null }[];
  /** Quick-pay agreements that ended, for this partner to end its side (card's last four digits, day it ended). */
  cancellations: { cardLast4: string; endedOn: string }[];
  /** The day the account was closed, when the request closed it. */
  accountClosedOn?: string;
  /** The restriction covers only the records of these cards (last four digits). */
  restrictedCards?: string[];
  /** Corrected categories this partner received (PIPL art. 46; AML Law art. 34 ¶2 for identity): correct its copy. */
  corrected?: DataCategory[];
  /** Consents withdrawn (PIPL art. 15) for processing this processor does on our behalf: stop it, delete what rested on it. */
  consentWithdrawn?: ConsentNotice[];
  /** Processings the person restricted (PIPL art. 44) that this processor does on our behalf: stop them until lifted. */
  processingRestricted?: RestrictionNotice[];
  /** Restrictions this processor was told of that the person lifted (a notice of its own, sent by the lift). */
  restrictionLifted?: (RestrictionNotice & { liftedOn: string })[];
  /** `manual`: no channel known (id not in the registry): staff deliver it and record the acknowledgement. */
  channel: NoticeChannel | { type: 'manual' };
  legalBasisArticle: 21 | 23 | undefined;
  sentOn: string;
  ackDueBy: string;
  /** Dates to send reminders on, while unacknowledged. */
  remindOn: string[];
  escalationContact: string | undefined;
  registryVersion: string;
}

export interface PlanOptions {
  now: Date;
  calendar: WorkingCalendar;
  /** Used for ids the registry does not know. */
  defaultEscalationContact?: string;
}

function resolve(partnerId: string, registry: RecipientsFile) {
  const [baseId, bankCode] = partnerId.split(':', 2) as [string, string | undefined];
  const entry: Recipient | undefined = registry.recipients.find((r) => r.id === baseId);
  if (!entry || (bankCode !== undefined && !entry.perCustomer)) return undefined;
  if (bankCode === undefined) return { entry, names: entry.names, channel: entry.channel };
  const bank = entry.banks.find((b) => b.code === bankCode.toUpperCase());
  // A bank without its own entry gets the generic placeholder channel and is named by its code.
  return {
    entry,
    names: bank?.names ?? { zh: `${entry.names.zh}（${bankCode}）`, en: `${entry.names.en} (${bankCode})` },
    channel: bank?.channel ?? entry.channel,
  };
}

/** What else a request did that partners must hear of, beyond the erased categories. */
export interface NoticeExtras {
  /** Held categories (storage only) with the hold's end. */
  held?: readonly { category: DataCategory; until: string | null }[];
  /** Ended quick-pay agreements, per partner id to tell (the card's issuing bank and the networks that carried it). */
  cancellations?: readonly { partnerId: string; cardLast4: string; endedOn: string }[];
  accountClosedOn?: string | undefined;
  /** The held records are only those of these cards (a quick-pay cancellation), not the whole categories. */
  heldCards?: readonly string[] | undefined;
  /** Categories corrected at the person's request: every partner that received one hears of it. */
  corrected?: readonly DataCategory[] | undefined;
  /** Consents withdrawn: the processors acting for us (art. 21) that received the processing's categories hear of it. */
  consentWithdrawn?: readonly (ConsentNotice & { categories: readonly DataCategory[] })[] | undefined;
  /** Processings restricted: the processors acting for us (art. 21) that received their categories hear of it. */
  processingRestricted?: readonly (RestrictionNotice & { categories: readonly DataCategory[] })[] | undefined;
}

/** One restricted processing as a notice names it, and the day it took effect (YYYY-MM-DD). */
export interface RestrictionNotice {
  scope: string;
  zh: string;
  en: string;
  since: string;
}

/** One withdrawn consent as a notice names it: the processing, and what to delete (null: nothing rested on it). */
export interface ConsentNotice {
  scope: string;
  zh: string;
  en: string;
  deletes: { zh: string; en: string } | null;
}

export function planNotices(
  customerRecipients: readonly string[],
  erasedCategories: readonly DataCategory[],
  registry: RecipientsFile,
  options: PlanOptions,
  extras: NoticeExtras = {},
): NoticePlan[] {
  const sentOn = shanghaiDate(options.now);
  const plans: NoticePlan[] = [];
  const cancellationsOf = (id: string) =>
    (extras.cancellations ?? [])
      .filter((c) => c.partnerId === id)
      .map(({ cardLast4, endedOn }) => ({ cardLast4, endedOn }));
  const closed = extras.accountClosedOn ? { accountClosedOn: extras.accountClosedOn } : {};
  const partners = [...new Set([...customerRecipients, ...(extras.cancellations ?? []).map((c) => c.partnerId)])];
  for (const partnerId of partners) {
    const r = resolve(partnerId, registry);
    const cancellations = cancellationsOf(partnerId);
    if (!r) {
      // Unknown to the registry: we cannot tell what it received, so it hears of everything erased or corrected.
      const corrected = DATA_CATEGORIES.filter((c) => extras.corrected?.includes(c));
      if (erasedCategories.length === 0 && cancellations.length === 0 && corrected.length === 0) continue;
      const window = registry.defaults?.ackWindowWorkingDays ?? 10;
      plans.push({
        partnerId,
        registryId: undefined,
        names: { zh: partnerId, en: partnerId },
        role: undefined,
        categories: DATA_CATEGORIES.filter((c) => erasedCategories.includes(c)),
        restricted: [],
        cancellations,
        ...closed,
        ...(corrected.length > 0 ? { corrected } : {}),
        channel: { type: 'manual' },
        legalBasisArticle: undefined,
        sentOn,
        ackDueBy: addWorkingDays(sentOn, window, options.calendar),
        remindOn: (registry.defaults?.reminderWorkingDays ?? []).map((d) =>
          addWorkingDays(sentOn, d, options.calendar),
        ),
        escalationContact: registry.defaults?.escalationContact ?? options.defaultEscalationContact,
        registryVersion: registry.version,
      });
      continue;
    }
    const categories = DATA_CATEGORIES.filter((c) => erasedCategories.includes(c) && r.entry.categories.includes(c));
    // Only a processor acting on our behalf is bound by our storage-only restriction (PIPL art. 21); an independent
    // recipient (art. 23) keeps what its own duties require.
    const restricted =
      r.entry.legalBasis.article === 21
        ? DATA_CATEGORIES.flatMap((c) => {
            const h = extras.held?.find((x) => x.category === c);
            return h && r.entry.categories.includes(c) ? [{ category: c, until: h.until }] : [];
          })
        : [];
    const corrected = DATA_CATEGORIES.filter((c) => extras.corrected?.includes(c) && r.entry.categories.includes(c));
    // Only a processor acting on our behalf does the processing the consent covered (art. 21); an independent
    // recipient never received the data for it.
    const consentWithdrawn =
      r.entry.legalBasis.article === 21
        ? (extras.consentWithdrawn ?? [])
            .filter((w) => w.categories.some((c) => r.entry.categories.includes(c)))
            .map(({ scope, zh, en, deletes }) => ({ scope, zh, en, deletes }))
        : [];
    // Likewise a restricted processing: only a processor acting for us does it (art. 21).
    const processingRestricted =
      r.entry.legalBasis.article === 21
        ? (extras.processingRestricted ?? [])
            .filter((x) => x.categories.some((c) => r.entry.categories.includes(c)))
            .map(({ scope, zh, en, since }) => ({ scope, zh, en, since }))
        : [];
    if (
      categories.length === 0 &&
      restricted.length === 0 &&
      cancellations.length === 0 &&
      corrected.length === 0 &&
      consentWithdrawn.length === 0 &&
      processingRestricted.length === 0
    )
      continue;
    plans.push({
      partnerId,
      registryId: r.entry.id,
      names: r.names,
      role: r.entry.role,
      categories,
      restricted,
      ...(restricted.length > 0 && extras.heldCards?.length ? { restrictedCards: [...extras.heldCards] } : {}),
      cancellations,
      ...closed,
      ...(corrected.length > 0 ? { corrected } : {}),
      ...(consentWithdrawn.length > 0 ? { consentWithdrawn } : {}),
      ...(processingRestricted.length > 0 ? { processingRestricted } : {}),
      channel: r.channel,
      legalBasisArticle: r.entry.legalBasis.article,
      sentOn,
      ackDueBy: addWorkingDays(sentOn, r.entry.ackWindowWorkingDays, options.calendar),
      remindOn: r.entry.reminderWorkingDays.map((d) => addWorkingDays(sentOn, d, options.calendar)),
      escalationContact: r.entry.escalationContact,
      registryVersion: registry.version,
    });
  }
  return plans;
}

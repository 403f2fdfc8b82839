// Which partners must hear of a deletion (policy §4(2): "尽可能通知从我们处获得您的个人信息的主体"): only those that
// received the person's data AND received at least one erased category; issuing banks per customer.
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
  /** Erased categories this partner received, in canonical order. */
  categories: DataCategory[];
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

export function planNotices(
  customerRecipients: readonly string[],
  erasedCategories: readonly DataCategory[],
  registry: RecipientsFile,
  options: PlanOptions,
): NoticePlan[] {
  const sentOn = shanghaiDate(options.now);
  const plans: NoticePlan[] = [];
  for (const partnerId of [...new Set(customerRecipients)]) {
    const r = resolve(partnerId, registry);
    if (!r) {
      // Unknown to the registry: we cannot tell what it received, so it hears of everything erased.
      if (erasedCategories.length === 0) continue;
      const window = registry.defaults?.ackWindowWorkingDays ?? 10;
      plans.push({
        partnerId,
        registryId: undefined,
        names: { zh: partnerId, en: partnerId },
        role: undefined,
        categories: DATA_CATEGORIES.filter((c) => erasedCategories.includes(c)),
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
    if (categories.length === 0) continue;
    plans.push({
      partnerId,
      registryId: r.entry.id,
      names: r.names,
      role: r.entry.role,
      categories,
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

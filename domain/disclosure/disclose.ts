// What an access or explanation letter tells a person about each category (PIPL arts. 17, 44, 45, 48): purposes,
// legal bases, source, recipients (names and public contacts from the registry, and which of them our records show
// received this person's data) and how long it is kept — all from the policy's processing rules (processing.yaml).
import type { Policy } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

export interface DisclosedRecipient {
  names: Bilingual;
  /** The public contact the policy gives (phone or address); null when it gives none. */
  contact: string | null;
  /** Our records show this recipient received this person's data. */
  received: boolean;
}

export interface DisclosedCategory {
  category: DataCategory;
  /** Records held for the person; null in general rules (nothing said about a particular person). */
  records: number | null;
  purposes: (Bilingual & { cite: Bilingual })[];
  legalBases: (Bilingual & { cite: Bilingual })[];
  source: Bilingual;
  recipients: DisclosedRecipient[];
  retention: Bilingual;
  sensitive: boolean;
}

/**
 * The processing rules of `categories` (in canonical order). `received` holds the partner ids the company data
 * source says received the person's data (`issuing_bank:<code>` per bank); a per-customer entry (the issuing
 * bank) is listed once per bank that received it, else once by its generic name.
 */
export function discloseCategories(
  categories: readonly { category: DataCategory; records: number | null }[],
  received: readonly string[],
  policy: Pick<Policy, 'processing' | 'recipients'>,
): DisclosedCategory[] {
  const registry = new Map(policy.recipients.recipients.map((r) => [r.id, r]));
  const byCategory = new Map(categories.map((c) => [c.category, c.records]));
  const out: DisclosedCategory[] = [];
  for (const category of DATA_CATEGORIES) {
    if (!byCategory.has(category)) continue;
    const rules = policy.processing.categories[category];
    const recipients: DisclosedRecipient[] = [];
    for (const id of rules.recipients) {
      const entry = registry.get(id);
      if (!entry) continue;
      const contact = entry.publicContact ?? null;
      if (entry.perCustomer) {
        const banks = received.filter((p) => p.startsWith(`${id}:`)).map((p) => p.slice(id.length + 1));
        if (banks.length === 0) recipients.push({ names: entry.names, contact, received: false });
        for (const code of banks) {
          const bank = entry.banks.find((b) => b.code === code.toUpperCase());
          recipients.push({
            names: bank?.names ?? { zh: `${entry.names.zh}（${code}）`, en: `${entry.names.en} (${code})` },
            contact,
            received: true,
          });
        }
      } else recipients.push({ names: entry.names, contact, received: received.includes(id) });
    }
    out.push({
      category,
      records: byCategory.get(category) ?? null,
      purposes: rules.purposes,
      legalBases: rules.legalBases.map((b) => policy.processing.legalBases[b]),
      source: rules.source,
      recipients,
      retention: { zh: rules.retention.zh, en: rules.retention.en },
      sensitive: rules.sensitive,
    });
  }
  return out;
}

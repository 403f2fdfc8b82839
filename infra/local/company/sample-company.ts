// The sample company's payments system as a CompanyDataSource: the internal system that access, copy,
// deletion, restriction and quick-pay cancellation act on in the local runtime and the demo.
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type CorrectionChange, FIELD_CATEGORY } from '../../../domain/corrections/index.ts';
import { normalizePhone } from '../../../domain/identity/index.ts';
import type { ConsentScope, RestrictionScope } from '../../../domain/policy/schema.ts';
import type { DataCategory } from '../../../domain/request/model.ts';
import { OPEN_ENDED } from '../../../functions/shared/erasure.ts';
import type {
  AppliedCorrection,
  Clock,
  CompanyDataSource,
  DisputeHold,
  LegalHold,
  PersonRestriction,
  ProcessingRestriction,
  QuickPayBinding,
} from '../../../functions/shared/ports.ts';
import { bindingScope, bindingsOf, closedProfile, endedBindingItems } from './agreements.ts';
import { batchWrite, queryAll } from './dynamo.ts';
import {
  type AccountItem,
  accountPk,
  activityAt,
  type CompanyItem,
  customerPk,
  DEFAULT_INDEX_KEY,
  type HoldItem,
  holdPk,
  type IndexItem,
  idIndexPk,
  KEEP_ON_ANONYMISE,
  type ProcessingRestrictionItem,
  phoneIndexPk,
  processingRestrictionPk,
  type RestrictionItem,
  restrictionPk,
} from './items.ts';
import { CLEARING_PARTNER, ENTRUSTED_PROCESSOR, issuingBankPartner } from './partners.ts';

function restrictionOf(i: ProcessingRestrictionItem): ProcessingRestriction {
  return { id: i.id, scope: i.scope, recipients: i.recipients, since: i.since, liftedAt: i.liftedAt };
}

export interface SampleCompanyOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  indexKey?: string;
  clock?: Clock;
}

/** Narrowed to bindings: their card and transaction records; other categories as a whole. */
function scopedTo(items: readonly CompanyItem[], bindingIds: readonly string[] | undefined) {
  const scope = bindingIds ? bindingScope(items, bindingIds) : undefined;
  return (i: CompanyItem) =>
    !scope || (i.category !== 'bank_cards' && i.category !== 'transactions') || scope.has(i.sk);
}

/** The records that rest on a consent (PIPL art. 15): the profile tags and survey answers, the call recordings. */
function restsOn(scope: ConsentScope) {
  return (i: CompanyItem) =>
    (scope === 'profiling' && i.kind === 'MKT') ||
    (scope === 'call_recording' && i.kind === 'TICKET' && i.data['callRecording'] === true);
}

/** The item without the data that rested on the consent (the record itself stays: it carries other facts). */
function withoutConsentData(i: CompanyItem, scope: ConsentScope, at: string): CompanyItem | undefined {
  if (scope === 'profiling') {
    const tags = i.data['tags'];
    if ((!Array.isArray(tags) || tags.length === 0) && i.data['surveyAnswers'] === undefined) return undefined;
    const { surveyAnswers: _dropped, ...rest } = i.data;
    return { ...i, data: { ...rest, tags: [], profileErasedAt: at } };
  }
  if (scope === 'call_recording') return { ...i, data: { ...i.data, callRecording: false, recordingErasedAt: at } };
  return undefined;
}

export class SampleCompany implements CompanyDataSource {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #indexKey: string;
  readonly #clock: Clock;

  constructor(options: SampleCompanyOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#indexKey = options.indexKey ?? DEFAULT_INDEX_KEY;
    this.#clock = options.clock ?? { now: () => new Date() };
  }

  async findCustomer(lookup: {
    idNumber?: string;
    phone?: string;
    name?: string;
    bankCardLast4?: string;
  }): Promise<{ customerId: string } | undefined> {
    // Only the ID number and the phone are indexed: a name or card digits alone never identify anyone. Any one that
    // still matches finds the customer (after a partial deletion the phone index may be gone while the ID remains);
    // two that point to different customers find nobody (rightsflow asks per identifier and reports the conflict).
    const viaId = lookup.idNumber ? await this.#index(idIndexPk(this.#indexKey, lookup.idNumber)) : undefined;
    const viaPhone = lookup.phone ? await this.#index(phoneIndexPk(this.#indexKey, lookup.phone)) : undefined;
    const customerId = viaId ?? viaPhone;
    if (!customerId || (viaId && viaPhone && viaId !== viaPhone)) return undefined;
    if (lookup.name !== undefined || lookup.bankCardLast4 !== undefined) {
      const items = await this.#items(customerId);
      const profile = items.find((i) => i.kind === 'PROFILE');
      if (lookup.name !== undefined && profile?.data['name'] !== lookup.name.trim()) return undefined;
      if (
        lookup.bankCardLast4 !== undefined &&
        !items.some((i) => i.kind === 'CARD' && i.data['last4'] === lookup.bankCardLast4)
      )
        return undefined;
    }
    return { customerId };
  }

  async describe(
    customerId: string,
  ): Promise<{ category: DataCategory; records: number; lastActivityAt?: string; heldUntil?: string }[]> {
    const byCategory = new Map<DataCategory, { records: number; lastActivityAt?: string; heldUntil?: string }>();
    for (const item of await this.#items(customerId)) {
      const entry = byCategory.get(item.category) ?? { records: 0 };
      entry.records++;
      const at = activityAt(item);
      if (at && (!entry.lastActivityAt || at > entry.lastActivityAt)) entry.lastActivityAt = at;
      if (item.heldUntil) entry.heldUntil = item.heldUntil;
      byCategory.set(item.category, entry);
    }
    return [...byCategory].map(([category, e]) => ({ category, ...e }));
  }

  async export(customerId: string): Promise<Partial<Record<DataCategory, unknown[]>>> {
    const out: Partial<Record<DataCategory, unknown[]>> = {};
    for (const item of await this.#items(customerId)) {
      const record = { recordType: item.kind, ...item.data, ...(item.heldUntil ? { heldUntil: item.heldUntil } : {}) };
      const list = out[item.category] ?? [];
      list.push(record);
      out[item.category] = list;
    }
    return out;
  }

  async erase(
    customerId: string,
    categories: DataCategory[],
    mode: 'delete' | 'anonymise',
    options: { bindingIds?: string[]; consentScope?: ConsentScope } = {},
  ): Promise<Partial<Record<DataCategory, number>>> {
    const wanted = new Set(categories);
    const all = await this.#items(customerId);
    if (options.consentScope) return this.#eraseConsentData(all, wanted, options.consentScope);
    const inScope = scopedTo(all, options.bindingIds);
    const items = all.filter((i) => wanted.has(i.category) && inScope(i));
    const counts: Partial<Record<DataCategory, number>> = {};
    for (const c of categories) counts[c] = 0;
    // The lookup index goes first: once the identifiers are gone nobody can be found by them, even if a crash
    // interrupts the rest (a re-run finishes it).
    await this.#dropIndexes(items, wanted);
    await this.#keepAccountStanding(items, wanted);
    if (mode === 'delete') {
      await batchWrite(
        this.#client,
        this.#table,
        items.map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } })),
      );
      for (const i of items) counts[i.category] = (counts[i.category] ?? 0) + 1;
      return counts;
    }
    const now = this.#clock.now().toISOString();
    const changed = items
      .filter((i) => !i.anonymisedAt)
      .map((i): CompanyItem => {
        const keep = KEEP_ON_ANONYMISE[i.kind];
        const data = Object.fromEntries(Object.entries(i.data).filter(([k]) => keep.includes(k)));
        return { ...i, data: { ...data, anonymised: true }, anonymisedAt: now };
      });
    return this.#putCounted(changed, counts);
  }

  async restrict(
    customerId: string,
    categories: DataCategory[],
    until: string,
    options: { bindingIds?: string[]; basis?: 'hold' | 'person'; consentScope?: ConsentScope } = {},
  ): Promise<void> {
    const wanted = new Set(categories);
    const all = await this.#items(customerId);
    const inScope = scopedTo(all, options.bindingIds);
    const consent = options.consentScope ? restsOn(options.consentScope) : () => true;
    const items = all.filter((i) => wanted.has(i.category) && inScope(i) && consent(i) && i.heldUntil !== until);
    // Put of the item as read with the hold added; the later of two holds wins.
    await batchWrite(
      this.#client,
      this.#table,
      items.map((i) => ({
        PutRequest: { Item: { ...i, heldUntil: i.heldUntil && i.heldUntil > until ? i.heldUntil : until } },
      })),
    );
    if (options.basis === 'person') {
      const since = this.#clock.now().toISOString();
      const Item: RestrictionItem = {
        pk: restrictionPk(customerId),
        sk: `RESTR#${[...wanted].sort().join('+')}#${until}`,
        customerId,
        categories: [...wanted],
        until: until === OPEN_ENDED ? null : until,
        since,
        status: 'active',
      };
      await this.#client
        .send(new PutCommand({ TableName: this.#table, Item, ConditionExpression: 'attribute_not_exists(pk)' }))
        .catch((e: Error) => {
          // Already recorded (the same restriction again): the first record and its date stand.
          if (e.name !== 'ConditionalCheckFailedException') throw e;
        });
    }
  }

  async restrictions(customerId: string): Promise<PersonRestriction[]> {
    const today = this.#clock.now().toISOString().slice(0, 10);
    return (await queryAll<RestrictionItem>(this.#client, this.#table, restrictionPk(customerId)))
      .filter((r) => r.status === 'active' && (r.until === null || r.until >= today))
      .map((r) => ({ categories: r.categories, until: r.until, since: r.since }));
  }

  async restrictProcessing(
    customerId: string,
    scope: RestrictionScope,
    recipients: string[],
    at: string,
  ): Promise<{ restriction: ProcessingRestriction; active: boolean }> {
    const named = [...new Set(recipients)].sort();
    const id = scope === 'sharing' ? `sharing:${named.join('+')}` : scope;
    const items = await this.#items(customerId);
    const mkt = items.find((i) => i.kind === 'MKT');
    const active =
      scope === 'marketing'
        ? mkt !== undefined
        : (await this.recipientsOf(customerId)).some((r) => named.includes(r.split(':')[0] ?? r));
    const key = { pk: processingRestrictionPk(customerId), sk: `PROC#${id}` };
    const found = (await this.#client.send(new GetCommand({ TableName: this.#table, Key: key }))).Item as
      | ProcessingRestrictionItem
      | undefined;
    // In force already: the first restriction and its date stand.
    if (found && found.liftedAt === null) return { restriction: restrictionOf(found), active };
    const item: ProcessingRestrictionItem = {
      ...key,
      customerId,
      id,
      scope,
      recipients: scope === 'sharing' ? named : [],
      since: at,
      liftedAt: null,
    };
    // Marketing: the marketing system reads this mark on the person's record and sends no push and builds no
    // profile while it is there (the subscription and the tags are kept: restricting is not withdrawing).
    if (scope === 'marketing' && mkt)
      await this.#client.send(
        new PutCommand({ TableName: this.#table, Item: { ...mkt, data: { ...mkt.data, restrictedSince: at } } }),
      );
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: item }));
    return { restriction: restrictionOf(item), active };
  }

  async liftRestriction(
    customerId: string,
    restrictionId: string,
    at: string,
  ): Promise<ProcessingRestriction | undefined> {
    const key = { pk: processingRestrictionPk(customerId), sk: `PROC#${restrictionId}` };
    const found = (await this.#client.send(new GetCommand({ TableName: this.#table, Key: key }))).Item as
      | ProcessingRestrictionItem
      | undefined;
    if (!found) return undefined;
    if (found.liftedAt !== null) return restrictionOf(found);
    if (found.scope === 'marketing') {
      const mkt = (await this.#items(customerId)).find((i) => i.kind === 'MKT');
      if (mkt) {
        const { restrictedSince: _lifted, ...data } = mkt.data;
        await this.#client.send(new PutCommand({ TableName: this.#table, Item: { ...mkt, data } }));
      }
    }
    const lifted = { ...found, liftedAt: at };
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: lifted }));
    return restrictionOf(lifted);
  }

  async processingRestrictions(customerId: string): Promise<ProcessingRestriction[]> {
    return (
      await queryAll<ProcessingRestrictionItem>(this.#client, this.#table, processingRestrictionPk(customerId))
    ).map(restrictionOf);
  }

  async disputeHolds(customerId: string): Promise<DisputeHold[]> {
    // A dispute's evidence: its support records and call recordings, the transactions and the card (policy §4(5)).
    return (await this.#items(customerId))
      .filter((i) => i.kind === 'TICKET' && i.data['kind'] === 'dispute' && i.data['status'] === 'open')
      .map((i) => ({
        disputeId: String(i.data['ticketId']),
        openedAt: String(i.data['at']),
        categories: ['support', 'transactions', 'bank_cards'],
      }));
  }

  async quickPayBindings(customerId: string): Promise<QuickPayBinding[]> {
    return bindingsOf(await this.#items(customerId));
  }

  async endQuickPay(customerId: string, bindingIds: string[], at: string): Promise<QuickPayBinding[]> {
    const items = await this.#items(customerId);
    const ended = endedBindingItems(items, bindingIds, at);
    await batchWrite(
      this.#client,
      this.#table,
      ended.map((Item) => ({ PutRequest: { Item } })),
    );
    return bindingsOf(await this.#items(customerId));
  }

  async closeAccount(customerId: string, at: string): Promise<{ closedAt: string; bindingsEnded: QuickPayBinding[] }> {
    const items = await this.#items(customerId);
    const active = bindingsOf(items).filter((b) => b.status === 'active');
    const ended = endedBindingItems(
      items,
      active.map((b) => b.bindingId),
      at,
    );
    const profile = closedProfile(items, at);
    const account = await this.#account(customerId);
    // An account closed before stays closed as of then: the first end is the retention anchor.
    const profileClosed = items.find((i) => i.kind === 'PROFILE')?.data['closedAt'];
    const closedAt = account?.closedAt ?? (typeof profileClosed === 'string' ? profileClosed : at);
    await batchWrite(
      this.#client,
      this.#table,
      [...ended, ...(profile ? [profile] : [])].map((Item) => ({ PutRequest: { Item } })),
    );
    const standing: AccountItem = { pk: accountPk(customerId), sk: 'ACCOUNT', customerId, status: 'closed', closedAt };
    await this.#client.send(new PutCommand({ TableName: this.#table, Item: standing }));
    const after = bindingsOf(await this.#items(customerId));
    return { closedAt, bindingsEnded: after.filter((b) => active.some((a) => a.bindingId === b.bindingId)) };
  }

  async stopMarketing(customerId: string): Promise<void> {
    const now = this.#clock.now().toISOString();
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: customerPk(customerId), sk: 'MKT' },
          // Keeps the first stop time when called again.
          UpdateExpression: 'SET #d.subscribed = :f, #d.stoppedAt = if_not_exists(#d.stoppedAt, :now)',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#d': 'data' },
          ExpressionAttributeValues: { ':f': false, ':now': now },
        }),
      );
    } catch (e) {
      // No marketing record (never had one, or erased): nothing to stop.
      if ((e as Error).name !== 'ConditionalCheckFailedException') throw e;
    }
  }

  async withdrawConsent(customerId: string, scope: ConsentScope): Promise<{ active: boolean }> {
    const items = await this.#items(customerId);
    const now = this.#clock.now().toISOString();
    const mkt = items.find((i) => i.kind === 'MKT');
    if (scope === 'marketing_messages') {
      const active = mkt?.data['subscribed'] === true;
      await this.stopMarketing(customerId);
      return { active };
    }
    if (scope === 'profiling') {
      if (!mkt) return { active: false };
      const tags = mkt.data['tags'];
      const active = mkt.data['profiling'] !== false && Array.isArray(tags) && tags.length > 0;
      if (mkt.data['profiling'] !== false)
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...mkt, data: { ...mkt.data, profiling: false, profilingStoppedAt: now } },
          }),
        );
      return { active };
    }
    if (scope === 'call_recording') {
      // Future calls are not recorded (the contact record carries the preference the hotline system reads).
      const contact = items.find((i) => i.kind === 'CONTACT');
      const active = items.some(restsOn('call_recording'));
      if (contact && contact.data['recordCalls'] !== false)
        await this.#client.send(
          new PutCommand({
            TableName: this.#table,
            Item: { ...contact, data: { ...contact.data, recordCalls: false } },
          }),
        );
      return { active: active || (contact !== undefined && contact.data['recordCalls'] !== false) };
    }
    // The sample company does no biometric verification: nothing held, nothing to stop.
    return { active: false };
  }

  async #eraseConsentData(
    all: CompanyItem[],
    wanted: Set<DataCategory>,
    scope: ConsentScope,
  ): Promise<Partial<Record<DataCategory, number>>> {
    const at = this.#clock.now().toISOString();
    const counts: Partial<Record<DataCategory, number>> = {};
    for (const c of wanted) counts[c] = 0;
    const changed = all
      .filter((i) => wanted.has(i.category) && restsOn(scope)(i) && !i.heldUntil)
      .map((i) => withoutConsentData(i, scope, at))
      .filter((i): i is CompanyItem => i !== undefined);
    return this.#putCounted(changed, counts);
  }

  /** Writes the changed items back and counts them per category into `counts` (erase's answer). */
  async #putCounted(
    changed: CompanyItem[],
    counts: Partial<Record<DataCategory, number>>,
  ): Promise<Partial<Record<DataCategory, number>>> {
    await batchWrite(
      this.#client,
      this.#table,
      changed.map((Item) => ({ PutRequest: { Item } })),
    );
    for (const i of changed) counts[i.category] = (counts[i.category] ?? 0) + 1;
    return counts;
  }

  async openDisputes(customerId: string): Promise<number> {
    return (await this.#items(customerId)).filter(
      (i) => i.kind === 'TICKET' && i.data['kind'] === 'dispute' && i.data['status'] === 'open',
    ).length;
  }

  async recipientsOf(customerId: string): Promise<string[]> {
    const items = await this.#items(customerId);
    if (items.length === 0) return [];
    const out = new Set<string>();
    for (const i of items) {
      if (i.kind === 'TXN') {
        const clearing = i.data['clearing'];
        if (clearing === 'unionpay' || clearing === 'nucc') out.add(CLEARING_PARTNER[clearing]);
      }
      if (i.kind === 'CARD' && typeof i.data['bankId'] === 'string') out.add(issuingBankPartner(i.data['bankId']));
    }
    out.add(ENTRUSTED_PROCESSOR);
    return [...out].sort();
  }

  async retentionAnchors(
    customerId: string,
  ): Promise<{ relationshipEndedAt?: string; lastTransactionAt?: string; quickPayEndedAt?: string }> {
    const items = await this.#items(customerId);
    const profile = items.find((i) => i.kind === 'PROFILE');
    // The profile says when the relationship ended; once the profile is erased, the account standing still does.
    const ended = profile?.data['closedAt'] ?? (await this.#account(customerId))?.closedAt;
    const latest = (kind: CompanyItem['kind'], field: string) => {
      let last: string | undefined;
      for (const i of items) {
        const at = i.kind === kind ? i.data[field] : undefined;
        if (typeof at === 'string' && (!last || at > last)) last = at;
      }
      return last;
    };
    const lastTxn = latest('TXN', 'at');
    const qpEnded = latest('QP', 'endedAt');
    return {
      ...(typeof ended === 'string' ? { relationshipEndedAt: ended } : {}),
      ...(lastTxn ? { lastTransactionAt: lastTxn } : {}),
      ...(qpEnded ? { quickPayEndedAt: qpEnded } : {}),
    };
  }

  async legalHolds(customerId: string): Promise<LegalHold[]> {
    const items = await queryAll<HoldItem>(this.#client, this.#table, holdPk(customerId));
    return items
      .filter((h) => h.status === 'open')
      .map((h) => ({ kind: h.kind, since: h.since, ...(h.reference ? { reference: h.reference } : {}) }));
  }

  async correct(customerId: string, changes: CorrectionChange[]): Promise<AppliedCorrection[]> {
    const items = await this.#items(customerId);
    const now = this.#clock.now().toISOString();
    const out: AppliedCorrection[] = [];
    const patched = new Map<string, CompanyItem>();
    for (const { field, value } of changes) {
      const category = FIELD_CATEGORY[field];
      const kind = category === 'contact' ? 'CONTACT' : 'PROFILE';
      const item = patched.get(kind) ?? items.find((i) => i.kind === kind && !i.anonymisedAt);
      if (!item) {
        out.push({ field, category, status: 'not_held' });
        continue;
      }
      const next = field === 'phone' ? normalizePhone(value) : value.trim();
      if (item.data[field] === next) {
        out.push({ field, category, status: 'unchanged' });
        continue;
      }
      const old = item.data[field];
      patched.set(kind, { ...item, data: { ...item.data, [field]: next, updatedAt: now } });
      if (field === 'phone') await this.#movePhoneIndex(customerId, typeof old === 'string' ? old : undefined, next);
      out.push({ field, category, status: 'applied' });
    }
    for (const Item of patched.values()) await this.#client.send(new PutCommand({ TableName: this.#table, Item }));
    return out;
  }

  /** The corrected phone finds the person; the old one no longer does. */
  async #movePhoneIndex(customerId: string, oldPhone: string | undefined, phone: string): Promise<void> {
    const Item: IndexItem = { pk: phoneIndexPk(this.#indexKey, phone), sk: 'CUST', customerId };
    await this.#client.send(new PutCommand({ TableName: this.#table, Item }));
    if (oldPhone && normalizePhone(oldPhone) !== phone)
      await this.#client.send(
        new DeleteCommand({ TableName: this.#table, Key: { pk: phoneIndexPk(this.#indexKey, oldPhone), sk: 'CUST' } }),
      );
  }

  async #account(customerId: string): Promise<AccountItem | undefined> {
    const res = await this.#client.send(
      new GetCommand({
        TableName: this.#table,
        Key: { pk: accountPk(customerId), sk: 'ACCOUNT' },
        ConsistentRead: true,
      }),
    );
    return res.Item as AccountItem | undefined;
  }

  /** Before the profile goes, the account's standing (closed and when) is kept apart from the personal data. */
  async #keepAccountStanding(items: CompanyItem[], categories: Set<DataCategory>): Promise<void> {
    if (!categories.has('identity')) return;
    const profile = items.find((i) => i.kind === 'PROFILE' && !i.anonymisedAt);
    const closedAt = profile?.data['closedAt'];
    if (!profile || typeof closedAt !== 'string') return;
    const Item: AccountItem = {
      pk: accountPk(profile.customerId),
      sk: 'ACCOUNT',
      customerId: profile.customerId,
      status: 'closed',
      closedAt,
    };
    await this.#client.send(new PutCommand({ TableName: this.#table, Item }));
  }

  async #index(pk: string): Promise<string | undefined> {
    const res = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: { pk, sk: 'CUST' }, ConsistentRead: true }),
    );
    return (res.Item as IndexItem | undefined)?.customerId;
  }

  async #items(customerId: string): Promise<CompanyItem[]> {
    return queryAll<CompanyItem>(this.#client, this.#table, customerPk(customerId));
  }

  async #dropIndexes(items: CompanyItem[], categories: Set<DataCategory>): Promise<void> {
    const keys: { pk: string; sk: string }[] = [];
    for (const i of items) {
      if (i.anonymisedAt) continue;
      if (categories.has('identity') && i.kind === 'PROFILE' && typeof i.data['idNumber'] === 'string')
        keys.push({ pk: idIndexPk(this.#indexKey, i.data['idNumber']), sk: 'CUST' });
      if (categories.has('contact') && i.kind === 'CONTACT' && typeof i.data['phone'] === 'string')
        keys.push({ pk: phoneIndexPk(this.#indexKey, i.data['phone']), sk: 'CUST' });
    }
    await batchWrite(
      this.#client,
      this.#table,
      keys.map((Key) => ({ DeleteRequest: { Key } })),
    );
  }
}

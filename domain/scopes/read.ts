// What a withdrawal of consent or a restriction is about, read from the person's own words with the keywords of
// policy/processing.yaml (PIPL arts. 15, 44): never "everything" by default. An empty answer means the words name no
// processing we know: staff must ask, not guess.
import type { ConsentScope, ProcessingFile, Recipient, RestrictionScope } from '../policy/schema.ts';

function mentions(text: string, keywords: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return keywords.some((k) => lower.includes(k.toLowerCase()));
}

/** The consent-based processings the text names, in the policy's order. */
export function readConsentScopes(
  text: string,
  processing: Pick<ProcessingFile, 'consentProcessings'>,
): ConsentScope[] {
  return processing.consentProcessings.filter((p) => mentions(text, p.keywords)).map((p) => p.code);
}

// Company-form suffixes people leave out when they name a company ("银联", "网联清算").
const COMPANY_FORM = /(股份有限公司|有限责任公司|有限公司|集团)$/;
const COUNTRY_PREFIX = /^中国/;

function shortNames(r: Recipient): string[] {
  const zh = r.names.zh;
  const bare = zh.replace(COMPANY_FORM, '');
  return [...new Set([zh, bare, bare.replace(COUNTRY_PREFIX, ''), r.names.en])].filter((n) => n.length >= 2);
}

/** Registry recipients the text names (ids), for a restriction of sharing with a named recipient. */
export function namedRecipients(text: string, recipients: readonly Recipient[]): string[] {
  return recipients.filter((r) => mentions(text, shortNames(r))).map((r) => r.id);
}

export interface RestrictionRequest {
  scopes: RestrictionScope[];
  /** With `sharing`: the recipients named (registry ids); empty = the person named none we know. */
  recipients: string[];
}

/** The restrictable processings the text names; a named recipient alone means restricting sharing with it. */
export function readRestriction(
  text: string,
  processing: Pick<ProcessingFile, 'restrictableProcessings'>,
  recipients: readonly Recipient[],
): RestrictionRequest {
  const named = namedRecipients(text, recipients);
  const scopes = processing.restrictableProcessings.filter((p) => mentions(text, p.keywords)).map((p) => p.code);
  if (named.length > 0 && !scopes.includes('sharing')) scopes.push('sharing');
  return { scopes, recipients: scopes.includes('sharing') ? named : [] };
}

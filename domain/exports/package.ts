// The export package of access, copy and portability (PIPL art. 45; NDSR art. 25): the complete data as JSON with
// its JSON Schema, a readable Chinese summary (HTML), and one CSV per tabular category. Portability carries only
// what the person provided or what was collected under the contract: categories and derived fields the processing
// rules (policy/processing.yaml) leave out are named in `excluded`/`omittedFields` with the reason.
import * as z from 'zod';
import type { Policy } from '../policy/schema.ts';
import { DATA_CATEGORIES, type DataCategory } from '../request/model.ts';
import { toCsv } from './csv.ts';
import { summaryHtml } from './html.ts';
import { EXPORT_FORMAT, ExportDocument } from './schema.ts';

export type ExportRight = 'access' | 'copy' | 'portability';

export interface ExportFile {
  name: string;
  contentType: string;
  body: string;
}

export interface ExportPackage {
  document: ExportDocument;
  files: ExportFile[];
  included: DataCategory[];
  excluded: ExportDocument['excluded'];
  records: number;
}

export interface ExportInput {
  requestId: string;
  right: ExportRight;
  generatedAt: string;
  /** What the company system exported, per category. */
  data: Partial<Record<DataCategory, unknown[]>>;
  /** Categories the privacy officer withheld: not in the package (the letter says so). */
  withheld?: readonly DataCategory[];
}

/** Internal markers of the company system that say nothing about the person. */
const INTERNAL_FIELDS = new Set(['heldUntil']);

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { ...(value as Record<string, unknown>) }
    : { value };
}

export function buildExportPackage(
  input: ExportInput,
  policy: Pick<Policy, 'processing' | 'categories' | 'contacts'>,
): ExportPackage {
  const categories: ExportDocument['categories'] = [];
  const excluded: ExportDocument['excluded'] = [];
  for (const category of DATA_CATEGORIES) {
    const raw = input.data[category];
    if (!raw || raw.length === 0 || input.withheld?.includes(category)) continue;
    const label = policy.categories[category];
    const rules = policy.processing.categories[category];
    if (input.right === 'portability' && rules.portability === 'excluded') {
      const reason = rules.portabilityReason!;
      excluded.push({ category, label, reason: { zh: reason.zh, en: reason.en }, cite: reason.cite });
      continue;
    }
    const omit = new Set(INTERNAL_FIELDS);
    if (input.right === 'portability' && rules.portability === 'provided_only')
      for (const f of rules.derivedFields) omit.add(f);
    const records = raw.map((r) => Object.fromEntries(Object.entries(asRecord(r)).filter(([k]) => !omit.has(k))));
    const omittedFields = input.right === 'portability' ? [...omit].filter((f) => !INTERNAL_FIELDS.has(f)) : [];
    categories.push({ category, label, records, omittedFields });
  }
  const document = ExportDocument.parse({
    format: EXPORT_FORMAT,
    requestId: input.requestId,
    right: input.right,
    generatedAt: input.generatedAt,
    controller: { name: policy.contacts.company, contact: policy.contacts.privacyEmail },
    categories,
    excluded,
  });
  const files: ExportFile[] = [
    { name: 'export.json', contentType: 'application/json; charset=utf-8', body: JSON.stringify(document, null, 2) },
    {
      name: 'export.schema.json',
      contentType: 'application/schema+json; charset=utf-8',
      body: JSON.stringify(z.toJSONSchema(ExportDocument), null, 2),
    },
    { name: 'summary.html', contentType: 'text/html; charset=utf-8', body: summaryHtml(document) },
  ];
  // Tabular categories (more than one record of one shape) also as CSV for spreadsheets.
  for (const c of categories)
    if (c.records.length > 1)
      files.push({ name: `${c.category}.csv`, contentType: 'text/csv; charset=utf-8', body: toCsv(c.records) });
  return {
    document,
    files,
    included: categories.map((c) => c.category),
    excluded,
    records: categories.reduce((n, c) => n + c.records.length, 0),
  };
}

// The export package's JSON document (`export.json`), described by this zod schema: the package carries it as
// `export.schema.json` (JSON Schema), and docs/export-format.md explains it in words.
import * as z from 'zod';
import { DataCategory } from '../request/model.ts';

const Text = z.object({ zh: z.string(), en: z.string() });

export const EXPORT_FORMAT = 'rightsflow.export/1';

export const ExportDocument = z
  .object({
    format: z.literal(EXPORT_FORMAT).describe('Format and version of this document'),
    requestId: z.string().describe('The rights request this export answers (RF-YYYYMMDD-XXXXXX)'),
    right: z
      .enum(['access', 'copy', 'portability'])
      .describe('Why it was made: access (查阅), copy (复制), portability (转移)'),
    generatedAt: z.string().describe('When it was made (ISO 8601, UTC)'),
    controller: z
      .object({ name: Text, contact: z.string() })
      .describe('The personal information processor (个人信息处理者) and its privacy contact'),
    categories: z
      .array(
        z.object({
          category: DataCategory.describe('Category code'),
          label: Text.describe('Category name in Chinese and English'),
          records: z
            .array(z.record(z.string(), z.unknown()))
            .describe('The records as the company system holds them; `recordType` names the kind of record'),
          omittedFields: z
            .array(z.string())
            .describe('Fields left out of a portability package because the company derived them'),
        }),
      )
      .describe('The personal information, per category'),
    excluded: z
      .array(z.object({ category: DataCategory, label: Text, reason: Text, cite: Text }))
      .describe('Categories held but not in this package, and why (portability: NDSR art. 25)'),
  })
  .describe('A personal-information export of LianLian Pay (rightsflow)');
export type ExportDocument = z.infer<typeof ExportDocument>;

// access, copy and portability: the person's data as an export package (domain/exports), sealed in the blob store;
// SendReply issues the expiring download link and sends its code on a second channel.
import { buildExportPackage, type ExportRight } from '../../../domain/exports/index.ts';
import type { DataCategory, RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';

export const exportKeyOf = (requestId: string, right: ExportRight, round = 1) =>
  `exports/${requestId}/${right}${round > 1 ? `-r${round}` : ''}.json.enc`;

/** The sealed package as stored: every file of it. */
export interface SealedPackage {
  files: { name: string; contentType: string; body: string }[];
}

/** Builds and seals the package at `key` unless it is there (a re-drive or re-issue reuses it). */
export async function writePackage(
  deps: StepDeps,
  r: RightsRequest,
  right: ExportRight,
  customerId: string,
  withheld: readonly DataCategory[],
  key: string,
) {
  const data = await deps.company.export(customerId);
  const pkg = buildExportPackage(
    { requestId: r.id, right, generatedAt: deps.clock.now().toISOString(), data, withheld },
    deps.policy,
  );
  if (!(await deps.blobs.exists(key))) {
    const sealed = await deps.cipher.seal(JSON.stringify({ files: pkg.files } satisfies SealedPackage));
    await deps.blobs.put(key, Buffer.from(sealed, 'utf8'), 'application/vnd.rightsflow.sealed+json');
  }
  const held = (Object.keys(data) as DataCategory[]).filter((c) => (data[c]?.length ?? 0) > 0);
  return { ...pkg, held };
}

export async function readPackage(deps: Pick<StepDeps, 'blobs' | 'cipher'>, key: string): Promise<SealedPackage> {
  const sealed = Buffer.from(await deps.blobs.get(key)).toString('utf8');
  return JSON.parse(await deps.cipher.open(sealed)) as SealedPackage;
}

export async function exportData(
  deps: StepDeps,
  r: RightsRequest,
  right: ExportRight,
  customerId: string,
  withheldCategories: readonly DataCategory[],
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const exportKey = exportKeyOf(r.id, right);
  const pkg = await writePackage(deps, r, right, customerId, withheldCategories, exportKey);
  const kept = pkg.held.filter((c) => withheldCategories.includes(c));
  return {
    status: kept.length > 0 ? 'partial' : 'done',
    customerId,
    exportKey,
    exportFiles: pkg.files.map((f) => f.name),
    exportRecords: pkg.records,
    included: pkg.included,
    excluded: [
      ...pkg.excluded.map((x) => ({ category: x.category, reason: { ...x.reason, cite: x.cite } })),
      ...derivedLeftOut(deps, right, pkg.included),
    ],
    ...(kept.length ? { withheld: kept } : {}),
  };
}

/**
 * Portability of a category the person partly provided (marketing: subscription and survey answers in, the tags we
 * derived left out): the letter names what was left out of it and why, as it does for a category left out whole.
 */
function derivedLeftOut(deps: StepDeps, right: ExportRight, included: readonly DataCategory[]) {
  if (right !== 'portability') return [];
  return included.flatMap((category) => {
    const rules = deps.policy.processing.categories[category];
    if (rules.portability !== 'provided_only' || rules.derivedFields.length === 0 || !rules.portabilityReason)
      return [];
    const { zh, en, cite } = rules.portabilityReason;
    return [{ category, reason: { zh, en, cite } }];
  });
}

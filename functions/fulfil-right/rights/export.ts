// copy and portability: the person's data as a sealed export package.
import type { DataCategory, RightsRequest } from '../../../domain/request/model.ts';
import type { StepDeps } from '../../shared/deps.ts';
import type { FulfilResult } from '../results.ts';

export async function exportData(
  deps: StepDeps,
  r: RightsRequest,
  customerId: string,
  withheldCategories: readonly DataCategory[],
  now: Date,
): Promise<Omit<FulfilResult, 'right' | 'at'>> {
  const everything = await deps.company.export(customerId);
  const data = Object.fromEntries(
    Object.entries(everything).filter(([c]) => !withheldCategories.includes(c as DataCategory)),
  );
  const kept = Object.keys(everything).filter((c) => withheldCategories.includes(c as DataCategory)) as DataCategory[];
  const exportKey = `exports/${r.id}.json.enc`;
  if (!(await deps.blobs.exists(exportKey))) {
    const sealed = await deps.cipher.seal(JSON.stringify({ requestId: r.id, exportedAt: now.toISOString(), data }));
    await deps.blobs.put(exportKey, Buffer.from(sealed, 'utf8'), 'application/vnd.rightsflow.sealed+json');
  }
  const exportRecords = Object.values(data).reduce((n, v) => n + (v?.length ?? 0), 0);
  return {
    status: kept.length > 0 ? 'partial' : 'done',
    customerId,
    exportKey,
    exportRecords,
    ...(kept.length ? { withheld: kept } : {}),
  };
}

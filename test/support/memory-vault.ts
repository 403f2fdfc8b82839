// An in-memory EvidenceVault for unit tests: append-only like the real ones (nothing is ever replaced).
import type { ChainAnchor, EvidenceVault, OffTableIsolation } from '../../functions/shared/ports.ts';

export interface MemoryVault extends EvidenceVault {
  readonly anchors: ChainAnchor[];
  readonly isolation: OffTableIsolation[];
}

export function createMemoryVault(): MemoryVault {
  const anchors: ChainAnchor[] = [];
  const isolation: OffTableIsolation[] = [];
  return {
    anchors,
    isolation,
    putAnchor: async (a) => void anchors.push(structuredClone(a)),
    latestAnchor: async (id) =>
      anchors
        .filter((a) => a.requestId === id)
        .reduce<ChainAnchor | undefined>((m, a) => (!m || a.seq >= m.seq ? a : m), undefined),
    putIsolation: async (e) => void isolation.push(structuredClone(e)),
    listIsolation: async (liveAt) => (liveAt ? isolation.filter((e) => e.purgeBy >= liveAt) : [...isolation]),
  };
}

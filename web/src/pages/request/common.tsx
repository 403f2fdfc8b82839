// Pieces every panel of the request page uses: a labelled field, roles, and an action that shows its error and
// reloads the request after.
import { useState } from 'react';
import { ApiFailure, type Me } from '../../api.ts';

export const has = (me: Me, ...roles: string[]) => me.roles.some((r) => roles.includes(r));

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children ?? '—'}</dd>
    </>
  );
}

/** Runs an action, shows its error, reloads the request after. */
export function useAction(reload: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  async function run(fn: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      await reload();
    } catch (e) {
      setError(e instanceof ApiFailure ? `${e.message} (${e.code})` : String(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, run };
}
export type Action = ReturnType<typeof useAction>;

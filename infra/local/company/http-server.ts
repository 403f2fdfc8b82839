// The http connector protocol served over any CompanyDataSource: `POST <base>/<operation>` with the JSON arguments
// and a bearer token, answered with JSON (functions/shared/aws/company-http.ts is the client). This is how the dev
// stage in AWS reaches the sample company (infra/aws/sample-connector/handler.ts), the same port a real company
// implements, so the deployed functions never import the sample company.
import { timingSafeEqual } from 'node:crypto';
import { ConsentScope } from '../../../domain/policy/schema.ts';
import type { CompanyDataSource } from '../../../functions/shared/ports.ts';

type Args = Record<string, unknown>;

const id = (a: Args) => String(a['customerId']);
const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : undefined);
/** `bindingIds`/`basis`/`consentScope` when the caller sent them (erase and restrict narrow with them). */
function narrowing(
  a: Args,
): { bindingIds?: string[]; basis?: 'hold' | 'person'; consentScope?: ConsentScope } | undefined {
  const bindingIds = strings(a['bindingIds']);
  const basis = a['basis'] === 'hold' || a['basis'] === 'person' ? a['basis'] : undefined;
  const scope = ConsentScope.safeParse(a['consentScope']);
  const consentScope = scope.success ? scope.data : undefined;
  return bindingIds || basis || consentScope
    ? { ...(bindingIds && { bindingIds }), ...(basis && { basis }), ...(consentScope && { consentScope }) }
    : undefined;
}

// Keyed by the port itself: an operation added to CompanyDataSource and not served here fails the type check (the
// dev stage's connector once answered 404 to every operation newer than this table).
const OPERATIONS: Record<keyof CompanyDataSource, (c: CompanyDataSource, a: Args) => Promise<unknown>> = {
  findCustomer: async (c, a) => ({ customerId: (await c.findCustomer(a as never))?.customerId }),
  describe: (c, a) => c.describe(id(a)),
  export: (c, a) => c.export(id(a)),
  erase: (c, a) => {
    const options = narrowing(a);
    const mode = a['mode'] as 'delete' | 'anonymise';
    return options
      ? c.erase(id(a), a['categories'] as never, mode, options)
      : c.erase(id(a), a['categories'] as never, mode);
  },
  restrict: async (c, a) => {
    const options = narrowing(a);
    const until = String(a['until']);
    if (options) await c.restrict(id(a), a['categories'] as never, until, options);
    else await c.restrict(id(a), a['categories'] as never, until);
    return {};
  },
  withdrawConsent: (c, a) => c.withdrawConsent(id(a), a['scope'] as never),
  correct: async (c, a) => ({ fields: await c.correct(id(a), a['changes'] as never) }),
  stopMarketing: async (c, a) => {
    await c.stopMarketing(id(a));
    return {};
  },
  openDisputes: async (c, a) => ({ count: await c.openDisputes(id(a)) }),
  disputeHolds: async (c, a) => ({ disputes: await c.disputeHolds(id(a)) }),
  restrictions: async (c, a) => ({ restrictions: await c.restrictions(id(a)) }),
  restrictProcessing: (c, a) =>
    c.restrictProcessing(id(a), a['scope'] as never, strings(a['recipients']) ?? [], String(a['at'])),
  liftRestriction: async (c, a) => ({
    restriction: (await c.liftRestriction(id(a), String(a['restrictionId']), String(a['at']))) ?? null,
  }),
  processingRestrictions: async (c, a) => ({ restrictions: await c.processingRestrictions(id(a)) }),
  quickPayBindings: async (c, a) => ({ bindings: await c.quickPayBindings(id(a)) }),
  endQuickPay: async (c, a) => ({
    bindings: await c.endQuickPay(id(a), strings(a['bindingIds']) ?? [], String(a['at'])),
  }),
  closeAccount: (c, a) => c.closeAccount(id(a), String(a['at'])),
  recipientsOf: async (c, a) => ({ partners: await c.recipientsOf(id(a)) }),
  retentionAnchors: (c, a) => c.retentionAnchors(id(a)),
  legalHolds: async (c, a) => ({ holds: await c.legalHolds(id(a)) }),
};

export const CONNECTOR_OPERATIONS = Object.keys(OPERATIONS);

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A fetch handler answering the connector protocol for `source`; 401 without the token, 404 for unknown operations. */
export function serveCompanyConnector(
  source: CompanyDataSource,
  token: () => Promise<string>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const auth = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!sameToken(auth, await token())) return Response.json({ error: 'unauthorized' }, { status: 401 });
    if (request.method !== 'POST') return Response.json({ error: 'method not allowed' }, { status: 405 });
    const op = new URL(request.url).pathname.split('/').filter(Boolean).at(-1) ?? '';
    const run = Object.hasOwn(OPERATIONS, op) ? OPERATIONS[op as keyof CompanyDataSource] : undefined;
    if (!run) return Response.json({ error: `unknown operation ${op}` }, { status: 404 });
    let args: Args;
    try {
      args = (await request.json()) as Args;
    } catch {
      return Response.json({ error: 'body must be JSON' }, { status: 400 });
    }
    return Response.json((await run(source, args)) ?? {});
  };
}

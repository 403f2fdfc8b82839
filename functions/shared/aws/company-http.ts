// CompanyDataSource over HTTPS: the company's own connector service answers one POST per operation
// (`<base>/<operation>` with a JSON body of the arguments, bearer token). Lets any company plug its systems in
// without code in rightsflow; the sample company is the other option (COMPANY_CONNECTOR=sample).
import type {
  AppliedCorrection,
  CompanyDataSource,
  DisputeHold,
  LegalHold,
  PersonRestriction,
  ProcessingRestriction,
  QuickPayBinding,
} from '../ports.ts';

export function createHttpCompanySource(options: {
  baseUrl: string;
  /** The bearer token, or where to get it on the first call (Secrets Manager in AWS). */
  token: string | (() => Promise<string>);
  timeoutMs?: number;
  fetch?: typeof fetch;
}): CompanyDataSource {
  const f = options.fetch ?? fetch;
  const tokenOf = async () => (typeof options.token === 'string' ? options.token : options.token());
  async function call<T>(op: string, args: Record<string, unknown>): Promise<T> {
    const res = await f(`${options.baseUrl.replace(/\/$/, '')}/${op}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf()}` },
      body: JSON.stringify(args),
      signal: AbortSignal.timeout(options.timeoutMs ?? 20_000),
    });
    if (!res.ok) {
      const e = new Error(`company connector ${op} answered ${res.status}`);
      // 5xx and 429: the connector is restarting or busy, retried by the workflow (transient-errors.ts). Any other
      // status is a request it will never accept: the request fails at once with a human task.
      e.name = res.status >= 500 || res.status === 429 ? 'Company.Unavailable' : 'Company.ConnectorError';
      throw e;
    }
    return (await res.json()) as T;
  }
  return {
    findCustomer: async (lookup) => {
      const { customerId } = await call<{ customerId?: string }>('findCustomer', lookup);
      return customerId ? { customerId } : undefined;
    },
    describe: (customerId) => call('describe', { customerId }),
    export: (customerId) => call('export', { customerId }),
    erase: (customerId, categories, mode, options) =>
      call('erase', { customerId, categories, mode, ...(options ?? {}) }),
    restrict: async (customerId, categories, until, options) => {
      await call('restrict', { customerId, categories, until, ...(options ?? {}) });
    },
    stopMarketing: async (customerId) => {
      await call('stopMarketing', { customerId });
    },
    withdrawConsent: (customerId, scope) => call('withdrawConsent', { customerId, scope }),
    correct: async (customerId, changes) =>
      (await call<{ fields: AppliedCorrection[] }>('correct', { customerId, changes })).fields,
    openDisputes: async (customerId) => (await call<{ count: number }>('openDisputes', { customerId })).count,
    recipientsOf: async (customerId) => (await call<{ partners: string[] }>('recipientsOf', { customerId })).partners,
    retentionAnchors: (customerId) => call('retentionAnchors', { customerId }),
    legalHolds: async (customerId) => (await call<{ holds: LegalHold[] }>('legalHolds', { customerId })).holds,
    disputeHolds: async (customerId) =>
      (await call<{ disputes: DisputeHold[] }>('disputeHolds', { customerId })).disputes,
    restrictions: async (customerId) =>
      (await call<{ restrictions: PersonRestriction[] }>('restrictions', { customerId })).restrictions,
    restrictProcessing: (customerId, scope, recipients, at) =>
      call('restrictProcessing', { customerId, scope, recipients, at }),
    liftRestriction: async (customerId, restrictionId, at) =>
      (await call<{ restriction: ProcessingRestriction | null }>('liftRestriction', { customerId, restrictionId, at }))
        .restriction ?? undefined,
    processingRestrictions: async (customerId) =>
      (await call<{ restrictions: ProcessingRestriction[] }>('processingRestrictions', { customerId })).restrictions,
    quickPayBindings: async (customerId) =>
      (await call<{ bindings: QuickPayBinding[] }>('quickPayBindings', { customerId })).bindings,
    endQuickPay: async (customerId, bindingIds, at) =>
      (await call<{ bindings: QuickPayBinding[] }>('endQuickPay', { customerId, bindingIds, at })).bindings,
    closeAccount: (customerId, at) => call('closeAccount', { customerId, at }),
  };
}

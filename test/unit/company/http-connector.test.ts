// The http company connector: legal holds come from POST <base>/legalHolds with the bearer token.
import { describe, expect, it } from 'vitest';
import { createHttpCompanySource } from '../../../functions/shared/aws/company-http.ts';

describe('http company connector', () => {
  it('asks for legal holds and returns them', async () => {
    const calls: { url: string; body: unknown; auth: string | null }[] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({
        url,
        body: JSON.parse(String(init.body)),
        auth: new Headers(init.headers).get('authorization'),
      });
      return new Response(JSON.stringify({ holds: [{ kind: 'regulator', since: '2026-10-01T00:00:00Z' }] }));
    }) as typeof fetch;
    const company = createHttpCompanySource({ baseUrl: 'https://c.example.com/rf/', token: 't0k', fetch: fakeFetch });
    expect(await company.legalHolds('C1')).toEqual([{ kind: 'regulator', since: '2026-10-01T00:00:00Z' }]);
    expect(calls).toEqual([
      { url: 'https://c.example.com/rf/legalHolds', body: { customerId: 'C1' }, auth: 'Bearer t0k' },
    ]);
  });

  it('fails the step when the connector errors (never "no holds")', async () => {
    const fakeFetch = (async () => new Response('down', { status: 503 })) as unknown as typeof fetch;
    const company = createHttpCompanySource({ baseUrl: 'https://c.example.com', token: 't', fetch: fakeFetch });
    await expect(company.legalHolds('C1')).rejects.toMatchObject({ name: 'Company.ConnectorError' });
  });
});

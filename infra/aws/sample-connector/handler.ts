// The dev stage's stand-in for the company's systems: the sample company (infra/local/company) served over the
// http connector protocol from a Lambda function URL, on its own table, seeded once on first start. The workflow's
// functions reach it exactly as they reach a real company (COMPANY_CONNECTOR_URL + bearer token from Secrets
// Manager), so nothing deployed imports the sample company. Never part of a prod stage (config.ts refuses it).
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient } from '../../../functions/shared/aws/dynamo.ts';
import { once } from '../../../functions/shared/aws/lazy.ts';
import { serveCompanyConnector } from '../../local/company/http-server.ts';
import { SampleCompany } from '../../local/company/sample-company.ts';
import { seedSampleCompany } from '../../local/company/seed.ts';

interface UrlEvent {
  rawPath: string;
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

const tableName = process.env['SAMPLE_COMPANY_TABLE']!;
const token = once(async () => {
  const res = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: process.env['COMPANY_CONNECTOR_TOKEN_SECRET']! }),
  );
  return (res.SecretString ?? '').trim();
});
const serve = once(async () => {
  const client = createDocumentClient();
  await seedSampleCompany(client, tableName, {
    customers: Number(process.env['SAMPLE_COMPANY_CUSTOMERS'] ?? 200),
    seed: 20261125,
  });
  return serveCompanyConnector(new SampleCompany({ client, tableName }), token);
});

export async function handler(event: UrlEvent) {
  const body = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : undefined;
  const headers = new Headers();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (v !== undefined) headers.set(k, v);
  const request = new Request(`https://connector${event.rawPath}`, {
    method: event.requestContext?.http?.method ?? 'POST',
    headers,
    ...(body ? { body } : {}),
  });
  const res = await (await serve())(request);
  return { statusCode: res.status, headers: { 'content-type': 'application/json' }, body: await res.text() };
}

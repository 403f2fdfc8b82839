// Body and query parsing with the API's 400s.
import type { Context } from 'hono';
import type * as z from 'zod';
import { badRequest, summariseIssues } from '../errors.ts';

export async function jsonBody(c: Context): Promise<unknown> {
  try {
    return await c.req.json();
  } catch {
    throw badRequest('invalid_json', 'the body must be a JSON object (Content-Type: application/json)');
  }
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest('validation_failed', summariseIssues(r.error.issues));
  return r.data;
}

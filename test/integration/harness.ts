// Starts the real local runtime for an integration test file (free ports, a temp DATA_DIR, a movable clock) and
// drives it the way people do: mail through SMTP, staff through the HTTP API with bearer tokens.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { OutboxMessage } from '../../infra/local/adapters/outbox-mailer.ts';
import {
  createMovableClock,
  type RuntimeHandle,
  type RuntimeOptions,
  startRuntime,
} from '../../infra/local/runtime.ts';
import { WORKFLOW_STEPS } from '../../workflows/steps.ts';

export type Role = 'agent' | 'privacy_officer' | 'admin';
/** A parsed JSON body: the assertions probe it. */
// biome-ignore lint/suspicious/noExplicitAny: API bodies are checked by the tests' expectations, not by types
export type Json = any;

export interface TestRuntime {
  rt: RuntimeHandle;
  clock: ReturnType<typeof createMovableClock>;
  dataDir: string;
  api(
    role: Role | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; json: Json }>;
  mail(m: {
    from: string;
    subject: string;
    text: string;
    messageId?: string;
    inReplyTo?: string;
    headers?: Record<string, string>;
  }): Promise<void>;
  outbox(requestId?: string): Promise<OutboxMessage[]>;
  /** Stops the runtime and keeps DATA_DIR (a later start on the same dir resumes it). */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** Retries at 20 ms instead of 2/4/8 s: the semantics are the ASL's, only the pause is shortened. */
export const FAST_RETRIES = Object.fromEntries(Object.keys(WORKFLOW_STEPS).map((s) => [s, 20]));

export async function startTestRuntime(
  options: {
    start?: Date;
    stepOverrides?: RuntimeOptions['stepOverrides'];
    console?: boolean;
    dataDir?: string;
    /** The company as the steps reach it (a connector over HTTP with faults). */
    company?: RuntimeOptions['company'];
    /** Every line the runtime logs (the log-privacy check reads them all). */
    log?: (line: string) => void;
  } = {},
): Promise<TestRuntime> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'rf-it-')));
  const clock = createMovableClock(options.start);
  const rt = await startRuntime({
    dataDir,
    port: 0,
    smtpPort: 0,
    clock,
    timerIntervalMs: 250,
    retryIntervalOverrides: FAST_RETRIES,
    sampleCustomers: 8,
    ...(options.console ? { console: true } : {}),
    // Fault injection: a test replaces the step of a Task state.
    ...(options.stepOverrides ? { stepOverrides: options.stepOverrides } : {}),
    ...(options.company ? { company: options.company } : {}),
    log: (line) => {
      options.log?.(line);
      if (process.env['RF_IT_VERBOSE']) console.error(line);
    },
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: rt.ports.smtp,
    secure: false,
    ignoreTLS: true,
  });
  return {
    rt,
    clock,
    dataDir,
    async api(role, method, path, body, headers = {}) {
      const res = await fetch(`${rt.urls.http}${path}`, {
        method,
        headers: {
          ...(role ? { authorization: `Bearer ${rt.credentials[role].token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = text;
      }
      return { status: res.status, json };
    },
    async mail(m) {
      await transport.sendMail({
        from: m.from,
        to: 'privacy@lianlianpay.com',
        subject: m.subject,
        text: m.text,
        ...(m.messageId ? { messageId: m.messageId } : {}),
        ...(m.inReplyTo ? { inReplyTo: m.inReplyTo, references: [m.inReplyTo] } : {}),
        ...(m.headers ? { headers: m.headers } : {}),
      });
    },
    outbox: (requestId) => rt.outbox.listOutbox(requestId ? { requestId } : {}),
    async stop() {
      transport.close();
      await rt.stop();
    },
    async close() {
      transport.close();
      await rt.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `probe` until it returns something truthy (the workflow runs asynchronously). */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false | null>,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The six-digit one-time code in a verification mail. */
export function codeIn(mail: OutboxMessage): string {
  const m = /(?<!\d)(\d{6})(?!\d)/.exec(mail.text);
  if (!m?.[1]) throw new Error('no six-digit code in the verification mail');
  return m[1];
}

/** Masks what a test prints or snapshots: digits runs and mail local parts. */
export function mask(s: string): string {
  return s
    .replace(/\d{4,}/g, (d) => `${d.slice(0, 2)}${'*'.repeat(d.length - 4)}${d.slice(-2)}`)
    .replace(/[\w.+-]+@/g, '***@');
}

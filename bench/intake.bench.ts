// Intake throughput: MIME parse (mailparser) + classification over the labelled corpus, in emails per second.
// Figures only; no targets are asserted here (`npm run bench` prints them).
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { classifyMail } from '../domain/intake/index.ts';
import { parseMail } from '../functions/shared/mail/parse.ts';

const CORPUS = fileURLToPath(new URL('../test/fixtures/mail/corpus/', import.meta.url));

export interface IntakeBenchResult {
  emailsPerSecond: number;
  /** Classification alone (already-parsed mail). */
  classifyPerSecond: number;
  messages: number;
  rounds: number;
  p50Ms: number;
  p95Ms: number;
}

export async function runIntakeBench(options: { rounds?: number } = {}): Promise<IntakeBenchResult> {
  const rounds = options.rounds ?? 20;
  const mails = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => readFileSync(`${CORPUS}${f}`));
  const now = new Date();
  const parsed = [];
  for (const raw of mails) {
    // Warm-up (JIT, iconv tables) and the parsed set for the classification-only figure.
    const res = await parseMail(raw);
    if (res.ok) parsed.push(res.mail);
  }

  const perMessage: number[] = [];
  const start = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const raw of mails) {
      const t0 = performance.now();
      const res = await parseMail(raw);
      if (res.ok) classifyMail(res.mail, now);
      perMessage.push(performance.now() - t0);
    }
  }
  const total = performance.now() - start;

  const cStart = performance.now();
  for (let r = 0; r < rounds; r++) for (const mail of parsed) classifyMail(mail, now);
  const cTotal = performance.now() - cStart;

  perMessage.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number((perMessage[Math.min(perMessage.length - 1, Math.floor(p * perMessage.length))] ?? 0).toFixed(3));
  return {
    emailsPerSecond: Math.round((mails.length * rounds) / (total / 1000)),
    classifyPerSecond: Math.round((parsed.length * rounds) / (cTotal / 1000)),
    messages: mails.length,
    rounds,
    p50Ms: pct(0.5),
    p95Ms: pct(0.95),
  };
}

export const bench = {
  name: 'intake',
  run: async (): Promise<Record<string, unknown>> => ({ ...(await runIntakeBench()) }),
};

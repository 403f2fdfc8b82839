// Start-up pieces: /health is 503 until the API is swapped in, a taken port gives a clear message, and a JVM
// left behind by a killed runtime is found by its pid file and stopped (only if it is ours).
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError, startHttpListener } from '../../../infra/local/http.ts';
import { requireJava17, stopLeftoverJvm } from '../../../infra/local/java-process.ts';
import { startSmtpIntake } from '../../../infra/local/smtp.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rf-life-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('HTTP listener', () => {
  it('answers 503 while starting, then the API; a taken port is explained', async () => {
    const http = await startHttpListener({ port: 0 });
    try {
      const before = await fetch(`http://127.0.0.1:${http.port}/health`);
      expect(before.status).toBe(503);
      const api = await fetch(`http://127.0.0.1:${http.port}/api/requests`);
      expect(api.status).toBe(503);
      expect(((await api.json()) as { error: { code: string } }).error.code).toBe('starting');
      http.setHandler(() => Response.json({ status: 'ok' }));
      expect((await fetch(`http://127.0.0.1:${http.port}/health`)).status).toBe(200);
      const taken = startHttpListener({ port: http.port });
      await expect(taken).rejects.toBeInstanceOf(PortInUseError);
      await expect(taken).rejects.toThrow(/PORT=<port>/);
      await expect(startSmtpIntake({ port: http.port, onMessage: async () => undefined })).rejects.toThrow(
        /SMTP_PORT=<port>/,
      );
    } finally {
      await http.close();
    }
  });
});

describe('Java check', () => {
  it('explains how to install Java 17+ when java is not on PATH', async () => {
    const path = process.env['PATH'];
    process.env['PATH'] = dir; // an empty directory: no java there
    try {
      await expect(requireJava17()).rejects.toThrow(/Java 17[\s\S]*openjdk-17-jre-headless/);
    } finally {
      process.env['PATH'] = path;
    }
    expect(await requireJava17()).toBeGreaterThanOrEqual(17);
  });
});

describe('leftover JVM', () => {
  it('kills only a process whose command line is DynamoDB Local on this data dir', async () => {
    await requireJava17();
    await mkdir(join(dir, 'dynamodb'), { recursive: true });
    // A stand-in "JVM": a sleeping node process whose argv names the jar and the data dir.
    const ours = spawn(
      process.execPath,
      ['-e', 'setTimeout(()=>{}, 60000)', 'DynamoDBLocal.jar', join(dir, 'dynamodb')],
      { stdio: 'ignore' },
    );
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(()=>{}, 60000)'], { stdio: 'ignore' });
    const exited = new Promise((r) => ours.once('exit', r));
    try {
      await writeFile(join(dir, 'dynamodb.pid'), `${stranger.pid}\n`);
      expect(await stopLeftoverJvm(dir)).toBeUndefined();
      expect(stranger.exitCode).toBeNull();
      await writeFile(join(dir, 'dynamodb.pid'), `${ours.pid}\n`);
      expect(await stopLeftoverJvm(dir)).toBe(ours.pid);
      await exited;
      expect(ours.signalCode).toBe('SIGKILL');
    } finally {
      stranger.kill('SIGKILL');
      ours.kill('SIGKILL');
    }
  });
});

describe('test clock route (RIGHTSFLOW_TEST_CLOCK=1 only)', () => {
  it('lets only an admin move the clock, then fires what became due', async () => {
    const { createMovableClock } = await import('../../../infra/local/runtime.ts');
    const { testClockRoute } = await import('../../../infra/local/system.ts');
    const clock = createMovableClock(new Date('2026-11-25T00:00:00Z'));
    let moved = 0;
    const input = {
      testClock: clock,
      onClockMoved: async () => {
        moved++;
      },
      verifyToken: (t: string | undefined) =>
        t === 'admin-token'
          ? { user: 'admin', roles: ['admin' as const] }
          : t === 'agent-token'
            ? { user: 'agent', roles: ['agent' as const] }
            : undefined,
    };
    const post = (token: string | undefined, body: unknown) =>
      testClockRoute(
        new Request('http://x/api/_test/clock', {
          method: 'POST',
          headers: token ? { authorization: `Bearer ${token}` } : {},
          body: JSON.stringify(body),
        }),
        input,
      );
    expect((await post(undefined, { at: '2027-01-01T00:00:00Z' })).status).toBe(401);
    expect((await post('agent-token', { at: '2027-01-01T00:00:00Z' })).status).toBe(403);
    expect((await post('admin-token', {})).status).toBe(400);
    const res = await post('admin-token', { at: '2027-01-01T00:00:00Z' });
    expect(res.status).toBe(200);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse('2027-01-01T00:00:00Z'));
    expect(clock.now().getTime()).toBeLessThan(Date.parse('2027-01-01T00:01:00Z'));
    expect(moved).toBe(1);
  });
});

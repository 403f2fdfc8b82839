// `rightsflow compile-policy` (the CDK bundling hook) and `rightsflow holidays-json` (what operations put into the SSM
// parameter) as a real process: the output the functions read, and a bad edit stopped with file and line.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledSchedules } from '../../../domain/calendar/files.ts';
import { parseScheduleJson } from '../../../domain/calendar/index.ts';
import { loadCompiledPolicy } from '../../../domain/policy/compiled.ts';
import { DEFAULT_POLICY_DIR, loadPolicy } from '../../../domain/policy/index.ts';

const BIN = fileURLToPath(new URL('../../../bin/rightsflow.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rf-compile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rightsflow compile-policy', () => {
  it('writes compiled.json that loads into the same policy and schedules', () => {
    const r = cli('compile-policy', join(dir, 'out'));
    expect(r.code).toBe(0);
    const loaded = loadCompiledPolicy(join(dir, 'out'));
    expect(loaded.policy).toEqual(loadPolicy());
    expect(loaded.schedules).toEqual(bundledSchedules());
  });

  it('stops on a bad edit with file, line and field, and writes nothing', () => {
    const bad = join(dir, 'policy');
    cpSync(DEFAULT_POLICY_DIR, bad, { recursive: true });
    const settings = join(bad, 'settings.yaml');
    writeFileSync(settings, readFileSync(settings, 'utf8').replace('replyWorkingDays: 15', 'replyWorkingDays: x'));
    const r = cli('compile-policy', join(dir, 'bad-out'), '--policy', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/settings\.yaml:6: deadline\.replyWorkingDays: expected a number/);
    expect(() => readFileSync(join(dir, 'bad-out', 'compiled.json'))).toThrow();
  });
});

describe('rightsflow holidays-json', () => {
  it('prints the schedule as JSON that the functions accept', () => {
    const r = cli('holidays-json');
    expect(r.code).toBe(0);
    const years = parseScheduleJson(r.stdout, 'ssm').map((s) => s.year);
    expect(years).toContain(2026);
  });

  it('refuses an invalid schedule with file and line', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'years:\n  2027:\n    source: x\n    workdays: [2027-03-03]\n');
    const r = cli('holidays-json', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.yaml:4: years.2027.workdays[0]: 2027-03-03');
  });
});

// The compiled policy a Lambda bundle reads (domain/policy/compiled.ts): the same Policy and calendar as the YAML
// loader, re-validated at load with the same schemas and cross-checks, and a bad edit still refused at build
// (compile, with file and line) and at a cold start (without lines: JSON has none).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bundledSchedules, DEFAULT_SCHEDULE_FILE } from '../../../domain/calendar/files.ts';
import { ScheduleFileError, WorkingCalendar } from '../../../domain/calendar/index.ts';
import { compilePolicy } from '../../../domain/policy/compile.ts';
import {
  COMPILED_POLICY_FILE,
  type CompiledPolicy,
  loadCompiledPolicy,
  policyFromCompiled,
} from '../../../domain/policy/compiled.ts';
import { clearPolicyCache, DEFAULT_POLICY_DIR, loadPolicy, PolicyError } from '../../../domain/policy/index.ts';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rf-compiled-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  clearPolicyCache();
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
function errorOf<E extends Error>(type: new (...a: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`expected a ${type.name}`);
}
/** A deep copy of the shipped policy compiled, edited. */
function edited(edit: (c: CompiledPolicy) => void): CompiledPolicy {
  const c = structuredClone(compilePolicy()) as CompiledPolicy;
  edit(c);
  return c;
}

describe('compiled policy', () => {
  it('gives the same Policy and the same working calendar as the YAML loaders', () => {
    const dir = tempDir();
    writeFileSync(join(dir, COMPILED_POLICY_FILE), JSON.stringify(compilePolicy()));
    const { policy, schedules } = loadCompiledPolicy(dir);
    // Template `file` labels are the build's relative paths, as the YAML loader gives them from the repo root.
    expect(policy).toEqual(loadPolicy());
    expect(schedules).toEqual(bundledSchedules());
    const cal = new WorkingCalendar(schedules);
    expect(cal.isOfficialYear(2026)).toBe(true);
    expect(cal.day('2026-10-01')).toMatchObject({ working: false });
  });

  it('is plain JSON without the YAML: no parser is needed to read it', () => {
    const text = JSON.stringify(compilePolicy());
    expect(JSON.parse(text).format).toBe('rightsflow-compiled-policy/1');
    expect(text).not.toContain('processing.yaml:'); // data, not YAML text
  });

  it('refuses an invalid field at load, naming the file and field', () => {
    const c = edited((c) => {
      const s = c.files['settings.yaml'] as { deadline: { replyWorkingDays?: unknown } };
      s.deadline.replyWorkingDays = 'fifteen';
    });
    const err = errorOf(PolicyError, () => policyFromCompiled(c));
    expect(err.issues[0]).toMatchObject({ file: 'compiled.json:settings.yaml', field: 'deadline.replyWorkingDays' });
  });

  it('refuses a missing file, a missing template, a dangling recipient and a bad holiday schedule', () => {
    expect(
      errorOf(PolicyError, () => policyFromCompiled(edited((c) => delete c.files['retention.yaml']))).issues[0],
    ).toMatchObject({ file: 'compiled.json:retention.yaml', message: 'file missing' });
    expect(
      errorOf(PolicyError, () => policyFromCompiled(edited((c) => delete c.templates['acknowledgement.zh']))).issues[0],
    ).toMatchObject({ message: 'template missing' });
    const dangling = edited((c) => {
      const p = c.files['processing.yaml'] as { categories: Record<string, { recipients: string[] }> };
      Object.values(p.categories)[0]!.recipients.push('no-such-partner');
    });
    expect(errorOf(PolicyError, () => policyFromCompiled(dangling)).issues[0]?.message).toBe(
      '"no-such-partner" is not a recipient of recipients.yaml',
    );
    const badYear = edited((c) => {
      c.holidays = { years: { 2027: { source: 'x', workdays: ['2027-03-03'] } } };
    });
    expect(errorOf(ScheduleFileError, () => policyFromCompiled(badYear)).message).toContain('2027-03-03');
    expect(
      errorOf(PolicyError, () => policyFromCompiled({ ...compilePolicy(), format: 'v0' as never })).message,
    ).toContain('rightsflow-compiled-policy/1');
  });

  it('the build refuses a bad YAML edit with its file and line', () => {
    const dir = tempDir();
    cpSync(DEFAULT_POLICY_DIR, dir, { recursive: true });
    const file = join(dir, 'settings.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('replyWorkingDays: 15', 'replyWorkingDays: fifteen'));
    const err = errorOf(PolicyError, () => compilePolicy(dir, DEFAULT_SCHEDULE_FILE));
    expect(err.issues[0]?.file).toMatch(/settings\.yaml$/);
    expect(err.issues[0]).toMatchObject({ line: 6, field: 'deadline.replyWorkingDays' });
  });
});

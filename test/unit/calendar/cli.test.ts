// `rightsflow deadline` as people and scripts call it: a real process, stdout, stderr and exit code.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/rightsflow.js', import.meta.url));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, 'deadline', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rightsflow deadline', () => {
  it('prints the deadline date', () => {
    expect(cli('2026-09-28')).toMatchObject({ code: 0, stdout: '2026-10-23\n', stderr: '' });
  });

  it('--json prints exactly receivedOn, deadline, workingDays, provisional', () => {
    const r = cli('2026-09-28', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['receivedOn', 'deadline', 'workingDays', 'provisional']);
    expect(out).toEqual({ receivedOn: '2026-09-28', deadline: '2026-10-23', workingDays: 15, provisional: false });
  });

  it('reads an ISO time in Asia/Shanghai and honours --days', () => {
    expect(cli('2026-11-23T17:00:00Z', '--json').stdout).toBe(
      '{"receivedOn":"2026-11-24","deadline":"2026-12-15","workingDays":15,"provisional":false}\n',
    );
    // Sep 29, 30, Oct 8, 9, Sat Oct 10
    expect(cli('2026-09-28', '--days', '5').stdout).toBe('2026-10-10\n');
    expect(cli('--days=5', '2026-09-28').stdout).toBe('2026-10-10\n');
  });

  it('flags a provisional deadline (stdout stays machine-readable, the note goes to stderr)', () => {
    const r = cli('2026-12-20', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ deadline: '2027-01-07', provisional: true });
    expect(r.stderr).toMatch(/暂定|provisional/);
  });

  it.each([
    [['2026-13-01'], /cannot read the date/],
    [['next tuesday'], /cannot read the date/],
    [['2026-11-23T17:00:00'], /cannot read the date/],
    [['2026-09-28', '--days', 'x'], /--days/],
    [['2026-09-28', '--days', '0'], /--days/],
    [['2026-09-28', '--days', '2.5'], /--days/],
    [[], /missing the date/],
    [['2026-09-28', '2026-09-29'], /expected one date/],
    [['2026-09-28', '--frobnicate'], /Unknown option/],
  ])('exits 2 with a message on stderr for %j', (args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});

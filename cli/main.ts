// `rightsflow <command>`: each command lives in cli/commands/<name>.ts and is loaded only when asked for,
// so `rightsflow deadline` does not pay for the CDK or the runtime.
type Command = { run(args: string[]): Promise<number>; summary: string };

const COMMANDS: Record<string, () => Promise<Command>> = {
  deadline: () => import('./commands/deadline.ts'),
  'parse-email': () => import('./commands/parse-email.ts'),
  asl: () => import('./commands/asl.ts'),
  start: () => import('./commands/start.ts'),
  bench: () => import('./commands/bench.ts'),
  'verify-audit': () => import('./commands/verify-audit.ts'),
  'restore-guard': () => import('./commands/restore-guard.ts'),
  'evidence-report': () => import('./commands/evidence-report.ts'),
  report: () => import('./commands/report.ts'),
  'build-console': () => import('./commands/build-console.ts'),
  'compile-policy': () => import('./commands/compile-policy.ts'),
  'holidays-json': () => import('./commands/holidays-json.ts'),
};

const USAGE = `rightsflow — personal-information rights requests (个人信息权利请求)

usage: rightsflow <command> [options]
  deadline <date|ISO time> [--days N] [--json]   reply deadline in Chinese working days
  parse-email <file.eml> --json                  parse and classify one email (stores nothing)
  asl                                            the RightsRequest state machine's ASL JSON
  start                                          the local runtime (API, SMTP intake, workflow)
  verify-audit <request id> [--json]             check a request's hash-chained audit trail (exit 1 if tampered)
  restore-guard [--since <ISO time>] [--json]    after a restore from backup: erase again what was deleted
  evidence-report <request id> [--format html|pdf|json] [--out file] [--full --by officer]
                                                 a request's evidence report (masked unless --full)
  report --from <day> --to <day> [--format json|html|csv|pdf] [--out file]
                                                 period report for a compliance audit (PIPL art. 54)
  bench                                          benchmarks
  build-console [dir]                            build the staff console (npm start does it when needed)
  compile-policy <dir> [--policy d] [--holidays f]  check the policy, write <dir>/compiled.json (Lambda bundles)
  holidays-json [file]                           a holiday schedule (YAML) as the SSM parameter's JSON
`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`rightsflow: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const command = await load();
  return command.run(rest);
}

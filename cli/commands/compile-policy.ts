// `rightsflow compile-policy <out-dir> [--policy dir] [--holidays file]`: the policy and holiday schedule checked
// and written as <out-dir>/compiled.json, the form a Lambda bundle reads (domain/policy/compiled.ts). The CDK
// bundling hook runs it for every function's asset; a bad policy edit fails there, with file and line.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScheduleFileError } from '../../domain/calendar/index.ts';
import { compilePolicy } from '../../domain/policy/compile.ts';
import { COMPILED_POLICY_FILE, type CompiledPolicy } from '../../domain/policy/compiled.ts';
import { PolicyError } from '../../domain/policy/validate.ts';

export const summary = 'check the policy and write the compiled form a Lambda bundle reads';

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { policy: { type: 'string' }, holidays: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write('usage: rightsflow compile-policy <out-dir> [--policy dir] [--holidays file]\n');
    return values.help ? 0 : 2;
  }
  let compiled: CompiledPolicy;
  try {
    compiled = compilePolicy(
      values.policy ? resolve(values.policy) : undefined,
      values.holidays ? resolve(values.holidays) : undefined,
    );
  } catch (e) {
    if (!(e instanceof PolicyError || e instanceof ScheduleFileError)) throw e;
    process.stderr.write(`${e.message}\n`); // file:line: field: problem, for each one: the build stops here
    return 1;
  }
  const out = resolve(positionals[0]!);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, COMPILED_POLICY_FILE), JSON.stringify(compiled));
  process.stdout.write(`policy compiled into ${join(out, COMPILED_POLICY_FILE)}\n`);
  return 0;
}

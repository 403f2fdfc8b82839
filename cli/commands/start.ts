// `rightsflow start` (= `npm start`): the local runtime in the foreground until Ctrl-C / SIGTERM.
import { withResolvers } from '../../infra/local/polyfill.ts';
import { startRuntime } from '../../infra/local/runtime.ts';

export const summary = 'the local runtime (API, SMTP intake, workflow)';

const HELP = `usage: rightsflow start

Starts the whole system on this machine (needs Java 17+ for DynamoDB Local):
  console    http://127.0.0.1:$PORT/  (default 8787; built from web/ when its sources changed)
  HTTP API   http://127.0.0.1:$PORT/api
  SMTP       127.0.0.1:$SMTP_PORT     (default 2525; mail sent here is the privacy mailbox)
  data       $DATA_DIR                (default .rightsflow)
`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  // The SDK warns on Node 20 about its future releases; the lockfile pins it and locally it only talks to
  // DynamoDB Local, so the notice is noise for someone trying rightsflow (Lambda runs Node 22).
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  const log = (line: string) => console.error(`[rightsflow] ${line}`);
  let runtime: Awaited<ReturnType<typeof startRuntime>>;
  try {
    runtime = await startRuntime({
      log,
      console: true,
      testClock: process.env['RIGHTSFLOW_TEST_CLOCK'] === '1',
      ...(process.env['RIGHTSFLOW_TIMER_MS'] ? { timerIntervalMs: Number(process.env['RIGHTSFLOW_TIMER_MS']) } : {}),
    });
  } catch (error) {
    const e = error as Error;
    console.error(`\nrightsflow could not start: ${e.message}\n`);
    return 1;
  }
  const { urls, ports, credentialsFile } = runtime;
  // Where the passwords and tokens are, never the secrets themselves: stdout often ends up in a log file.
  const lines = [
    '',
    `rightsflow is running (${runtime.startupMs} ms) — 本地运行已启动`,
    `  console  ${urls.http}/        (控制台; sign in as agent, privacy_officer or admin)`,
    `  API      ${urls.http}/api     OpenAPI: ${urls.http}/api/openapi.json   health: ${urls.http}/health`,
    `  SMTP     127.0.0.1:${ports.smtp}  (the privacy mailbox / 隐私邮箱)`,
    `  data     ${runtime.dataDir}`,
    `  users    ${credentialsFile} (mode 0600: passwords for the console, bearer tokens for scripts)${
      runtime.credentialsCreated ? ' — generated now' : ''
    }`,
  ];
  if (runtime.redriven.length) lines.push(`  resumed ${runtime.redriven.length} open request(s) from the last run`);
  lines.push(
    '',
    'try it / 试一试: README.md "Try it" — a hotline deletion for the demo customer 孙留置 in the console.',
    '',
    'Ctrl-C stops everything (Java included).',
    '',
  );
  console.log(lines.join('\n'));

  const { promise: stopped, resolve } = withResolvers<number>();
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping SMTP, HTTP, the workflow engine and DynamoDB Local…`);
    runtime
      .stop()
      .then(() => resolve(0))
      .catch((error: Error) => {
        console.error(`stop failed: ${error.message}`);
        resolve(1);
      });
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  const code = await stopped;
  log('stopped');
  // Nothing of ours is left running; exit now rather than wait for library timers (e.g. a wait's backstop).
  process.exit(code);
}

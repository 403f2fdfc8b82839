// `rightsflow parse-email <file.eml> [--json]`: parses and classifies one mail, exactly as the intake would, and
// prints the docs/design.md §4 contract. It stores nothing. Personal fields are printed as parsed (the operator's own
// tool); attachment contents never are, only name, type and size.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { classifyMail, type ParsedEmail, toParsedEmail } from '../../domain/intake/index.ts';
import { parseMail } from '../../functions/shared/mail/parse.ts';

export const summary = 'parse and classify one email (stores nothing)';

const USAGE = `usage: rightsflow parse-email <file.eml|-> [--json]
  <file.eml>  the raw message (RFC 5322); - reads it from stdin
  --json      print {messageId, from, isReply, rights[], triage, subject, guardian, minor, attachments, language}
`;

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function human(out: ParsedEmail): string {
  const s = out.subject;
  return [
    `message-id  ${out.messageId ?? '(none)'}`,
    `from        ${out.from || '(none)'}`,
    `language    ${out.language}`,
    `rights      ${out.rights.join(', ') || '(none recognised)'}`,
    `triage      ${out.triage ? 'yes — staff decide' : 'no'}`,
    `reply       ${out.isReply ? 'yes' : 'no'}`,
    `name        ${s.name ?? '-'}`,
    `ID number   ${s.idNumber ? `${s.idNumber} (${s.idNumberValid ? 'valid' : 'claimed, invalid'})` : '-'}`,
    `phone       ${s.phone ?? '-'}`,
    `email       ${s.email}`,
    `requester   ${out.requester.type}${out.requester.relation ? ` (${out.requester.relation})` : ''}${out.requester.name ? `, ${out.requester.name}` : ''}${out.requester.idNumber ? `, ID ${out.requester.idNumber}` : ''}`,
    `guardian    ${out.guardian ? 'yes' : 'no'}${out.minor ? ', subject under 14' : ''}`,
    `attachments ${out.attachments.map((a) => `${a.filename} (${a.contentType}, ${a.size} B)`).join('; ') || '-'}`,
    '',
  ].join('\n');
}

export async function run(args: string[]): Promise<number> {
  let values: { json?: boolean; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (e) {
    process.stderr.write(`rightsflow parse-email: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [file] = positionals;
  if (!file || positionals.length > 1) {
    process.stderr.write(`rightsflow parse-email: expected one .eml file\n\n${USAGE}`);
    return 2;
  }
  let raw: Buffer;
  try {
    raw = file === '-' ? await readStdin() : await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    process.stderr.write(`rightsflow parse-email: cannot read ${file}: ${why}\n`);
    return 2;
  }

  const parsed = await parseMail(raw);
  let out: ParsedEmail;
  if (parsed.ok) {
    out = toParsedEmail(parsed.mail, classifyMail(parsed.mail, new Date()));
  } else {
    // A clear rejection: the intake would open a triage request with the raw attached.
    process.stderr.write(`rightsflow parse-email: rejected (${parsed.rejection.code}): ${parsed.rejection.message}\n`);
    out = {
      messageId: null,
      from: '',
      isReply: false,
      rights: [],
      triage: true,
      subject: { email: '' },
      requester: { type: 'self' },
      guardian: false,
      minor: false,
      attachments: [],
      language: 'zh',
    };
  }
  process.stdout.write(values.json ? `${JSON.stringify(out)}\n` : human(out));
  return 0;
}

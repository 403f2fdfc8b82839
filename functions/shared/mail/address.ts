// Mailbox headers for SES: a From with a display name ("连连支付个人信息保护 LianLian Pay Privacy
// <privacy@…>"). SES takes the From as it is written into the message, and RFC 5322 headers are ASCII, so a
// non-ASCII display name must be an RFC 2047 encoded-word (SES SendEmail: "the sender name … must be encoded using
// MIME encoded-word syntax"). Written here rather than taken from libmime/nodemailer: ten lines against a
// dependency of several hundred KB in every bundle that sends mail (the bundle-size target of issue 11).

const ADDRESS = /^\s*(?:"?([^"<]*?)"?\s*)?<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$/;

/** `Name <addr>` or a bare address → its parts (name undefined when absent). */
export function parseMailbox(value: string): { name?: string; address: string } {
  const m = ADDRESS.exec(value);
  if (!m) return { address: value.trim() };
  const name = m[1]?.trim();
  return name ? { name, address: m[2]! } : { address: m[2]! };
}

/** Largest UTF-8 byte count per encoded-word: base64 of 45 bytes is 60 chars, +12 for `=?UTF-8?B??=` = 72 ≤ 75. */
const WORD_BYTES = 45;

/** RFC 2047 B-encoded words (UTF-8), split on character boundaries so no word exceeds 75 characters. */
export function encodeWords(text: string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > WORD_BYTES) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join(' ');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A From/To header value: the name encoded when not plain ASCII, quoted when it holds specials. */
export function formatMailbox(mailbox: { name?: string; address: string }): string {
  const { name, address } = mailbox;
  if (!name) return address;
  if (!PRINTABLE_ASCII.test(name)) return `${encodeWords(name)} <${address}>`;
  if (/[()<>[\]:;@\\,."]/.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  return `${name} <${address}>`;
}

/** Decodes RFC 2047 B/Q encoded-words (UTF-8 and the charsets Node's TextDecoder knows), for display only. */
export function decodeWords(header: string): string {
  return header
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_w, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text
                .replace(/_/g, ' ')
                .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
              'latin1',
            );
      try {
        return new TextDecoder(charset).decode(bytes);
      } catch {
        return _w;
      }
    });
}

/** The display name of the policy's sender setting (`Name <addr>`): the stage supplies the address. */
export function senderNameOf(sender: string): string | undefined {
  return parseMailbox(sender).name;
}

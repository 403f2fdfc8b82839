// SMTP intake for the local runtime (SES receiving in AWS): loopback only, no auth or TLS, a size limit, and
// every message handed raw to the intake service. A message is refused (451, so the sender retries) only when
// the intake could not take it, i.e. storing the raw mail failed.
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import { PortInUseError } from './http.ts';

export interface SmtpIntake {
  port: number;
  close(): Promise<void>;
}

export interface SmtpOptions {
  host?: string;
  port: number;
  /** Bytes; larger messages are refused with 552. */
  sizeLimit?: number;
  onMessage(raw: Uint8Array, meta: { envelopeTo: string[]; envelopeFrom?: string }): Promise<void>;
  onError?(error: Error): void;
}

export const DEFAULT_SMTP_SIZE_LIMIT = 30 * 1024 * 1024;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

export async function startSmtpIntake(options: SmtpOptions): Promise<SmtpIntake> {
  const sizeLimit = options.sizeLimit ?? DEFAULT_SMTP_SIZE_LIMIT;
  const server = new SMTPServer({
    name: 'rightsflow.local',
    banner: 'rightsflow privacy mailbox (个人信息保护邮箱)',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: sizeLimit,
    logger: false,
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length;
        if (length <= sizeLimit) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          callback(smtpError(`message exceeds the limit of ${sizeLimit} bytes`, 552));
          return;
        }
        const raw = Buffer.concat(chunks);
        const envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const from = session.envelope.mailFrom;
        options
          .onMessage(raw, { envelopeTo, ...(from ? { envelopeFrom: from.address } : {}) })
          .then(() => callback())
          .catch((error: Error) => {
            options.onError?.(error);
            callback(smtpError('the message could not be stored, please retry later', 451));
          });
      });
    },
  });
  server.on('error', (error) => options.onError?.(error));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new PortInUseError(
              `SMTP port ${host}:${options.port} is already in use (another rightsflow, or a mail server?). Stop it or choose another port: SMTP_PORT=<port> npm start`,
            )
          : error,
      );
    server.server.once('error', onError);
    server.listen(options.port, host, () => {
      server.server.off('error', onError);
      resolve();
    });
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  let closing: Promise<void> | undefined;
  return {
    port,
    // Idempotent: the runtime's stop and its start-up cleanup may both ask.
    close: () => (closing ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}

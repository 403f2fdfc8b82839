// The HTTP listener: one node server whose handler is swapped from "starting" (503) to the API once ready,
// so /health answers from the first moment and a taken port is reported before the JVM is started.
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';

export type FetchHandler = (request: Request) => Response | Promise<Response>;

export interface HttpListener {
  port: number;
  setHandler(handler: FetchHandler): void;
  close(): Promise<void>;
}

const starting: FetchHandler = (request) => {
  const body =
    new URL(request.url).pathname === '/health'
      ? { status: 'starting' }
      : {
          error: { code: 'starting', message: '服务正在启动，请稍后再试 / rightsflow is starting, try again shortly' },
        };
  return Response.json(body, { status: 503, headers: { 'retry-after': '1' } });
};

/**
 * RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has no body, but the node adapter still
 * hands the app an (empty) stream, which would read as a body of no media type (`curl -X POST` → 415 on a route
 * whose body is optional). Hand such requests on without one, as API Gateway's adapter does.
 */
export function withoutAbsentBody(request: Request): Request {
  const h = request.headers;
  if (request.body === null || h.has('content-length') || h.has('transfer-encoding')) return request;
  return new Request(request.url, { method: request.method, headers: h, signal: request.signal });
}

export class PortInUseError extends Error {
  override name = 'PortInUse';
}

export function listenOrExplain(
  server: Server | { listen: Server['listen']; once: Server['once']; off: Server['off'] },
  port: number,
  host: string,
  what: string,
  envVar: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(
          new PortInUseError(
            `${what} port ${host}:${port} is already in use (another rightsflow?). Stop it or choose another port: ${envVar}=<port> npm start`,
          ),
        );
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export async function startHttpListener(options: { port: number; host?: string }): Promise<HttpListener> {
  let handler: FetchHandler = starting;
  const server = createAdaptorServer({ fetch: (request: Request) => handler(withoutAbsentBody(request)) }) as Server;
  const host = options.host ?? '127.0.0.1';
  await listenOrExplain(server, options.port, host, 'HTTP', 'PORT');
  const address = server.address();
  let closing: Promise<void> | undefined;
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    setHandler(next) {
      handler = next;
    },
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      })),
  };
}

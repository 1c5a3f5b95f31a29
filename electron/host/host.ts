/**
 * The loopback browser host: serves the built renderer and the engine over the contract on a
 * WebSocket, on 127.0.0.1 only. Used for development, the e2e tests, and as the no-Electron fallback.
 *
 * Security (issue 5): a random per-run token (sent by the page as a WebSocket subprotocol, taken from
 * the URL fragment so it never reaches a server log), an Origin check, a Host header check against
 * DNS rebinding, and no CORS headers at all.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { EventName, LullApi } from '../shared/contract';
import { dispatch, toWireError } from '../shared/dispatch';
import type { Logger } from '../engine/log';
import { createLogger } from '../engine/log';

/** What the host needs from the engine: its API and its event stream. */
export interface HostEngine {
  readonly api: LullApi;
  on(listener: (name: EventName, payload: unknown) => void): () => void;
}

/** Dev mode: a connect-style middleware (Vite's) that serves the renderer with hot reload. */
export interface DevMiddleware {
  (req: IncomingMessage, res: ServerResponse, next: () => void): void;
}

export interface HostOptions {
  readonly engine: HostEngine;
  /** 0 or absent: a free port. */
  readonly port?: number;
  /** Built renderer (default dist/renderer). */
  readonly staticDir?: string;
  /** Dev mode: serve through this middleware instead of static files. */
  readonly dev?: DevMiddleware | false;
  /** Reuse a token (a restart of the same run); default a fresh random one. */
  readonly token?: string;
  readonly log?: Logger;
  /** Called with the HTTP server before it listens (Vite's HMR attaches its upgrade handler). */
  readonly onServer?: (server: Server) => void;
}

export interface Host {
  readonly url: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

export const WS_PATH = '/lull';
export const WS_PROTOCOL = 'lull.v1';
const TOKEN_PREFIX = 'lull.token.';
const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

export const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startHost(options: HostOptions): Promise<Host> {
  const log = options.log ?? createLogger({ component: 'host' });
  const token = options.token ?? randomBytes(24).toString('hex');
  const staticDir = resolve(options.staticDir ?? join(process.cwd(), 'dist', 'renderer'));
  const dev = options.dev || null;
  if (!dev && !existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`No built renderer at ${staticDir}: run npm run build:renderer first`);
  }
  let port = options.port ?? 0;
  // Filled in once listening: the exact host names and origins we accept.
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const hostOk = (req: IncomingMessage): boolean => allowedHosts.has((req.headers.host ?? '').toLowerCase());

  const securityHeaders = (res: ServerResponse): void => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Cache-Control', 'no-store');
  };

  const serveStatic = (req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (path === '/' || path === '') path = '/index.html';
    const file = normalize(join(staticDir, path));
    if (!file.startsWith(staticDir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    res.setHeader('Content-Type', MIME[extname(file)] ?? 'application/octet-stream');
    if (extname(file) === '.html') res.setHeader('Content-Security-Policy', CSP);
    // Built assets are content-hashed: cache them (and V8's code cache with them), so every window
    // after the first opens without re-fetching and re-compiling. index.html is never cached.
    if (path.startsWith('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.writeHead(200);
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  };

  const server = createServer((req, res) => {
    securityHeaders(res);
    if (!hostOk(req)) {
      // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Misdirected request');
      return;
    }
    if (dev) {
      dev(req, res, () => res.writeHead(404).end());
      return;
    }
    serveStatic(req, res);
  });
  options.onServer?.(server);

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const clients = new Set<WebSocket>();

  const reject = (socket: Socket, status: number, text: string): void => {
    socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  };

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return; // Vite's HMR socket in dev mode
    if (!hostOk(req)) return reject(socket, 421, 'Misdirected Request');
    const origin = req.headers.origin;
    if (!origin || !allowedOrigins.has(origin)) {
      log.warn('websocket refused: origin', { origin: String(origin).slice(0, 200) });
      return reject(socket, 403, 'Forbidden');
    }
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const given = offered.find((p) => p.startsWith(TOKEN_PREFIX))?.slice(TOKEN_PREFIX.length) ?? '';
    if (!sameToken(given, token) || !offered.includes(WS_PROTOCOL)) {
      log.warn('websocket refused: token');
      return reject(socket, 401, 'Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws));
  });

  const onConnection = (ws: WebSocket): void => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: unknown;
      try {
        const text = Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.isBuffer(data)
            ? data.toString('utf8')
            : Buffer.from(new Uint8Array(data)).toString('utf8');
        msg = JSON.parse(text);
      } catch {
        return;
      }
      if (!msg || typeof msg !== 'object') return;
      const { id, cmd, payload } = msg as { id?: unknown; cmd?: unknown; payload?: unknown };
      if (typeof id !== 'number') return;
      dispatch(options.engine.api, cmd, payload).then(
        (result) => send(ws, { id, ok: true, result }),
        (error: unknown) => {
          const wire = toWireError(error);
          if (wire.code === 'EERROR')
            log.warn('command failed', { cmd: String(cmd).slice(0, 50), error: wire.message });
          send(ws, { id, ok: false, error: wire });
        },
      );
    });
  };

  const send = (ws: WebSocket, msg: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };

  const stopEvents = options.engine.on((event, payload) => {
    const text = JSON.stringify({ event, payload });
    for (const ws of clients) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', rej);
      res();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  log.info('browser host listening', { port, dev: Boolean(dev) });

  let closing: Promise<void> | null = null;
  return {
    url,
    token,
    port,
    close() {
      closing ??= new Promise<void>((res) => {
        stopEvents();
        for (const ws of clients) ws.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => res());
      });
      return closing;
    },
  };
}

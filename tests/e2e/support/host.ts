/** Starts tests/e2e/support/host-process.ts (real engine + browser host) and talks to it. */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { ItemInput } from '../../../electron/core/types';

export interface E2eHost {
  url: string;
  token: string;
  port: number;
  dir: string;
  call<T = unknown>(cmd: string, payload?: unknown): Promise<T>;
  ingest(items: ItemInput[]): Promise<{ inserted: number }>;
  events(): Promise<{ name: string; payload: unknown; atMs: number }[]>;
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

let n = 0;

export async function startE2eHost(name: string): Promise<E2eHost> {
  const dir = join(
    process.cwd(),
    '.tmp',
    'e2e',
    `${name.replace(/[^a-z0-9]+/gi, '-')}-${process.pid}-${n++}`,
  );
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const child: ChildProcessWithoutNullStreams = spawn(
    join(process.cwd(), 'node_modules', '.bin', 'tsx'),
    ['tests/e2e/support/host-process.ts'],
    {
      env: { ...process.env, LULL_E2E_DIR: dir },
      stdio: 'pipe',
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const ready = new Promise<{ url: string; token: string; port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${stderr}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      let msg: {
        ready?: boolean;
        id?: number;
        ok?: boolean;
        result?: unknown;
        error?: { message: string };
        url?: string;
        token?: string;
        port?: number;
      };
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        return;
      }
      if (msg.ready) {
        clearTimeout(timer);
        resolve({ url: msg.url ?? '', token: msg.token ?? '', port: msg.port ?? 0 });
      } else if (typeof msg.id === 'number') {
        const p = pending.get(msg.id);
        pending.delete(msg.id);
        if (msg.ok) p?.resolve(msg.result);
        else p?.reject(new Error(msg.error?.message ?? 'failed'));
      }
    });
  });
  const info = await ready;
  const request = <T>(req: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve, reject });
      child.stdin.write(`${JSON.stringify({ id, ...req })}\n`);
    });
  return {
    ...info,
    dir,
    call: (cmd, payload) => request({ op: 'call', cmd, payload }),
    ingest: (items) => request({ op: 'ingest', items }),
    events: () => request({ op: 'events' }),
    restart: async (downMs) => {
      await request({ op: 'restart', downMs });
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      await request({ op: 'close' }).catch(() => {});
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

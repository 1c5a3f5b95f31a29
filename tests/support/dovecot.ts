/**
 * A throwaway Dovecot on 127.0.0.1 for integration tests (see ../shared/recipes/dovecot.md).
 *
 * Each server lives in its own folder under .tmp: config, users file, TLS certs from a test CA made
 * with openssl, maildirs and logs. It runs in the foreground in its own process group, so `kill`
 * takes down the master and every imap process (killing only the master leaves sessions alive).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect as netConnect } from 'node:net';
import { join, resolve } from 'node:path';
import { ImapFlow } from 'imapflow';
import type { TestCa } from './test-ca';
import { makeTestCa } from './test-ca';
export { makeTestCa, type TestCa };

const ROOT = resolve(import.meta.dirname, '../../.tmp');
const NOBODY = 65534;

export interface DovecotOptions {
  /** user → password; default { alice: 'alicepw' } */
  readonly users?: Readonly<Record<string, string>>;
  /** When set, XOAUTH2/OAUTHBEARER are accepted and validated at this introspection URL (POST). */
  readonly oauth2IntrospectionUrl?: string;
  /** Faster APPENDs for seeding; default true. */
  readonly fsyncNever?: boolean;
  /**
   * 'sdbox' for kill tests: maildir's uidlist dotlock outlives a SIGKILLed process and, as its PID
   * is a zombie here (PID 1 reaps late), Dovecot waits its 2-minute stale timeout. sdbox locks with
   * fcntl, which dies with the process. seedMaildir needs 'maildir' (the default).
   */
  readonly mailFormat?: 'maildir' | 'sdbox';
}

export interface DovecotServer {
  readonly dir: string;
  readonly host: '127.0.0.1';
  /** Plain port, offers STARTTLS. */
  readonly imapPort: number;
  /** Implicit TLS port. */
  readonly imapsPort: number;
  readonly tls: TestCa;
  readonly confPath: string;
  readonly logPath: string;
  readonly users: Readonly<Record<string, string>>;
  readonly pid: number | null;
  /** SIGKILL (default) or SIGTERM to the whole process group, and wait until it is gone. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Start again on the same ports with the same mail. */
  start(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  doveadm(args: readonly string[]): string;
  setUidValidity(user: string, folder: string, uidValidity: number): void;
  setPassword(user: string, password: string): void;
  maildir(user: string): string;
  /** Writes messages straight into Maildir/cur (20k in about a second). Returns how many. */
  seedMaildir(user: string, folder: string, messages: Iterable<string>): number;
  /** A connected imapflow client for test-side actions (APPEND, checks). Caller logs out. */
  client(user?: string): Promise<ImapFlow>;
}

/** Serial port allocator: ask the kernel for a free port. */
export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

function sh(cmd: string, args: readonly string[], cwd?: string): string {
  const r = spawnSync(cmd, args as string[], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

function chownTree(path: string): void {
  chownSync(path, NOBODY, NOBODY);
  if (statSync(path).isDirectory()) for (const f of readdirSync(path)) chownTree(join(path, f));
}

async function waitForGreeting(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const s = netConnect(port, '127.0.0.1');
      let buf = '';
      const done = (v: boolean): void => {
        s.destroy();
        res(v);
      };
      s.setTimeout(1000, () => done(false));
      s.on('data', (d) => {
        buf += d.toString();
        if (buf.includes('* OK')) done(true);
      });
      s.on('error', () => done(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`Dovecot did not greet on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

/** Is any process of this group still running? Zombies don't count: PID 1 here reaps them late. */
function alive(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[2] === String(pgid) && fields[0] !== 'Z') return true;
  }
  return false;
}

/** Starts a fresh Dovecot; call `stop()` in afterAll. */
export async function startDovecot(opts: DovecotOptions = {}): Promise<DovecotServer> {
  const users = { ...(opts.users ?? { alice: 'alicepw' }) };
  mkdirSync(ROOT, { recursive: true });
  const dir = join(ROOT, `dovecot-${process.pid}-${randomBytes(4).toString('hex')}`);
  for (const d of ['run', 'state', 'log', 'mail', 'tls']) mkdirSync(join(dir, d), { recursive: true });
  const tls = makeTestCa(join(dir, 'tls'));
  const imapPort = await freePort();
  const imapsPort = await freePort();
  const confPath = join(dir, 'dovecot.conf');
  const logPath = join(dir, 'log', 'dovecot.log');
  const usersPath = join(dir, 'users');
  const writeUsers = (): void => {
    writeFileSync(
      usersPath,
      Object.entries(users)
        .map(([u, pw]) => `${u}:{PLAIN}${pw}::::::\n`)
        .join(''),
    );
  };
  writeUsers();
  const oauth = opts.oauth2IntrospectionUrl;
  if (oauth) {
    writeFileSync(
      join(dir, 'oauth2.conf.ext'),
      [
        `introspection_mode = post`,
        `introspection_url = ${oauth}`,
        `force_introspection = yes`,
        `username_attribute = username`,
        `active_attribute = active`,
        `active_value = true`,
        '',
      ].join('\n'),
    );
  }
  const conf = `
protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
instance_name = lull-test-${randomBytes(4).toString('hex')}
log_path = ${logPath}
info_log_path = ${logPath}
default_login_user = dovenull
default_internal_user = dovecot
mail_uid = ${NOBODY}
mail_gid = ${NOBODY}
first_valid_uid = 1
first_valid_gid = 1
mail_location = ${opts.mailFormat === 'sdbox' ? `sdbox:${dir}/mail/%u/sdbox` : `maildir:${dir}/mail/%u/Maildir`}
${opts.fsyncNever === false ? '' : 'mail_fsync = never'}
auth_mechanisms = plain login${oauth ? ' xoauth2 oauthbearer' : ''}
auth_cache_size = 0
disable_plaintext_auth = no
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${usersPath}
}
${oauth ? `passdb {\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = ${dir}/oauth2.conf.ext\n}` : ''}
userdb {
  driver = passwd-file
  args = username_format=%u ${usersPath}
  default_fields = home=${dir}/mail/%u
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = create
  }
}
ssl = yes
ssl_cert = <${dir}/tls/server.crt
ssl_key = <${dir}/tls/server.key
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort}
    ssl = yes
  }
}
protocol imap {
  mail_max_userip_connections = 200
}
`;
  writeFileSync(confPath, conf);
  chownTree(join(dir, 'mail'));
  chmodSync(join(dir, 'tls', 'server.key'), 0o600);

  let child: ChildProcess | null = null;
  const start = async (): Promise<void> => {
    child = spawn('dovecot', ['-F', '-c', confPath], { detached: true, stdio: 'ignore' });
    child.unref();
    await waitForGreeting(imapPort, 10_000);
  };
  const kill = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const c = child;
    if (!c?.pid) return;
    child = null;
    try {
      process.kill(-c.pid, signal);
    } catch {
      /* already gone */
    }
    const until = Date.now() + 5000;
    while (alive(c.pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  };
  const doveadm = (args: readonly string[]): string => sh('doveadm', ['-c', confPath, ...args]);
  const maildir = (user: string): string => join(dir, 'mail', user, 'Maildir');

  await start();
  const server: DovecotServer = {
    dir,
    host: '127.0.0.1',
    imapPort,
    imapsPort,
    tls,
    confPath,
    logPath,
    users,
    get pid() {
      return child?.pid ?? null;
    },
    kill,
    start,
    restart: async () => {
      await kill('SIGKILL');
      await start();
    },
    stop: async () => {
      await kill('SIGTERM');
      if (!process.env.LULL_KEEP_TMP)
        rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    },
    doveadm,
    setUidValidity: (user, folder, uidValidity) => {
      doveadm(['mailbox', 'update', '-u', user, '--uid-validity', String(uidValidity), folder]);
    },
    setPassword: (user, password) => {
      users[user] = password;
      writeUsers();
    },
    maildir,
    seedMaildir: (user, folder, messages) => {
      const base = folder === 'INBOX' ? maildir(user) : join(maildir(user), `.${folder.replace(/\//g, '.')}`);
      for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(base, d), { recursive: true });
      const nowS = Math.floor(Date.now() / 1000);
      let n = 0;
      for (const m of messages) {
        writeFileSync(join(base, 'cur', `${nowS}.M${n}P${process.pid}.lull:2,`), m);
        n++;
      }
      chownTree(join(dir, 'mail', user));
      return n;
    },
    client: async (user = 'alice') => {
      const c = new ImapFlow({
        host: '127.0.0.1',
        port: imapPort,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass: users[user] ?? '' },
        logger: false,
      });
      c.on('error', () => undefined);
      await c.connect();
      return c;
    },
  };
  return server;
}

/** A small RFC 5322 message for tests. */
export function makeRawMessage(p: {
  readonly from?: string;
  readonly to?: string;
  readonly cc?: string;
  readonly subject?: string;
  readonly messageId?: string | null;
  readonly inReplyTo?: string;
  readonly references?: string;
  readonly date?: Date;
  readonly body?: string;
  readonly extraHeaders?: readonly string[];
  readonly html?: string;
}): string {
  const lines: string[] = [];
  lines.push(`From: ${p.from ?? 'Bob Sender <bob@example.com>'}`);
  lines.push(`To: ${p.to ?? 'alice@example.com'}`);
  if (p.cc) lines.push(`Cc: ${p.cc}`);
  lines.push(`Subject: ${p.subject ?? 'Hello'}`);
  lines.push(`Date: ${(p.date ?? new Date()).toUTCString().replace('GMT', '+0000')}`);
  if (p.messageId !== null)
    lines.push(`Message-ID: <${p.messageId ?? `${randomBytes(8).toString('hex')}@example.com`}>`);
  if (p.inReplyTo) lines.push(`In-Reply-To: ${p.inReplyTo}`);
  if (p.references) lines.push(`References: ${p.references}`);
  for (const h of p.extraHeaders ?? []) lines.push(h);
  lines.push('MIME-Version: 1.0');
  if (p.html !== undefined) {
    lines.push('Content-Type: text/html; charset=utf-8', '', p.html);
  } else {
    lines.push(
      'Content-Type: text/plain; charset=utf-8',
      '',
      p.body ?? 'Hi Alice,\r\nthis is a test message.',
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

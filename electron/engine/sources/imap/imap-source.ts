/**
 * One IMAP account as a Lull source.
 *
 * Connections: IDLE on INBOX and at most two more folders (one connection each); every other folder
 * is polled with STATUS on one shared connection. Servers cap connections per user (Gmail 15,
 * Dovecot 10), so an account never opens more than four.
 *
 * Each connection runs its own loop: build a new ImapFlow (imapflow never reconnects), catch up by
 * UID from the cursor, then wait for EXISTS. A heartbeat NOOP finds a dead peer within about a
 * minute; on `close` the loop retries with jittered exponential backoff capped at 5 minutes.
 * Authentication and certificate failures wait for the user (or wake) instead of retrying.
 *
 * Cursors per folder (`imap:<folder>:uidvalidity|lastUid|highestModseq|lastSeenMs`) advance only
 * after `ingest` resolved, so a crash re-delivers (the store dedupes) instead of losing mail.
 */
import type { FetchMessageObject, ImapFlow, ListResponse, MailboxObject } from 'imapflow';
import type { FocusState, ItemInput, StoredItem } from '../../../core/types';
import { DAY_MS } from '../../../core/tz';
import { folderKey, imapConfigProblem, type ImapConfig } from '../../../shared/accounts/imap';
import type { AccountStatus } from '../../../shared/contract';
import { redact } from '../../log';
import { waitAtMost } from '../../wait-at-most';
import { OAuthError, OAuthTokenManager } from '../../oauth/tokens';
import { getOAuthProvider } from '../../oauth/providers';
import type { Source, SourceContext } from '../source';
import { status } from '../source';
import { buildClient, classifyError, type Failure, type ImapCredentials } from './client';
import { ensureHeldFolder, findHeldFolder, heldFolderIn, moveToHeld, returnAllHeld } from './hold';
import { MissingFolderError, isMissingFolder, missingDetail } from './missing-folder';
import {
  HEADER_FIELDS,
  PREVIEW_FETCH_BYTES,
  messageIds,
  messageToItem,
  parseHeaderBlock,
  pickTextPart,
  previewFromPart,
  type ParseContext,
  type TextPartRef,
} from './message';
import { OwnMarks, SEEN, isSeen, seenIds } from './read-elsewhere';
import type { CertificateInfo } from './tls-transport';

/** Messages committed per ingest call during a catch-up: memory stays flat however large it is. */
export const INGEST_BATCH = 500;
/** UIDs per FETCH command, so a sparse UID set stays a short command line. */
export const FETCH_CHUNK = 5000;
/** How long a final stop may spend returning held mail (Quit itself is cut off at 5 s). */
const FINAL_RETURN_MS = 3000;
export const MAX_IDLE_FOLDERS = 3;
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const HEARTBEAT_MS = 45_000;
export const HEARTBEAT_TIMEOUT_MS = 30_000;
const SENT_IDS_MAX = 5000;
const SENT_REFRESH_MS = 60_000;

export interface ImapSourceOptions {
  /** Extra trust anchors (PEM). */
  readonly ca?: readonly string[];
  readonly heartbeatMs?: number;
  readonly heartbeatTimeoutMs?: number;
  readonly random?: () => number;
}

/** Jittered exponential backoff: between half and all of min(cap, base·2^attempt). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const full = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  return Math.round(full / 2 + (random() * full) / 2);
}

/**
 * What the hash id of mail without a Message-ID is made of (see messageToItem): the catch-up's
 * fields without body and structure. Derived into FETCH_QUERY, so mark read hashes what catch-up saw.
 */
const HASH_QUERY = { uid: true, envelope: true, internalDate: true, size: true, headers: [...HEADER_FIELDS] };
const HASH_LOOKUP_MAX = 500;

/** What a catch-up fetches per message (the bench's bare imapflow client fetches exactly this too). */
export const FETCH_QUERY = {
  ...HASH_QUERY,
  // Mail read elsewhere before Lull saw it (while it was offline) is done at once.
  flags: true,
  bodyStructure: true,
  bodyParts: [{ key: '1', start: 0, maxLength: PREVIEW_FETCH_BYTES }],
};

/** UIDs as a compact IMAP set: 1:5,9,12:14. */
export function uidSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const out: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const start = sorted[i] as number;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1] === end + 1) end = sorted[++i] as number;
    out.push(start === end ? String(start) : `${start}:${end}`);
    i++;
  }
  return out.join(',');
}

const RANK: Record<AccountStatus['state'], number> = {
  'auth-failed': 7,
  'tls-untrusted': 6,
  error: 5,
  offline: 4,
  'catching-up': 3,
  connecting: 2,
  connected: 1,
  disabled: 0,
};

class Signal {
  private resolve: (() => void) | null = null;
  wait(ms: number | null): Promise<void> {
    return new Promise((res) => {
      let timer: NodeJS.Timeout | null = null;
      const done = (): void => {
        if (timer) clearTimeout(timer);
        if (this.resolve === done) this.resolve = null;
        res();
      };
      timer = ms === null ? null : setTimeout(done, ms);
      this.resolve = done;
    });
  }
  fire(): void {
    this.resolve?.();
  }
}

interface Slim {
  readonly uid: number;
  readonly internalDateMs: number;
  readonly item: ItemInput | null;
  readonly replyIds: readonly string[];
  /** Set when the preview part is not "1" and needs its own fetch. */
  readonly partRef: TextPartRef | null;
  readonly error: { reason: string; excerpt: string } | null;
  /** \Seen already: read in another mail app. */
  readonly seen: boolean;
}

const NO_PREVIEWS: ReadonlyMap<number, string> = new Map();

/** The highest UID up to which every UID of a sorted list is stored, whatever order they come in. */
export class UidPrefix {
  private next = 0;
  private readonly ahead = new Set<number>();

  constructor(private readonly sorted: readonly number[]) {}

  resolve(uid: number): void {
    if (uid !== this.sorted[this.next]) {
      if (uid > this.upTo()) this.ahead.add(uid); // one already passed is stored already
      return;
    }
    this.next++;
    while (this.next < this.sorted.length && this.ahead.delete(this.sorted[this.next] as number)) this.next++;
  }

  upTo(): number {
    return this.next > 0 ? (this.sorted[this.next - 1] as number) : 0;
  }
}

interface Conn {
  readonly name: string;
  readonly idleFolder: string | null;
  readonly pollFolders: readonly string[];
  client: ImapFlow | null;
  attempt: number;
  busy: boolean;
  dirty: boolean;
  /** Its folders the server does not have; looked for again on each poll round or heartbeat. */
  readonly missing: Set<string>;
  /** FLAGS updates with \Seen from IDLE, by UID (or by sequence number without CONDSTORE), for the next sync. */
  readonly seenUids: number[];
  readonly seenSeqs: number[];
  readonly signal: Signal;
  done: Promise<void> | undefined;
}

export class ImapSource implements Source {
  private readonly cfg: ImapConfig;
  private readonly accountId: string;
  private stopped = false;
  private readonly conns: Conn[] = [];
  private readonly connStatus = new Map<string, AccountStatus>();
  private lastStatusJson = '';
  private tokens: OAuthTokenManager | null = null;
  private readonly me: Set<string>;
  private readonly sentIds = new Set<string>();
  private sentCheckedAtMs = 0;
  private addedAtMs = 0;
  private lastCert: CertificateInfo | null = null;
  private holding = false;
  /** Whatever a previous run left in Lull/Held has gone back (done on the first connect only). */
  private returnedOnStart = false;
  private capTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private readonly random: () => number;
  private readonly ownMarks: OwnMarks;

  constructor(
    private readonly ctx: SourceContext,
    private readonly opts: ImapSourceOptions = {},
  ) {
    const config = ctx.account.config;
    if (config.kind !== 'imap') throw new Error(`ImapSource needs an imap account, got ${config.kind}`);
    this.cfg = config.imap;
    this.accountId = ctx.account.id;
    const me = (this.cfg.address || (this.cfg.username.includes('@') ? this.cfg.username : '')).toLowerCase();
    this.me = new Set(me ? [me] : []);
    this.random = opts.random ?? Math.random;
    this.ownMarks = new OwnMarks(() => ctx.now());
  }

  /* ---------- lifecycle ---------- */

  async start(): Promise<void> {
    const problem = imapConfigProblem(this.cfg);
    if (problem) {
      this.ctx.setStatus(status('error', problem));
      return;
    }
    const added = await this.ctx.cursor.get('imap:addedAtMs');
    this.addedAtMs = added ? Number(added) : this.ctx.now();
    if (!added) await this.ctx.cursor.set('imap:addedAtMs', String(this.addedAtMs));

    const folders = [...new Set(this.cfg.folders)];
    const ordered = folders.includes('INBOX') ? ['INBOX', ...folders.filter((f) => f !== 'INBOX')] : folders;
    const idle = ordered.slice(0, MAX_IDLE_FOLDERS);
    const poll = ordered.slice(MAX_IDLE_FOLDERS);
    for (const f of idle) this.conns.push(this.makeConn(`idle:${f}`, f, []));
    if (poll.length > 0) this.conns.push(this.makeConn('poll', null, poll));
    this.ctx.setStatus(status('connecting', `Connecting to ${this.cfg.host}`));
    for (const c of this.conns) c.done = this.loop(c);
  }

  async stop(opts: { readonly final?: boolean } = {}): Promise<void> {
    this.holding = false; // no new moves to Lull/Held from here on
    this.stopped = true;
    if (this.capTimer) clearTimeout(this.capTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const c of this.conns) {
      c.signal.fire();
      const client = c.client;
      if (client?.usable) {
        await waitAtMost(
          client.logout().catch(() => undefined),
          2000,
          undefined,
        );
      }
      client?.close();
    }
    await Promise.all(this.conns.map((c) => c.done ?? Promise.resolve()));
    // Quit, turned off or removed: held mail goes back now, so phones see it while Lull is not
    // running. Bounded, so Quit stays quick; what does not make it returns on the next start.
    if (opts.final && this.cfg.holdAtServer) {
      const back = this.withClient((client) => returnAllHeld(client)).then(
        (n) => n > 0 && this.ctx.log.info('returned held mail to INBOX on stop', { count: n }),
        (error: unknown) => this.ctx.log.info('held mail stays until the next start', { error }),
      );
      await waitAtMost(back, FINAL_RETURN_MS, undefined);
    }
  }

  /** Reconnect every connection now (after sleep or network return) and catch up. */
  wake(): void {
    for (const c of this.conns) {
      c.attempt = 0;
      c.client?.close();
      c.signal.fire();
    }
  }

  private makeConn(name: string, idleFolder: string | null, pollFolders: readonly string[]): Conn {
    return {
      name,
      idleFolder,
      pollFolders,
      client: null,
      attempt: 0,
      busy: false,
      dirty: false,
      missing: new Set(),
      seenUids: [],
      seenSeqs: [],
      signal: new Signal(),
      done: undefined,
    };
  }

  /* ---------- status ---------- */

  private setConnStatus(conn: Conn, s: AccountStatus): void {
    this.connStatus.set(conn.name, s);
    let worst: AccountStatus = s;
    for (const v of this.connStatus.values()) if (RANK[v.state] > RANK[worst.state]) worst = v;
    const json = JSON.stringify(worst);
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    this.ctx.setStatus(worst);
  }

  /* ---------- credentials ---------- */

  private async credentials(forceRefresh: boolean): Promise<ImapCredentials> {
    if (this.cfg.auth === 'oauth2') {
      if (!this.tokens) {
        const provider = this.cfg.oauthProvider ? getOAuthProvider(this.cfg.oauthProvider) : null;
        if (!provider)
          throw new OAuthError(
            'no-token',
            `No OAuth provider "${this.cfg.oauthProvider ?? ''}" is configured for this account.`,
          );
        this.tokens = new OAuthTokenManager(provider, this.accountId, this.ctx.secrets, () => this.ctx.now());
      }
      return { user: this.cfg.username, accessToken: await this.tokens.accessToken(forceRefresh) };
    }
    const pass = await this.ctx.secrets.get(this.accountId);
    redact.add(pass);
    if (!pass)
      throw Object.assign(new Error('No password is stored for this account.'), {
        authenticationFailed: true,
        responseText: 'No password is stored for this account.',
      });
    return { user: this.cfg.username, pass };
  }

  /**
   * OAuth: refresh the access token before it expires, so a reconnect or write-back never waits on
   * it. A revoked grant is reported at once as "sign in again" (the live session may still run).
   */
  private scheduleTokenRefresh(): void {
    const tokens = this.tokens;
    const at = tokens?.refreshAtMs;
    if (!tokens || at === null || at === undefined || this.refreshTimer) return;
    const delay = Math.min(Math.max(at - this.ctx.now(), 30_000), 2 ** 31 - 1);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (this.stopped) return;
      tokens
        .accessToken()
        .then(() => this.scheduleTokenRefresh())
        .catch((error: unknown) => {
          const f = this.failureOf(error);
          if (!f.retry) this.ctx.setStatus(this.blockedStatus(f));
        });
    }, delay);
    this.refreshTimer.unref();
  }

  /* ---------- the connection loop ---------- */

  private async loop(conn: Conn): Promise<void> {
    let authRetried = false;
    while (!this.stopped) {
      let failure: Failure | null = null;
      let client: ImapFlow | null = null;
      try {
        const creds = await this.credentials(authRetried);
        client = buildClient(this.cfg, creds, {
          log: this.ctx.log,
          ca: this.opts.ca,
          onCertificate: (cert) => {
            this.lastCert = cert;
          },
        });
        conn.client = client;
        client.on('error', (error: unknown) =>
          this.ctx.log.debug('imap connection error', { conn: conn.name, error }),
        );
        const closed = new Promise<void>((res) => client?.once('close', () => res()));
        this.setConnStatus(conn, status('connecting', `Connecting to ${this.cfg.host}`));
        await client.connect();
        if (this.stopped) break;
        conn.attempt = 0;
        authRetried = false;
        this.scheduleTokenRefresh();
        await this.serve(conn, client, closed);
      } catch (error) {
        failure = this.failureOf(error);
        if (!this.stopped)
          this.ctx.log.info('imap connection failed', {
            conn: conn.name,
            kind: failure.kind,
            message: failure.message,
          });
      } finally {
        client?.close();
        conn.client = null;
      }
      if (this.stopped) break;

      if (failure && !failure.retry) {
        if (
          failure.kind === 'auth' &&
          this.cfg.auth === 'oauth2' &&
          !authRetried &&
          !(failure as { revoked?: boolean }).revoked
        ) {
          authRetried = true; // the token may have just expired: one forced refresh, then stop
          continue;
        }
        this.setConnStatus(conn, this.blockedStatus(failure));
        await conn.signal.wait(null); // the user fixes it, or wake(): no retry storm
        authRetried = false;
        continue;
      }
      const delay = backoffMs(conn.attempt++, this.random);
      const retryAtMs = this.ctx.now() + delay;
      const why = failure ? failure.message : 'The server closed the connection.';
      this.setConnStatus(
        conn,
        status('offline', `${why} Retrying in ${Math.ceil(delay / 1000)} s.`, { retryAtMs }),
      );
      await conn.signal.wait(delay);
    }
  }

  private failureOf(error: unknown): Failure & { revoked?: boolean } {
    if (error instanceof OAuthError) {
      if (error.kind === 'revoked' || error.kind === 'no-token') {
        return { kind: 'auth', message: `${error.message}`, certificate: null, retry: false, revoked: true };
      }
      return { kind: 'error', message: error.message, certificate: null, retry: true };
    }
    if (error instanceof Error && (error as { code?: string }).code === 'ENOKEYCHAIN') {
      return { kind: 'no-keychain', message: error.message, certificate: null, retry: false };
    }
    return classifyError(error, this.cfg);
  }

  private blockedStatus(f: Failure): AccountStatus {
    if (f.kind === 'tls' && (f.certificate ?? this.lastCert)) {
      return status('tls-untrusted', f.message, { certificate: f.certificate ?? this.lastCert });
    }
    if (f.kind === 'auth') {
      const again = this.cfg.auth === 'oauth2' ? ' Sign in again.' : '';
      return status(
        'auth-failed',
        `${f.message}${again && !f.message.includes('Sign in again') ? again : ''}`,
      );
    }
    return status('error', f.message);
  }

  /** Runs one connected client until it closes. */
  private async serve(conn: Conn, client: ImapFlow, closed: Promise<void>): Promise<void> {
    let heartbeat: NodeJS.Timeout | null = null;
    conn.seenSeqs.length = 0; // sequence numbers mean nothing on a new connection (UIDs still do)
    try {
      if (conn.idleFolder) {
        const folder = conn.idleFolder;
        // One LIST serves both start-up looks (each would list every folder again).
        const folders = await client.list().catch(() => null);
        // Only once per start: a reconnect mid-focus (wake, a network blip) keeps held mail held.
        if (folder === 'INBOX' && !this.returnedOnStart) await this.startupReturnHeld(client, folders);
        // Listening before the first sync: an EXISTS for mail that arrives during the catch-up comes
        // with one of its later commands (a MOVE, a preview FETCH) and would be lost otherwise.
        client.on('exists', (e) => {
          if (folderKey(e.path) === folderKey(folder)) void this.runSync(conn, client, folder);
        });
        // Read on a phone or in webmail while we IDLE: the next sync looks the message up.
        client.on('flags', (e) => {
          if (folderKey(e.path) !== folderKey(folder) || !e.flags.has(SEEN)) return;
          if (e.uid) conn.seenUids.push(e.uid);
          else conn.seenSeqs.push(e.seq);
          void this.runSync(conn, client, folder);
        });
        await this.runSync(conn, client, folder);
        if (conn === this.conns[0] && this.sentStale() && client.usable && !this.stopped) {
          // One connection reads Sent, after the catch-up so new mail comes first: a reply in the
          // catch-up waits for its page's end, where a stale Sent list is read (see previewsOf).
          // Busy meanwhile, so an EXISTS now waits instead of sending INBOX commands while Sent is
          // selected; mail that came while Sent was selected raised none, so sync once more after.
          conn.busy = true;
          try {
            await this.refreshSent(client, true, folders);
          } finally {
            conn.busy = false;
          }
          await this.runSync(conn, client, folder);
        }
        if (!conn.busy) this.setConnStatus(conn, this.restingStatus(conn));
        heartbeat = setInterval(() => this.heartbeat(conn, client), this.opts.heartbeatMs ?? HEARTBEAT_MS);
        await closed;
      } else {
        this.setConnStatus(conn, this.restingStatus(conn));
        let open = true;
        void closed.then(() => {
          open = false;
          conn.signal.fire();
        });
        while (open && !this.stopped) {
          for (const folder of conn.pollFolders) {
            if (!open || this.stopped) break;
            await this.pollFolder(conn, client, folder);
          }
          if (open && !conn.busy) this.setConnStatus(conn, this.restingStatus(conn));
          await conn.signal.wait(this.cfg.pollIntervalSec * 1000);
        }
      }
    } finally {
      if (heartbeat) clearInterval(heartbeat);
    }
  }

  private heartbeat(conn: Conn, client: ImapFlow): void {
    if (conn.busy || !client.usable) return;
    if (conn.idleFolder && conn.missing.has(conn.idleFolder)) {
      // The SELECT is the look for the folder and the liveness check at once.
      void this.runSync(conn, client, conn.idleFolder);
      return;
    }
    void waitAtMost(
      client.noop().then(() => true),
      this.opts.heartbeatTimeoutMs ?? HEARTBEAT_TIMEOUT_MS,
      false,
    )
      .catch(() => false)
      .then((alive) => {
        if (!alive) {
          this.ctx.log.info('imap heartbeat failed; reconnecting', { conn: conn.name });
          client.close();
        }
      });
  }

  /** STATUS first; select and fetch only when something changed. */
  private async pollFolder(conn: Conn, client: ImapFlow, folder: string): Promise<void> {
    let st: Awaited<ReturnType<ImapFlow['status']>>;
    try {
      st = await client.status(folder, { uidNext: true, uidValidity: true, highestModseq: true });
    } catch (error) {
      if (!(await isMissingFolder(client, folder, error))) throw error;
      this.folderMissing(conn, folder);
      return;
    }
    this.folderBack(conn, folder);
    if (!st) return;
    const k = this.key(folder);
    const [uv, last, modseq] = await Promise.all([
      this.ctx.cursor.get(k('uidvalidity')),
      this.ctx.cursor.get(k('lastUid')),
      this.ctx.cursor.get(k('highestModseq')),
    ]);
    const flagsChanged =
      st.highestModseq !== undefined && modseq !== null && String(st.highestModseq) !== modseq;
    const unchanged =
      uv === String(st.uidValidity) &&
      last !== null &&
      (st.uidNext ?? 0) - 1 <= Number(last) &&
      !flagsChanged;
    if (unchanged) return;
    // A fresh SELECT: what changed since the saved mod-sequence is asked of it (see syncFolder).
    if (flagsChanged && client.mailbox && client.mailbox.path === folder) await client.mailboxClose();
    await this.runSync(conn, client, folder);
  }

  /** One sync at a time per connection; EXISTS during a sync runs another right after. */
  private async runSync(conn: Conn, client: ImapFlow, folder: string): Promise<void> {
    if (conn.busy) {
      conn.dirty = true;
      return;
    }
    conn.busy = true;
    try {
      do {
        conn.dirty = false;
        await this.syncFolder(conn, client, folder);
      } while (conn.dirty && client.usable && !this.stopped);
      this.folderBack(conn, folder);
    } catch (error) {
      if (error instanceof MissingFolderError) {
        this.folderMissing(conn, folder);
        return;
      }
      if (client.usable) this.ctx.log.warn('imap sync failed; reconnecting', { folder, error });
      client.close();
    } finally {
      conn.busy = false;
    }
  }

  private key(folder: string): (name: string) => string {
    return (name) => `imap:${folder}:${name}`;
  }

  private async select(client: ImapFlow, folder: string): Promise<{ box: MailboxObject; fresh: boolean }> {
    const current = client.mailbox;
    if (current && current.path === folder) return { box: current, fresh: false };
    try {
      return { box: await client.mailboxOpen(folder), fresh: true };
    } catch (error) {
      if (await isMissingFolder(client, folder, error)) throw new MissingFolderError(folder);
      throw error;
    }
  }

  /** Skips a folder the server does not have, without reconnecting: the others stay watched. */
  private folderMissing(conn: Conn, folder: string): void {
    if (conn.missing.has(folder)) return;
    this.ctx.log.warn('imap folder does not exist', { folder });
    conn.missing.add(folder);
    this.missingChanged(conn);
  }

  private folderBack(conn: Conn, folder: string): void {
    if (!conn.missing.delete(folder)) return;
    this.ctx.log.info('imap folder is back', { folder });
    this.missingChanged(conn);
  }

  /** Every connection's missing-folder line names all of the account's missing folders. */
  private missingChanged(conn: Conn): void {
    for (const c of this.conns) {
      if (c !== conn && c.missing.size > 0 && !c.busy) this.connStatus.set(c.name, this.restingStatus(c));
    }
    this.setConnStatus(conn, this.restingStatus(conn));
  }

  /** A connection's status between syncs: watching, or which of its folders are missing. */
  private restingStatus(conn: Conn): AccountStatus {
    if (conn.missing.size > 0)
      return status('error', missingDetail(this.conns.flatMap((c) => [...c.missing])));
    if (conn.idleFolder) return status('connected', `Watching ${conn.idleFolder}`);
    return status('connected', `Checking ${conn.pollFolders.length} folders`);
  }

  private async syncFolder(conn: Conn, client: ImapFlow, folder: string): Promise<void> {
    const { box, fresh } = await this.select(client, folder);
    const k = this.key(folder);
    const uidValidity = String(box.uidValidity);
    const saved = await this.ctx.cursor.get(k('uidvalidity'));
    const lastUid = Number((await this.ctx.cursor.get(k('lastUid'))) ?? 0);
    const modseq = box.highestModseq !== undefined ? String(box.highestModseq) : null;

    if (saved === null) {
      // First connect: only mail since the account was added (or the recent window) becomes items.
      const threshold = this.addedAtMs - this.cfg.recentWindowMin * 60_000 - 1000;
      const uids = await this.uidsSince(client, threshold);
      await this.ingestUids(conn, client, folder, uids, false);
      await this.ctx.cursor.set(k('lastUid'), String(Math.max(box.uidNext - 1, ...uids, 0)));
      await this.ctx.cursor.set(k('uidvalidity'), uidValidity);
    } else if (saved !== uidValidity) {
      // UIDs mean nothing now: refetch what arrived since the last mail we saw; Message-IDs dedupe.
      this.ctx.log.info('UIDVALIDITY changed; resyncing by Message-ID', {
        folder,
        was: saved,
        now: uidValidity,
      });
      conn.seenUids.length = 0; // old UIDs name nothing now
      const lastSeen = Number((await this.ctx.cursor.get(k('lastSeenMs'))) ?? this.addedAtMs);
      const uids = await this.uidsSince(client, lastSeen - 60_000);
      await this.ingestUids(conn, client, folder, uids, false);
      await this.ctx.cursor.set(k('lastUid'), String(Math.max(box.uidNext - 1, ...uids, 0)));
      await this.ctx.cursor.set(k('uidvalidity'), uidValidity);
    } else {
      const savedModseq = await this.ctx.cursor.get(k('highestModseq'));
      // CONDSTORE: nothing changed at all since we last looked, so skip the search.
      const unchanged = fresh && modseq !== null && savedModseq === modseq && box.uidNext - 1 <= lastUid;
      if (!unchanged) {
        const found = await client.search({ uid: `${lastUid + 1}:*` }, { uid: true });
        const uids = (found || []).filter((u) => u > lastUid);
        await this.ingestUids(conn, client, folder, uids, true);
      }
      // Flags that changed while we were away (CONDSTORE), else only what IDLE told us.
      const since = fresh && !unchanged && modseq !== null && savedModseq !== null ? savedModseq : null;
      try {
        await this.readElsewhere(conn, client, folder, lastUid, since);
      } catch (error) {
        // Best effort: a server that refuses the lookup must not make the connection loop.
        if (!client.usable) throw error;
        this.ctx.log.warn('imap read-elsewhere lookup failed', { folder, error });
      }
    }
    if (modseq !== null && fresh) await this.ctx.cursor.set(k('highestModseq'), modseq);
  }

  /**
   * Tells the engine which of the folder's known messages are \Seen now: those whose flags changed
   * since `sinceModseq`, and those IDLE reported. Lull's own marks are left out.
   */
  private async readElsewhere(
    conn: Conn,
    client: ImapFlow,
    folder: string,
    lastUid: number,
    sinceModseq: string | null,
  ): Promise<void> {
    const ctx = this.parseContext(folder);
    const ids: string[] = [];
    if (sinceModseq !== null && lastUid > 0) {
      const opts = { uid: true, changedSince: BigInt(sinceModseq) };
      ids.push(...(await seenIds(client, `1:${lastUid}`, HASH_QUERY, ctx, opts)));
    }
    const uids = conn.seenUids.splice(0);
    if (uids.length > 0) ids.push(...(await seenIds(client, uidSet(uids), HASH_QUERY, ctx, { uid: true })));
    const seqs = conn.seenSeqs.splice(0);
    if (seqs.length > 0) ids.push(...(await seenIds(client, uidSet(seqs), HASH_QUERY, ctx, { uid: false })));
    const theirs = this.ownMarks.others(ids);
    if (theirs.length > 0) this.ctx.readElsewhere(theirs);
  }

  /** UIDs whose INTERNALDATE is at or after sinceMs (SEARCH SINCE is by day, so filter precisely). */
  private async uidsSince(client: ImapFlow, sinceMs: number): Promise<number[]> {
    const day = new Date(sinceMs - 24 * 3600_000);
    const found = await client.search({ since: day }, { uid: true });
    if (!found || found.length === 0) return [];
    const out: number[] = [];
    for (let i = 0; i < found.length; i += FETCH_CHUNK) {
      const chunk = found.slice(i, i + FETCH_CHUNK);
      for await (const m of client.fetch(uidSet(chunk), { uid: true, internalDate: true }, { uid: true })) {
        const t = m.internalDate ? new Date(m.internalDate).getTime() : 0;
        if (t >= sinceMs) out.push(m.uid);
      }
    }
    return out.sort((a, b) => a - b);
  }

  /**
   * Fetch, parse and ingest these UIDs: one streaming FETCH per FETCH_CHUNK UIDs, committed every
   * INGEST_BATCH messages as they arrive, so memory stays flat and the server keeps sending while a
   * batch is stored (separate page FETCHes cost a round trip each and left the server idle meanwhile).
   * With `advance`, lastUid moves with each batch, in the same transaction, but only past UIDs that
   * are all stored: a message that needs a second command (another preview part, a stale Sent list)
   * waits for the end of the stream, and the cursor waits below it.
   */
  private async ingestUids(
    conn: Conn,
    client: ImapFlow,
    folder: string,
    uids: readonly number[],
    advance: boolean,
  ): Promise<void> {
    const total = uids.length;
    if (total === 0) return;
    const k = this.key(folder);
    const showProgress = total > INGEST_BATCH;
    const sorted = [...uids].sort((a, b) => a - b);
    const cursor = new UidPrefix(sorted);
    let lastSeenMs = Number((await this.ctx.cursor.get(k('lastSeenMs'))) ?? 0);
    const sentStale = this.sentStale();
    const toHold: number[] = [];
    let done = 0;
    const parseCtx = this.parseContext(folder);

    /** Stores these; with `chunk`, that FETCH is over, so its UIDs the server did not return are gone. */
    const commit = async (
      slims: readonly Slim[],
      previews: ReadonlyMap<number, string>,
      chunk: readonly number[] | null,
    ) => {
      const items: { uid: number; item: ItemInput }[] = [];
      for (const s of slims) {
        if (s.internalDateMs > lastSeenMs) lastSeenMs = s.internalDateMs;
        cursor.resolve(s.uid);
        if (s.item) items.push({ uid: s.uid, item: this.finish(s.item, s.replyIds, previews.get(s.uid)) });
        else await this.rejectUnreadable(folder, s);
      }
      if (chunk) for (const uid of chunk) cursor.resolve(uid);
      const cursors: Record<string, string> = {};
      if (lastSeenMs > 0) cursors[k('lastSeenMs')] = String(lastSeenMs);
      if (advance && cursor.upTo() > 0) cursors[k('lastUid')] = String(cursor.upTo());
      // Read elsewhere already (before Lull saw it): stored done, and no notification.
      const read = new Set(slims.filter((s) => s.seen && s.item).map((s) => s.uid));
      const readIds = new Set(items.filter((x) => read.has(x.uid)).map((x) => x.item.externalId));
      // The batch's items and the cursor past them commit together.
      const result = await this.ctx.ingest(
        items.map((x) => x.item),
        cursors,
        readIds.size > 0 ? { read: readIds } : undefined,
      );
      if (this.holding && folder === 'INBOX') {
        // Mail already read stays where the user read it.
        const held = new Set(result.held ?? []);
        for (const x of items) if (held.has(x.item.externalId) && !read.has(x.uid)) toHold.push(x.uid);
      }
      done += slims.length;
      if (showProgress && done < total) {
        this.setConnStatus(
          conn,
          status('catching-up', `Catching up ${done}/${total} in ${folder}`, { progress: { done, total } }),
        );
      }
    };

    if (showProgress) {
      this.setConnStatus(
        conn,
        status('catching-up', `Catching up 0/${total} in ${folder}`, { progress: { done: 0, total } }),
      );
    }
    for (let i = 0; i < total; i += FETCH_CHUNK) {
      const chunk = sorted.slice(i, i + FETCH_CHUNK);
      const later: Slim[] = [];
      let batch: Slim[] = [];
      for await (const m of client.fetch(uidSet(chunk), FETCH_QUERY, { uid: true })) {
        const s = this.slim(m, parseCtx);
        if (s.partRef || (sentStale && s.replyIds.length > 0)) later.push(s);
        else batch.push(s);
        if (batch.length >= INGEST_BATCH) {
          const full = batch;
          batch = [];
          await commit(full, NO_PREVIEWS, null);
          // imapflow hands over a fast stream through microtasks and immediates only, so timers
          // (state events, heartbeats, the release schedule) would wait for the whole stream.
          await new Promise((resolve) => setTimeout(resolve, 0));
        }
      }
      // This FETCH is over, so other commands can run: preview parts, the Sent list, the hold moves.
      const previews = later.length > 0 ? await this.previewsOf(client, folder, later) : NO_PREVIEWS;
      await commit(batch.concat(later), previews, chunk);
      if (toHold.length > 0) await this.holdNew(client, toHold.splice(0));
    }
    if (showProgress) this.setConnStatus(conn, status('connected', `Watching ${folder}`));
  }

  /**
   * A fetched message reduced at once to what the item needs, so a page in memory is small (the raw
   * envelope, structure and buffers become garbage right away instead of surviving the page).
   */
  private slim(m: FetchMessageObject, ctx: ParseContext): Slim {
    const internalDateMs = m.internalDate ? new Date(m.internalDate).getTime() : 0;
    let ref: TextPartRef | null;
    try {
      ref = pickTextPart(m.bodyStructure);
    } catch {
      ref = null;
    }
    const one = ref && ref.part === '1' ? m.bodyParts?.get('1') : undefined;
    try {
      const parsed = messageToItem(m, one, ref, ctx);
      return {
        uid: m.uid,
        internalDateMs,
        item: parsed.item,
        replyIds: parsed.replyIds,
        partRef: ref && !one ? ref : null,
        error: null,
        seen: isSeen(m),
      };
    } catch (error) {
      const excerpt = m.headers
        ? m.headers.toString('utf8', 0, Math.min(m.headers.length, 300))
        : `uid ${m.uid}`;
      return {
        uid: m.uid,
        internalDateMs,
        item: null,
        replyIds: [],
        partRef: null,
        error: { reason: error instanceof Error ? error.message : String(error), excerpt },
        seen: false,
      };
    }
  }

  /**
   * Previews from parts other than "1" (e.g. 1.1 in multipart/mixed → alternative), one FETCH per
   * part id; and the Sent list read again if it is stale and some of these are replies.
   */
  private async previewsOf(
    client: ImapFlow,
    folder: string,
    slims: readonly Slim[],
  ): Promise<Map<number, string>> {
    const byPart = new Map<string, Slim[]>();
    for (const s of slims)
      if (s.partRef) byPart.set(s.partRef.part, [...(byPart.get(s.partRef.part) ?? []), s]);
    const previews = new Map<number, string>();
    for (const [part, list] of byPart) {
      const refOf = new Map(list.map((s) => [s.uid, s.partRef]));
      try {
        const query = { uid: true, bodyParts: [{ key: part, start: 0, maxLength: PREVIEW_FETCH_BYTES }] };
        for await (const m of client.fetch(uidSet(list.map((s) => s.uid)), query, { uid: true })) {
          previews.set(m.uid, previewFromPart(m.bodyParts?.get(part), refOf.get(m.uid) ?? null));
        }
      } catch (error) {
        this.ctx.log.debug('preview part fetch failed', { part, error });
      }
    }
    const hasReplies = slims.some((s) => s.replyIds.length > 0);
    if (hasReplies && this.sentStale()) {
      await this.refreshSent(client, false);
      await this.select(client, folder);
    }
    return previews;
  }

  /** Records a message that could not be parsed, so the user can see what was skipped and why. */
  private async rejectUnreadable(folder: string, s: Slim): Promise<void> {
    await this.ctx.reject(
      `IMAP message ${folder}/${s.uid} could not be read: ${s.error?.reason ?? 'unknown'}`,
      s.error?.excerpt ?? '',
    );
  }

  /** The parsed message's item with its preview and "my thread" hint. */
  private finish(parsed: ItemInput, replyIds: readonly string[], preview: string | undefined): ItemInput {
    let item = parsed;
    if (preview !== undefined) item = { ...item, preview };
    if (!item.hints.myThread && replyIds.some((id) => this.sentIds.has(id)))
      item = { ...item, hints: { ...item.hints, myThread: true } };
    return item;
  }

  private sentStale(): boolean {
    return this.sentCheckedAtMs + SENT_REFRESH_MS < this.ctx.now();
  }

  /** Message-IDs of my sent mail (the \Sent special-use folder), for the "my thread" hint. */
  private async refreshSent(
    client: ImapFlow,
    initial: boolean,
    folders: readonly ListResponse[] | null = null,
  ): Promise<void> {
    this.sentCheckedAtMs = this.ctx.now();
    try {
      const list = folders ?? (await client.list());
      const sent = list.find((m) => m.specialUse === '\\Sent');
      if (!sent) return;
      const k = 'imap:sent:lastUid';
      const last = Number((await this.ctx.cursor.get(k)) ?? 0);
      const st = await client.status(sent.path, { uidNext: true, messages: true });
      if (!st || (!initial && (st.uidNext ?? 0) - 1 <= last && this.sentIds.size > 0)) return;
      const box = await client.mailboxOpen(sent.path, { readOnly: true });
      if (box.exists === 0) return;
      const from = Math.max(1, box.exists - SENT_IDS_MAX + 1);
      for await (const m of client.fetch(`${from}:*`, { uid: true, headers: ['message-id'] })) {
        const id = messageIds(parseHeaderBlock(m.headers)['message-id']?.[0])[0];
        if (id) this.sentIds.add(id);
      }
      while (this.sentIds.size > SENT_IDS_MAX) {
        const oldest = this.sentIds.values().next().value;
        if (oldest === undefined) break;
        this.sentIds.delete(oldest);
      }
      await this.ctx.cursor.set(k, String(box.uidNext - 1));
      await client.mailboxClose();
    } catch (error) {
      this.ctx.log.debug('could not read the Sent folder', { error });
    }
  }

  /* ---------- write-back ---------- */

  /** A short-lived connection for write-back, so the IDLE connections keep their mailbox. */
  private async withClient<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = buildClient(this.cfg, await this.credentials(false), {
      log: this.ctx.log,
      ca: this.opts.ca,
    });
    client.on('error', () => undefined);
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  async markRead(items: readonly StoredItem[]): Promise<{ marked: number; failed: number }> {
    const byFolder = new Map<string, StoredItem[]>();
    for (const i of items) byFolder.set(i.container, [...(byFolder.get(i.container) ?? []), i]);
    let marked = 0;
    let failed = 0;
    await this.withClient(async (client) => {
      for (const [folder, group] of byFolder) {
        try {
          await client.mailboxOpen(folder);
        } catch {
          failed += group.length;
          continue;
        }
        for (const item of group) {
          const uids = item.externalId.startsWith('h:')
            ? await this.uidsByHash(client, folder, item)
            : await client.search({ header: { 'message-id': item.externalId } }, { uid: true });
          if (!uids || uids.length === 0) {
            failed++;
            continue;
          }
          this.ownMarks.add([item.externalId]);
          await client.messageFlagsAdd(uidSet(uids), [SEEN], { uid: true });
          marked++;
        }
      }
    });
    return { marked, failed };
  }

  private parseContext(folder: string): ParseContext {
    return {
      accountId: this.accountId,
      folder,
      host: this.cfg.host,
      user: this.cfg.username,
      me: this.me,
      sentIds: this.sentIds,
    };
  }

  /**
   * Mail without a Message-ID is found again by its hash id: the sender's mail around its date is
   * fetched and hashed the way it was when it arrived (messageToItem), and only an exact match counts.
   */
  private async uidsByHash(client: ImapFlow, folder: string, item: StoredItem): Promise<number[]> {
    const since = new Date(item.receivedAtMs - 2 * DAY_MS);
    const address = item.sender.address;
    const candidates = await client.search(address ? { from: address, since } : { since }, { uid: true });
    if (!candidates || candidates.length === 0) return [];
    const ctx = this.parseContext(folder);
    const found: number[] = [];
    // The newest few hundred: a sender's mail in those days, bounded so one lookup stays one round trip.
    const recent = [...candidates].sort((a, b) => a - b).slice(-HASH_LOOKUP_MAX);
    for await (const m of client.fetch(uidSet(recent), HASH_QUERY, { uid: true })) {
      try {
        if (messageToItem(m, undefined, null, ctx).item.externalId === item.externalId) found.push(m.uid);
      } catch {
        // A message that cannot be parsed now could not have been this item.
      }
    }
    return found;
  }

  /** On start (INBOX connection): whatever sits in Lull/Held goes back, so nothing is ever stranded. */
  private async startupReturnHeld(client: ImapFlow, folders: readonly ListResponse[] | null): Promise<void> {
    try {
      if (folders ? heldFolderIn(folders) : await findHeldFolder(client)) {
        const n = await returnAllHeld(client);
        if (n > 0) this.ctx.log.info('returned held mail to INBOX', { count: n });
      }
      this.returnedOnStart = true;
    } catch (error) {
      this.ctx.log.warn('could not return held mail', { error });
    }
  }

  private async holdNew(client: ImapFlow, uids: readonly number[]): Promise<void> {
    if (uids.length === 0) return;
    try {
      const path = await ensureHeldFolder(client);
      await moveToHeld(client, uids, path);
    } catch (error) {
      this.ctx.log.warn('could not hold mail at the server', { error });
    }
  }

  async onFocusChange(focus: FocusState, nextReleaseAtMs: number | null): Promise<void> {
    const hold = this.cfg.holdAtServer && focus.on;
    const was = this.holding;
    this.holding = hold;
    if (this.capTimer) clearTimeout(this.capTimer);
    this.capTimer = null;
    if (hold && nextReleaseAtMs !== null) {
      // Safety net for the hard cap: even if no release reaches us, nothing stays held past it.
      const ms = Math.max(0, nextReleaseAtMs - this.ctx.now()) + 60_000;
      this.capTimer = setTimeout(() => void this.returnHeld(), Math.min(ms, 2 ** 31 - 1));
    }
    if (was && !hold) await this.returnHeld();
  }

  async onRelease(_items: readonly StoredItem[]): Promise<void> {
    await this.returnHeld();
  }

  /** Everything in Lull/Held back to INBOX (also used when the feature is turned off). */
  async returnHeld(): Promise<number> {
    if (this.stopped) return 0;
    return this.withClient((client) => returnAllHeld(client));
  }
}

import { z } from 'zod';

/** IMAP account settings. Secrets (password, refresh token) never appear here: they live in the keychain. */
export const imapConfigSchema = z.object({
  host: z.string().trim().min(1, 'Host is required').max(253),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['tls', 'starttls', 'plain']),
  /** Plain connections are only for localhost and must be confirmed by the user. */
  plainConfirmed: z.boolean().default(false),
  username: z.string().min(1, 'Username is required').max(320),
  auth: z.enum(['password', 'oauth2']).default('password'),
  /** OAuth provider key from configuration (client ids are not hard-coded in the flow). */
  oauthProvider: z.string().max(64).nullable().default(null),
  folders: z.array(z.string().min(1).max(512)).min(1).max(50).default(['INBOX']),
  /** SHA-256 fingerprint (hex, colon separated) of a certificate the user chose to trust for this account. */
  pinnedCertSha256: z.string().max(200).nullable().default(null),
  holdAtServer: z.boolean().default(false),
  markReadOnDone: z.boolean().default(false),
  /** Only mail newer than this many minutes before the account was added becomes items on first connect. */
  recentWindowMin: z
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(0),
  /** My address, for "cc'd" and "my thread"; empty = the username when it is an address. */
  address: z.string().max(320).default(''),
  /** How often folders beyond the IDLE ones (INBOX + 2) are checked with STATUS. */
  pollIntervalSec: z.number().int().min(15).max(3600).default(60),
});

/** Hosts allowed for an unencrypted connection (and only once the user confirmed it). */
export const LOCAL_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '::1', '[::1]'];

/** Settings that parse but must not be used: plain text off localhost, or unconfirmed. */
export function imapConfigProblem(
  c: Pick<ImapConfig, 'host' | 'security' | 'plainConfirmed'>,
): string | null {
  if (c.security !== 'plain') return null;
  if (!LOCAL_HOSTS.includes(c.host.toLowerCase()))
    return 'A connection without encryption is only allowed to this computer (localhost). Use TLS or STARTTLS.';
  if (!c.plainConfirmed) return 'Confirm that you want to connect without encryption.';
  return null;
}
export type ImapConfig = z.infer<typeof imapConfigSchema>;

/** A folder name as compared with another: INBOX in any case is INBOX (RFC 3501); other names are exact. */
export function folderKey(folder: string): string {
  return folder.toUpperCase() === 'INBOX' ? 'INBOX' : folder;
}

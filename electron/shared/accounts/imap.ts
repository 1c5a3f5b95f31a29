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
  recentWindowMin: z.number().int().min(0).max(7 * 24 * 60).default(0),
});
export type ImapConfig = z.infer<typeof imapConfigSchema>;

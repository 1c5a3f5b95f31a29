import { z } from 'zod';

export const slackConfigSchema = z.object({
  teamId: z.string().max(64).nullable().default(null),
  teamName: z.string().max(200).nullable().default(null),
  /** Channels (ids) the user chose to watch besides DMs, mentions and own threads. */
  channels: z.array(z.string().max(64)).max(1000).default([]),
  mirrorFocus: z.boolean().default(false),
});
export type SlackConfig = z.infer<typeof slackConfigSchema>;

export const teamsConfigSchema = z.object({
  /** The app registration's Application (client) id: a public client with delegated permissions. */
  clientId: z.string().max(100).default(''),
  /** Tenant id or domain; 'organizations' or 'common' for any work account. */
  tenant: z.string().max(100).default('common'),
  mirrorFocus: z.boolean().default(false),
  /** Channels to watch besides chats (needs ChannelMessage.Read.All, which an admin must consent to). */
  channels: z
    .array(
      z.object({
        teamId: z.string().min(1).max(100),
        channelId: z.string().min(1).max(200),
        name: z.string().max(200).default(''),
      }),
    )
    .max(50)
    .default([]),
});
export type TeamsConfig = z.infer<typeof teamsConfigSchema>;

export const webhookConfigSchema = z.object({
  /** 0 = pick a free port on 127.0.0.1. */
  port: z.number().int().min(0).max(65535).default(0),
  /** Bodies above this are refused with 413. */
  maxBodyBytes: z.number().int().min(1024).max(1_048_576).default(65_536),
  /** Requests per minute (token bucket, burst of a fifth); above it: 429 with Retry-After. */
  perMinute: z.number().int().min(1).max(6000).default(120),
});
export type WebhookConfig = z.infer<typeof webhookConfigSchema>;

export const demoConfigSchema = z.object({
  /** Sample notifications per minute. */
  perMinute: z.number().min(0.1).max(600).default(2),
});
export type DemoConfig = z.infer<typeof demoConfigSchema>;

/**
 * What the Slack account's keychain entry holds: both tokens, as one JSON string.
 * userToken (xoxp) reads messages and mirrors focus; appToken (xapp, scope connections:write) opens Socket Mode.
 */
export const slackSecretSchema = z.object({
  userToken: z
    .string()
    .regex(/^xoxp-/, 'Paste the User OAuth Token (starts with xoxp-)')
    .max(500),
  appToken: z
    .string()
    .regex(/^xapp-/, 'Paste the App-Level Token (starts with xapp-)')
    .max(500),
});
export type SlackSecret = z.infer<typeof slackSecretSchema>;

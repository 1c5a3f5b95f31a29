import { describe, expect, it } from 'vitest';
import { webhookItemSchema } from '../../../../../electron/engine/sources/webhook/webhook-source';

describe('webhookItemSchema', () => {
  it('accepts a minimal body and fills defaults', () => {
    expect(webhookItemSchema.parse({ title: 'Deploy failed' })).toEqual({
      title: 'Deploy failed',
      text: '',
      from: { name: '', address: '' },
      channel: 'webhook',
    });
  });
  it('accepts every documented field', () => {
    const r = webhookItemSchema.safeParse({
      id: 'x1',
      title: 't',
      text: 'b',
      from: { name: 'CI', address: 'ci@example.com' },
      url: 'https://ci.example/1',
      thread: 'build-1',
      channel: 'ci',
      hints: { bot: true, mention: false },
      time: '2025-06-02T08:00:00Z',
    });
    expect(r.success).toBe(true);
  });
  it('names unknown and bad fields', () => {
    const r = webhookItemSchema.safeParse({
      title: ' ',
      url: 'file:///etc/passwd',
      extra: 1,
      from: { name: 'x', phone: '1' },
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['title', 'url', 'from']));
    expect(r.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });
});

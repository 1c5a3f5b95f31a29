/** TLS with a self-signed CA: refused with the certificate shown, then pinned and trusted. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { makeRawMessage, startDovecot, type DovecotServer } from '../../support/dovecot';
import { addImap, allItems, dbPath, openEngine, plainConfig, waitFor, waitForState } from './helpers';

let server: DovecotServer;
beforeAll(async () => {
  server = await startDovecot();
});
afterAll(async () => {
  await server?.stop();
});

for (const mode of ['tls', 'starttls'] as const) {
  it(`${mode}: an untrusted certificate is refused, then accepted once pinned (and only that one)`, async () => {
    const engine = await openEngine(dbPath(`tls-${mode}`));
    try {
      const config = plainConfig(server, {
        host: 'localhost',
        security: mode,
        port: mode === 'tls' ? server.imapsPort : server.imapPort,
        plainConfirmed: false,
      });
      const account = await addImap(engine, config);
      const s = await waitForState(engine, account.id, 'tls-untrusted');
      expect(s.certificate?.issuer).toContain('Lull Test CA');
      expect(s.certificate?.subject).toContain('localhost');
      expect(s.retryAtMs).toBeNull();

      // A wrong pin is still refused.
      await engine.api.trustCertificate({ id: account.id, sha256: 'AA:'.repeat(31) + 'AA' });
      await waitForState(engine, account.id, 'tls-untrusted');

      await engine.api.trustCertificate({ id: account.id, sha256: s.certificate?.sha256 ?? '' });
      await waitForState(engine, account.id, 'connected');
      const c = await server.client();
      await c.append('INBOX', makeRawMessage({ subject: `over ${mode}`, messageId: `tls-${mode}@x` }));
      await c.logout();
      const item = await waitFor(`item over ${mode}`, async () =>
        (await allItems(engine)).find((i) => i.title === `over ${mode}`),
      );
      expect(item.externalId).toBe(`tls-${mode}@x`);
    } finally {
      await engine.close();
    }
  });
}

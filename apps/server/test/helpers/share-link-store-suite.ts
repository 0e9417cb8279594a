/**
 * What every share-link store does, whatever it keeps links in: one suite, run against SQLite
 * (share-store.test.ts) and the Kubernetes API (kube-share-store.integration.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ShareLinkStore } from '../../src/access/share-link-store.ts';

export interface StoreHarness {
  /** A store on fresh, empty storage, reading the time from `now`. */
  open(now: () => number): Promise<ShareLinkStore>;
  /** Another store on the same storage (a restart, or another replica). */
  reopen(now: () => number): Promise<ShareLinkStore>;
}

const HOUR = 3_600_000;
const input = { label: 'shop team', namespaces: ['shop'], expiresInMs: HOUR, createdBy: 'admin' };

export function describeShareLinkStore(name: string, harness: () => StoreHarness): void {
  describe(`share-link store: ${name}`, () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const clock = () => now;
    const opened: ShareLinkStore[] = [];
    const open = async (which: 'open' | 'reopen', current: StoreHarness) => {
      const store = await current[which](clock);
      opened.push(store);
      return store;
    };

    afterEach(async () => {
      for (const store of opened.splice(0)) await store.close();
      now = Date.parse('2026-12-01T10:00:00Z');
    });

    it('opens a link with the token it returned once, and with nothing else', async () => {
      const store = await open('open', harness());
      const { link, token } = await store.create({ ...input, cluster: 'prod', routes: ['shop/cart'] });
      expect(link).toMatchObject({
        label: 'shop team',
        cluster: 'prod',
        namespaces: ['shop'],
        routes: ['shop/cart'],
        createdBy: 'admin',
        uses: 0,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + HOUR).toISOString(),
      });
      expect(link.revokedAt).toBeUndefined();
      expect(store.verify(token)?.id).toBe(link.id);
      expect(store.isActive(link.id)).toBe(true);
      const [prefix, secret] = token.split('.');
      expect(store.verify(`${prefix}.${secret?.slice(0, -2)}xx`)).toBeUndefined();
      expect(store.verify(`${prefix}.`)).toBeUndefined();
      expect(store.verify('gms_unknown.abc')).toBeUndefined();
      expect(store.verify('not a token')).toBeUndefined();
      expect(store.verify(`gms_${'a'.repeat(300)}`)).toBeUndefined();
      expect(await store.get(link.id)).toEqual(link);
    });

    it('refuses a revoked link at once, and keeps it in the list marked revoked', async () => {
      const store = await open('open', harness());
      const { link, token } = await store.create(input);
      const other = await store.create({ ...input, label: 'other' });
      now += 1000;
      const revoked = await store.revoke(link.id);
      expect(revoked?.revokedAt).toBe(new Date(now).toISOString());
      expect(store.verify(token)).toBeUndefined();
      expect(store.isActive(link.id)).toBe(false);
      expect(store.verify(other.token)?.id).toBe(other.link.id);
      const listed = await store.list();
      expect(listed.map((entry) => entry.id).sort()).toEqual([link.id, other.link.id].sort());
      expect(listed.find((entry) => entry.id === link.id)?.revokedAt).toBe(revoked?.revokedAt);
      expect(await store.revoke('nosuchlink')).toBeUndefined();
    });

    it('refuses a link once it expires', async () => {
      const store = await open('open', harness());
      const { link, token } = await store.create({ ...input, expiresInMs: 60_000 });
      now += 59_000;
      expect(store.verify(token)?.id).toBe(link.id);
      now += 1000;
      expect(store.verify(token)).toBeUndefined();
      expect(store.isActive(link.id)).toBe(false);
    });

    it('lists the newest link first', async () => {
      const store = await open('open', harness());
      const first = await store.create({ ...input, label: 'first' });
      now += 1000;
      const second = await store.create({ ...input, label: 'second' });
      expect((await store.list()).map((link) => link.id)).toEqual([second.link.id, first.link.id]);
    });

    it('counts uses by kind and address, and keeps the last one', async () => {
      const store = await open('open', harness());
      const { link } = await store.create(input);
      const start = now;
      for (let i = 0; i < 5; i++) {
        now += 1000;
        store.recordUse(link.id, 'api', '10.0.0.7');
      }
      store.recordUse(link.id, 'open', '10.0.0.8');
      store.recordUse(link.id, 'stream');
      await store.flushUses();
      const after = await store.get(link.id);
      expect(after?.uses).toBe(7);
      expect(after?.lastUsedAt).toBe(new Date(now).toISOString());
      const uses = await store.uses(link.id);
      expect(uses).toHaveLength(3);
      expect(uses.find((use) => use.what === 'api')).toEqual({
        what: 'api',
        remote: '10.0.0.7',
        count: 5,
        firstAt: new Date(start + 1000).toISOString(),
        at: new Date(now).toISOString(),
      });
      expect(uses.find((use) => use.what === 'stream')).toEqual({
        what: 'stream',
        count: 1,
        firstAt: new Date(now).toISOString(),
        at: new Date(now).toISOString(),
      });
    });

    it('keeps links, revocations and flushed uses when opened again', async () => {
      const current = harness();
      const store = await open('open', current);
      const kept = await store.create({ ...input, label: 'kept' });
      const gone = await store.create({ ...input, label: 'revoked' });
      await store.revoke(gone.link.id);
      store.recordUse(kept.link.id, 'api', '10.0.0.7');
      await store.close();
      opened.splice(opened.indexOf(store), 1);

      const again = await open('reopen', current);
      expect(again.ready()).toBe(true);
      expect(again.verify(kept.token)?.id).toBe(kept.link.id);
      expect(again.verify(gone.token)).toBeUndefined();
      expect((await again.get(kept.link.id))?.uses).toBe(1);
      expect((await again.list()).map((link) => link.label).sort()).toEqual(['kept', 'revoked']);
    });
  });
}

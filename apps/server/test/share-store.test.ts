/**
 * The SQLite share-link store (one server on a laptop) passes the suite every store passes.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ShareStore } from '../src/access/share-store.ts';
import { describeShareLinkStore } from './helpers/share-link-store-suite.ts';

describeShareLinkStore('SQLite', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'gatemap-store-')), 'gatemap.sqlite');
  return {
    open: async (now) => new ShareStore(path, now),
    reopen: async (now) => new ShareStore(path, now),
  };
});

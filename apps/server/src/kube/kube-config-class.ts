/**
 * client-node's KubeConfig without the rest of client-node. The package's entry, and even the
 * module that defines KubeConfig (`dist/config.js`), import the generated clients of every
 * built-in API (`dist/gen/index.js`), which costs about 45 MB of resident memory and half a
 * second of start-up; KubeConfig uses only two names from them. gatemap uses KubeConfig alone
 * (kubeconfig files and credentials; the transport is ours), so while it loads, that one import
 * is answered by a module that re-exports just those two names.
 *
 * Should a client-node upgrade make KubeConfig need more of `gen/index.js`, the import fails at
 * once with "does not provide an export named …" (kubeconfig.test.ts loads it).
 */
import { registerHooks } from 'node:module';
import type * as ConfigModule from '@kubernetes/client-node/dist/config.js';

const CONFIG_MODULE = '/@kubernetes/client-node/dist/config.js';
const GENERATED_INDEX = './gen/index.js';
const SLIM_QUERY = '?gatemap-kubeconfig-only';
const SLIM_SOURCE = [
  "export { createConfiguration } from './configuration.js';",
  "export { ServerConfiguration } from './servers.js';",
].join('\n');

const hooks = registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === GENERATED_INDEX && context.parentURL?.endsWith(CONFIG_MODULE)) {
      return { url: new URL(specifier, context.parentURL).href + SLIM_QUERY, shortCircuit: true };
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (url.endsWith(SLIM_QUERY)) return { format: 'module', source: SLIM_SOURCE, shortCircuit: true };
    return nextLoad(url, context);
  },
});
let loaded: typeof ConfigModule;
try {
  loaded = await import('@kubernetes/client-node/dist/config.js');
} finally {
  hooks.deregister();
}

export const { KubeConfig } = loaded;
export type KubeConfig = InstanceType<typeof KubeConfig>;

/**
 * `gatemap serve`: the live map. Sources: the kubeconfig's current context (default), one or
 * more `--context`s, `--all-contexts`, a manifest directory (`-f DIR`, reloaded on change), or
 * the bundled examples (`--demo`).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { escapeControl } from './cli/escape-control.ts';
import { HISTORY_OPTIONS, readHistoryFlags } from './cli/history-flags.ts';
import { parseCommandLine, readPolicyKindsFlag } from './cli/command-line.ts';
import type { Io } from './cli/usage.ts';
import { homedir } from 'node:os';
import { generateAdminToken } from './access/admin-credentials.ts';
import { openShareStore, SHARE_STORE_KINDS, type ShareStoreKind } from './access/open-share-store.ts';
import type { ShareLinkStore } from './access/share-link-store.ts';
import type { StreamLimits } from './stream-budget.ts';
import { buildServer } from './server.ts';
import { createFilesSource } from './sources/files-source.ts';
import type { Source } from './sources/source.ts';
import { HistoryService } from './history/history-service.ts';
import { TopologyHub } from './topology-hub.ts';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * The bundled examples and the built map: in the repository beside the sources
 * (`apps/server/src`), in the published package beside the compiled code (`lib/server`).
 */
const EXAMPLES_DIR = firstExisting(resolve(here, '../../../examples'), resolve(here, '../../examples'));
const WEB_ROOT = firstExisting(resolve(here, '../../web/dist'), resolve(here, '../../web'));

function firstExisting(repository: string, packaged: string): string {
  return existsSync(repository) || !existsSync(packaged) ? repository : packaged;
}

export async function runServe(args: readonly string[], io: Io): Promise<number> {
  const line = parseCommandLine(
    'serve',
    args,
    {
      demo: { type: 'boolean', default: false },
      filename: { type: 'string', short: 'f' },
      context: { type: 'string', multiple: true },
      'all-contexts': { type: 'boolean', default: false },
      kubeconfig: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7420' },
      'log-level': { type: 'string', default: 'warn' },
      data: { type: 'string' },
      'share-store': { type: 'string' },
      'share-namespace': { type: 'string' },
      'admin-token-file': { type: 'string' },
      'trusted-user-header': { type: 'string' },
      'trusted-proxy-hops': { type: 'string' },
      'in-cluster': { type: 'boolean', default: false },
      'stream-budget': { type: 'string' },
      'streams-per-credential': { type: 'string' },
      'streams-per-address': { type: 'string' },
      'policy-kinds': { type: 'string', multiple: true },
      ...HISTORY_OPTIONS,
    },
    io,
  );
  if (typeof line === 'number') return line;
  const { values, limits } = line;
  const retention = readHistoryFlags(values);
  if (typeof retention === 'string' && retention !== 'off') return line.fail(retention);
  const policyKinds = readPolicyKindsFlag(line, values['policy-kinds']);
  if (policyKinds === undefined) return 2;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    return line.fail(`--port must be a number from 0 to 65535, got "${values.port}"`);
  }
  const streamLimits: { -readonly [Field in keyof StreamLimits]?: StreamLimits[Field] } = {};
  for (const [flag, field, unit, least] of [
    ['stream-budget', 'totalBytes', 1024 * 1024, 1],
    ['streams-per-credential', 'perCredential', 1, 1],
    ['streams-per-address', 'perAddress', 1, 1],
  ] as const) {
    const text = values[flag];
    if (text === undefined) continue;
    const value = Number(text);
    if (!Number.isInteger(value) || value < least) {
      return line.fail(`--${flag} must be a whole number of at least ${least}, got "${text}"`);
    }
    streamLimits[field] = value * unit;
  }
  const shareStoreKind = values['share-store'] ?? process.env['GATEMAP_SHARE_STORE'] ?? 'sqlite';
  if (!isShareStoreKind(shareStoreKind)) {
    return line.fail(`--share-store must be ${SHARE_STORE_KINDS.join(' or ')}, got "${shareStoreKind}"`);
  }
  // An admin token from a file (a mounted Secret) is read before anything connects: a missing
  // Secret stops the server at once with a line that says which file and what to create.
  const adminTokenFile = values['admin-token-file'] ?? process.env['GATEMAP_ADMIN_TOKEN_FILE'];
  let adminTokenFromFile: string | undefined;
  if (adminTokenFile !== undefined) {
    try {
      adminTokenFromFile = readFileSync(adminTokenFile, 'utf8').trim();
    } catch (error) {
      return line.fail(
        `cannot read the admin token from ${adminTokenFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): create the Secret that holds it, or leave the token to be generated`,
      );
    }
    if (adminTokenFromFile.length < 16) {
      return line.fail(
        `the admin token in ${adminTokenFile} is ${adminTokenFromFile.length === 0 ? 'empty' : 'shorter than 16 characters'}; use a long random token`,
      );
    }
  }
  const hopsText = values['trusted-proxy-hops'] ?? process.env['GATEMAP_TRUSTED_PROXY_HOPS'] ?? '0';
  const trustedProxyHops = Number(hopsText);
  if (!Number.isInteger(trustedProxyHops) || trustedProxyHops < 0 || trustedProxyHops > 10) {
    return line.fail(`--trusted-proxy-hops must be a whole number from 0 to 10, got "${hopsText}"`);
  }
  const modes = [
    values.demo,
    values.filename !== undefined,
    (values.context?.length ?? 0) > 0 || values['all-contexts'],
  ].filter(Boolean).length;
  if (modes > 1) {
    return line.fail('choose one source: --demo, -f DIR, or --context/--all-contexts');
  }
  const log = (level: 'info' | 'warn' | 'error', message: string) => {
    if (level !== 'info' || values['log-level'] === 'info' || values['log-level'] === 'debug')
      io.stderr.write(`gatemap: ${level}: ${escapeControl(message)}\n`);
  };

  const sources: Source[] = [];
  if (values.demo) {
    sources.push(
      createFilesSource({
        name: 'demo',
        directory: EXAMPLES_DIR,
        kind: 'demo',
        watch: false,
        log,
        policyKinds: policyKinds.kinds,
      }),
    );
  } else if (values.filename !== undefined) {
    const directory = resolve(values.filename);
    if (!existsSync(directory) || !statSync(directory).isDirectory()) {
      io.stderr.write(`gatemap serve: -f ${escapeControl(values.filename)}: not a directory\n`);
      return 2;
    }
    sources.push(
      createFilesSource({
        name: 'files',
        directory,
        kind: 'files',
        watch: true,
        log,
        limits,
        policyKinds: policyKinds.kinds,
      }),
    );
  } else {
    const kube = await import('./kube/kube-source.ts');
    const kubeconfigPath = values.kubeconfig ?? undefined;
    if (values['in-cluster']) {
      const problem = kube.inClusterProblem();
      if (problem !== undefined) {
        io.stderr.write(`gatemap serve: --in-cluster: ${problem}\n`);
        return 2;
      }
      sources.push(
        kube.createKubeSource({ name: 'in-cluster', inCluster: true, log, policyKinds: policyKinds.kinds }),
      );
    }
    // With --in-cluster alone, the pod's own cluster is the only one; contexts add others.
    const wantsContexts =
      !values['in-cluster'] || (values.context?.length ?? 0) > 0 || values['all-contexts'];
    let contexts: string[] = [];
    if (wantsContexts)
      try {
        const available = kube.listContexts(kubeconfigPath);
        contexts = values['all-contexts']
          ? available.names
          : (values.context ?? [available.current]).filter((name) => name !== '');
        const unknown = contexts.filter((name) => !available.names.includes(name));
        if (contexts.length === 0 || unknown.length > 0) {
          io.stderr.write(
            `gatemap serve: ${escapeControl(`${contexts.length === 0 ? 'the kubeconfig has no current context' : `no context named ${unknown.join(', ')}`}; contexts: ${available.names.join(', ') || '(none)'}`)}. Use --context NAME, or --demo to try gatemap without a cluster.\n`,
          );
          return 2;
        }
      } catch (error) {
        io.stderr.write(
          `gatemap serve: cannot read the kubeconfig: ${escapeControl((error as Error).message)}. Use --kubeconfig PATH, or --demo to try gatemap without a cluster.\n`,
        );
        return 2;
      }
    if (sources.some((source) => source.name === 'in-cluster') && contexts.includes('in-cluster')) {
      io.stderr.write('gatemap serve: a context named in-cluster clashes with --in-cluster; rename it\n');
      return 2;
    }
    for (const context of contexts)
      sources.push(
        kube.createKubeSource({
          name: context === IN_CLUSTER_CONTEXT ? 'in-cluster' : context,
          context,
          ...(kubeconfigPath ? { kubeconfigPath } : {}),
          log,
          policyKinds: policyKinds.kinds,
        }),
      );
  }

  const dataPath = resolve(
    values.data ??
      process.env['GATEMAP_DATA'] ??
      join(process.env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'gatemap', 'gatemap.sqlite'),
  );
  let store: ShareLinkStore;
  try {
    const namespace = values['share-namespace'] ?? process.env['GATEMAP_SHARE_NAMESPACE'];
    store = openShareStore({
      kind: shareStoreKind,
      dataPath,
      // In a pod the links live in the pod's cluster, whatever other clusters a kubeconfig adds.
      ...(values['in-cluster'] ? { inCluster: true } : {}),
      ...(values.kubeconfig ? { kubeconfigPath: values.kubeconfig } : {}),
      ...(namespace ? { namespace } : {}),
      log,
    });
  } catch (error) {
    io.stderr.write(`gatemap serve: ${(error as Error).message}\n`);
    return 2;
  }
  const adminToken = adminTokenFromFile ?? (process.env['GATEMAP_ADMIN_TOKEN'] || generateAdminToken());
  const trustedUserHeader = values['trusted-user-header'] ?? process.env['GATEMAP_TRUSTED_USER_HEADER'];
  // History beside the share links, in a file of its own (each replica keeps its own).
  let history: HistoryService | undefined;
  try {
    history =
      retention === 'off'
        ? undefined
        : new HistoryService({ path: join(dirname(dataPath), 'history.sqlite'), ...retention, log });
  } catch (error) {
    io.stderr.write(`gatemap serve: cannot open the history database: ${(error as Error).message}\n`);
    await store.close();
    return 2;
  }
  const hub = new TopologyHub({ prefixIds: sources.length > 1, ...(history ? { history } : {}) });
  const server = await buildServer({
    hub,
    sources,
    webRoot: WEB_ROOT,
    logLevel: values['log-level'] as 'warn',
    trustedProxyHops,
    stream: { limits: streamLimits },
    access: { adminToken, store, ...(trustedUserHeader ? { trustedUserHeader } : {}) },
  });
  try {
    await server.listen({ host: values.host, port });
  } catch (error) {
    io.stderr.write(`gatemap serve: cannot listen on ${values.host}:${port}: ${(error as Error).message}\n`);
    history?.close();
    await store.close();
    return 2;
  }
  const address = server.server.address();
  const bound = typeof address === 'object' && address ? address : undefined;
  const url = `http://${bound?.family === 'IPv6' ? `[${bound.address}]` : (bound?.address ?? values.host)}:${bound?.port ?? port}/`;
  // Context names come from the kubeconfig, which may have been written by anyone.
  io.stdout.write(
    `gatemap: serving ${escapeControl(sources.map((source) => source.name).join(', '))} on ${url}\n`,
  );
  // A token from a file is a Secret's: it stays out of the logs.
  io.stdout.write(
    adminTokenFile === undefined
      ? `gatemap: open ${url}?token=${adminToken} to sign in as admin (scripts: Authorization: Bearer <token>)\n`
      : `gatemap: sign in as admin with ${url}?token=<the token in ${adminTokenFile}> (scripts: Authorization: Bearer <token>)\n`,
  );
  if (!existsSync(join(WEB_ROOT, 'index.html')))
    io.stdout.write(
      'gatemap: the map is not built; run pnpm --filter @gatemap/web build (the API works meanwhile)\n',
    );
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  history?.close();
  // The store is this command's: it opened it, and closes it once the server that used it has stopped.
  await store.close();
  return 0;
}

/** The context client-node names when it reads the ServiceAccount of the pod it runs in. */
const IN_CLUSTER_CONTEXT = 'inClusterContext';

function isShareStoreKind(text: string): text is ShareStoreKind {
  return (SHARE_STORE_KINDS as readonly string[]).includes(text);
}

/**
 * The container image, built by the project's script and run for real: its root filesystem
 * unpacked from the OCI archive, mounted read-only, and its entrypoint started in it with chroot
 * as the image's user, with a ServiceAccount token and CA mounted where the kubelet puts them and
 * KUBERNETES_SERVICE_HOST/PORT pointing at the test API server. This machine runs no containers;
 * chroot and a mount namespace stand in for the runtime (in-cluster.md D23–D26).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClustersResponse } from '@gatemap/topology';
import { REPO_ROOT } from './helpers/cluster.ts';
import { renderChart } from './helpers/helm.ts';
import { applyYaml, createNamespace, kubectl, kubectlRun, uniqueSuffix } from './helpers/kubectl.ts';
import { adminTarget } from './helpers/admin-target.ts';

const run = promisify(execFile);
const admin = adminTarget();

/** Why the image cannot be built and run here, or undefined. */
function imageUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'building the image (mmdebstrap) and chroot need root';
  const onPath = (command: string) =>
    (process.env['PATH'] ?? '')
      .split(path.delimiter)
      .some((dir) => dir !== '' && existsSync(path.join(dir, command)));
  const missing = ['mmdebstrap', 'unshare', 'chroot', 'tar'].filter((command) => !onPath(command));
  if (!onPath('buildah') && !onPath('podman')) missing.push('buildah (or podman)');
  return missing.length > 0
    ? `missing Debian packages' commands: ${missing.join(', ')} (scripts/test-prerequisites.sh installs them)`
    : undefined;
}

interface ImageConfig {
  readonly config: {
    readonly User?: string;
    readonly Env?: string[];
    readonly Entrypoint?: string[];
    readonly Cmd?: string[];
    readonly WorkingDir?: string;
  };
}

/** Unpacks an OCI archive's single image: its layers into `rootfs`, and its config. */
async function unpackImage(archive: string, into: string): Promise<{ rootfs: string; config: ImageConfig }> {
  const layout = path.join(into, 'layout');
  const rootfs = path.join(into, 'rootfs');
  mkdirSync(layout, { recursive: true });
  mkdirSync(rootfs, { recursive: true });
  await run('tar', ['-xf', archive, '-C', layout]);
  const blob = (digest: string) => path.join(layout, 'blobs', ...digest.split(':'));
  const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: { digest: string }[];
  };
  const manifest = JSON.parse(readFileSync(blob(index.manifests[0]!.digest), 'utf8')) as {
    config: { digest: string };
    layers: { digest: string; mediaType: string }[];
  };
  for (const layer of manifest.layers)
    await run('tar', [layer.mediaType.endsWith('+gzip') ? '-xzf' : '-xf', blob(layer.digest), '-C', rootfs]);
  return { rootfs, config: JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8')) as ImageConfig };
}

const unavailable = imageUnavailable();

describe.skipIf(unavailable !== undefined)(
  `the container image${unavailable ? ` [skipped: ${unavailable}]` : ''}`,
  () => {
    let archive = '';
    let unpacked: { rootfs: string; config: ImageConfig };
    let serviceAccountDir = '';
    let adminDir = '';
    const release = `gm-${uniqueSuffix()}`;
    const running: ChildProcess[] = [];

    beforeAll(async () => {
      const started = Date.now();
      const { stdout, stderr } = await run('bash', [path.join(REPO_ROOT, 'scripts/image/build.sh')], {
        cwd: REPO_ROOT,
        maxBuffer: 64 * 1024 * 1024,
      });
      archive = stdout.trim().split('\n').at(-1) ?? '';
      console.error(
        `${stderr.trim().split('\n').at(-1)} (${((Date.now() - started) / 1000).toFixed(0)} s in this test)`,
      );
      unpacked = await unpackImage(archive, mkdtempSync(path.join(tmpdir(), 'gatemap-image-')));

      // The chart's identity for the pod: ServiceAccount, ClusterRole, share-link Role; a token for it.
      const namespace = await createNamespace(admin, 'gatemap');
      await applyYaml(
        admin,
        await renderChart({
          release,
          namespace,
          args: [
            '--show-only',
            'templates/serviceaccount.yaml',
            '--show-only',
            'templates/clusterrole.yaml',
            '--show-only',
            'templates/role-share-links.yaml',
          ],
        }),
      );
      const token = (await kubectl(admin, 'create', 'token', `${release}-gatemap`, '-n', namespace)).trim();
      const view = JSON.parse(await kubectl(admin, 'config', 'view', '--raw', '--minify', '-o', 'json')) as {
        clusters: { cluster: { 'certificate-authority'?: string; 'certificate-authority-data'?: string } }[];
      };
      const cluster = view.clusters[0]?.cluster ?? {};
      const ca = cluster['certificate-authority-data']
        ? Buffer.from(cluster['certificate-authority-data'], 'base64')
        : readFileSync(cluster['certificate-authority'] ?? '');
      // What the kubelet mounts: the token (no trailing newline), the cluster's CA, the namespace.
      serviceAccountDir = mkdtempSync(path.join(tmpdir(), 'gatemap-sa-'));
      writeFileSync(path.join(serviceAccountDir, 'token'), token);
      writeFileSync(path.join(serviceAccountDir, 'ca.crt'), ca);
      writeFileSync(path.join(serviceAccountDir, 'namespace'), namespace);
      adminDir = mkdtempSync(path.join(tmpdir(), 'gatemap-admin-'));
      writeFileSync(path.join(adminDir, 'token'), `gma_${uniqueSuffix()}${uniqueSuffix()}${uniqueSuffix()}`);
      // Readable by the image's user, as the kubelet's default mode (0644) leaves Secret volumes.
      for (const dir of [serviceAccountDir, adminDir]) {
        chmodSync(dir, 0o755);
        for (const file of readdirSync(dir)) chmodSync(path.join(dir, file), 0o644);
      }
    }, 900_000);

    afterAll(async () => {
      for (const child of running) if (child.exitCode === null) child.kill('SIGTERM');
      await kubectlRun(
        admin,
        [
          'delete',
          'clusterrole,clusterrolebinding',
          `${release}-gatemap-read`,
          '--ignore-not-found',
          '--wait=false',
        ],
        { allowFailure: true },
      );
    });

    /**
     * Starts the image's entrypoint as a runtime would: the root filesystem read-only, /tmp a fresh
     * tmpfs, /dev and /proc from the host, the ServiceAccount and admin Secret mounted read-only,
     * the image's user, environment and working directory.
     */
    function startContainer(
      args: readonly string[],
      mounts: { admin: boolean },
    ): ChildProcess & { output: () => string } {
      const { rootfs, config } = unpacked;
      const mountPoints = [
        'dev',
        'proc',
        'tmp',
        'var/run/secrets/kubernetes.io/serviceaccount',
        'etc/gatemap/admin',
      ];
      for (const point of mountPoints) mkdirSync(path.join(rootfs, point), { recursive: true });
      const script = [
        'set -e',
        `mount --bind "$R" "$R"`,
        `mount -o remount,bind,ro "$R"`,
        `mount --rbind /dev "$R/dev"`,
        `mount -t proc proc "$R/proc" 2>/dev/null || mount --rbind /proc "$R/proc"`,
        `mount -t tmpfs -o mode=1777 tmpfs "$R/tmp"`,
        `mount --bind -o ro "$SA" "$R/var/run/secrets/kubernetes.io/serviceaccount"`,
        ...(mounts.admin ? [`mount --bind -o ro "$ADMIN" "$R/etc/gatemap/admin"`] : []),
        `cd "$R${config.config.WorkingDir ?? '/'}"`,
        `exec chroot --userspec="${config.config.User ?? '0:0'}" "$R" "$@"`,
      ].join('\n');
      const env: Record<string, string> = Object.fromEntries(
        (config.config.Env ?? []).map((entry) => [
          entry.slice(0, entry.indexOf('=')),
          entry.slice(entry.indexOf('=') + 1),
        ]),
      );
      const child = spawn(
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          script,
          'container',
          ...(config.config.Entrypoint ?? []),
          ...args,
        ],
        {
          env: {
            ...env,
            PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
            R: rootfs,
            SA: serviceAccountDir,
            ADMIN: adminDir,
            KUBERNETES_SERVICE_HOST: apiHost,
            KUBERNETES_SERVICE_PORT: apiPort,
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      running.push(child);
      return Object.assign(child, { output: () => output });
    }

    let apiHost = '';
    let apiPort = '';
    beforeAll(async () => {
      const view = JSON.parse(await kubectl(admin, 'config', 'view', '--minify', '-o', 'json')) as {
        clusters: { cluster: { server: string } }[];
      };
      const server = new URL(view.clusters[0]?.cluster.server ?? '');
      apiHost = server.hostname;
      apiPort = server.port || '443';
    });

    it('holds Node 24 and gatemap for user 65532, and no shell, package manager or compiler', () => {
      const { rootfs, config } = unpacked;
      expect(config.config.User).toBe('65532:65532');
      expect(config.config.Entrypoint).toEqual([
        '/usr/local/bin/node',
        '--max-semi-space-size=16',
        '/app/bin/gatemap.js',
        'serve',
      ]);
      for (const absent of [
        'bin/sh',
        'bin/bash',
        'usr/bin/sh',
        'usr/bin/apt',
        'usr/bin/dpkg',
        'usr/bin/gcc',
        'usr/bin/cc',
        'usr/local/bin/npm',
      ])
        expect(existsSync(path.join(rootfs, absent)), absent).toBe(false);
      expect(readdirSync(path.join(rootfs, 'app'))).toEqual(
        expect.arrayContaining(['bin', 'lib', 'web', 'node_modules']),
      );
      expect(readFileSync(path.join(rootfs, 'etc/passwd'), 'utf8')).toContain('nonroot:x:65532:65532:');
    });

    it('syncs the cluster it runs in and answers /readyz, from a read-only root as user 65532', async () => {
      const child = startContainer(
        [
          '--host=127.0.0.1',
          '--port=0',
          '--admin-token-file=/etc/gatemap/admin/token',
          '--share-store=kubernetes',
          '--in-cluster',
        ],
        { admin: true },
      );
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${child.output()}`)), 30_000);
        child.stdout?.on('data', () => {
          const match = /serving .* on (http:\/\/\S+)/.exec(child.output());
          if (match?.[1]) {
            clearTimeout(timer);
            resolve(match[1]);
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code}:\n${child.output()}`));
        });
      });
      const adminToken = readFileSync(path.join(adminDir, 'token'), 'utf8');
      const headers = { authorization: `Bearer ${adminToken}` };
      const deadline = Date.now() + 60_000;
      let ready: Response | undefined;
      while (Date.now() < deadline) {
        ready = await fetch(new URL('/readyz', url)).catch(() => undefined);
        if (ready?.ok) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(ready?.status, child.output()).toBe(200);
      const clusters = (await (
        await fetch(new URL('/api/clusters', url), { headers })
      ).json()) as ClustersResponse;
      expect(clusters.clusters.map((cluster) => [cluster.name, cluster.state])).toEqual([
        ['in-cluster', 'synced'],
      ]);
      expect(clusters.clusters[0]?.kinds.find((kind) => kind.kind === 'HTTPRoute')?.state).toBe('synced');
      // The share-link store writes to the cluster from inside the image.
      const created = await fetch(new URL('/api/share-links', url), {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ namespaces: ['default'], label: 'from the image', expiresIn: '1h' }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      // Nothing the token says is logged.
      expect(child.output()).not.toContain(adminToken);
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    });

    it('stops with a clear line when the admin-token Secret is missing', async () => {
      const child = startContainer(['--port=0', '--admin-token-file=/etc/gatemap/admin/token'], {
        admin: false,
      });
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(2);
      expect(child.output()).toContain(
        'gatemap serve: cannot read the admin token from /etc/gatemap/admin/token (ENOENT): create the Secret that holds it',
      );
    });
  },
);

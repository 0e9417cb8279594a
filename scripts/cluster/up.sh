#!/usr/bin/env bash
# Starts a local Kubernetes control plane (etcd + kube-apiserver, no nodes, no
# controllers) on 127.0.0.1 for integration tests, and installs the Gateway API
# CRDs.
#
#   scripts/cluster/up.sh [--name NAME] [--crds standard|experimental|none]
#
# Defaults: --name default --crds experimental. Builds the binaries first if
# needed (scripts/cluster/build.sh; the first build takes a while). The last
# line on stdout is the absolute path of the admin kubeconfig; all other output
# goes to stderr. If NAME is already running and healthy, just prints the path.
# Run dir: ${GATEMAP_CLUSTER_DIR:-${GATEMAP_CACHE:-$HOME/.cache/gatemap}/clusters}/NAME/
# with kubeconfig (admin, client cert in system:masters), kubeconfig-limited
# (bearer token of user gatemap-limited, no RBAC grants), env (ports, pids, paths).
# Extra kube-apiserver flags: GATEMAP_APISERVER_EXTRA_ARGS="--flag=value ...".
# Without kube-controller-manager: namespaces never finish deleting, no GC,
# no Endpoints, no ServiceAccount tokens.
set -euo pipefail
# shellcheck source=scripts/cluster/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

parse_name_arg "$@"
CRDS=experimental
set -- ${REST_ARGS[@]+"${REST_ARGS[@]}"}
while [ $# -gt 0 ]; do
  case "$1" in
    --crds) [ $# -ge 2 ] || die "--crds needs a value"; CRDS=$2; shift 2 ;;
    --crds=*) CRDS=${1#--crds=}; shift ;;
    -h|--help) sed -n '2,18p' "$0" >&2; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
case "$CRDS" in standard|experimental|none) ;; *) die "--crds must be standard, experimental or none" ;; esac

need_cmd openssl curl python3
RUN_DIR=$(cluster_dir "$CLUSTER_NAME")
mkdir -p "$GATEMAP_CLUSTER_DIR"

# One up/down/restart at a time per cluster name (the lock lives outside the run dir).
exec 8>"$GATEMAP_CLUSTER_DIR/.$CLUSTER_NAME.lock"
flock 8

# --- already running? ------------------------------------------------------
# prints the admin kubeconfig path if the cluster in $1 is up and healthy
running_kubeconfig() ( # subshell: load_env must not leak into this script
  local want=$2
  load_env "$1" || return 1
  pid_alive "$RUN_DIR/etcd.pid" "$RUN_DIR/etcd-data/" || return 1
  pid_alive "$RUN_DIR/kube-apiserver.pid" "$RUN_DIR/apiserver-certs/" || return 1
  [ -f "$RUN_DIR/ready" ] && [ -f "$KUBECONFIG_ADMIN" ] || return 1
  apiserver_ready || return 1
  [ "$CRDS" = "$want" ] ||
    log "warning: cluster '$CLUSTER_NAME' is running with --crds $CRDS (asked for $want); run down.sh first to change it"
  log "cluster '$CLUSTER_NAME' already running at $SERVER"
  echo "$KUBECONFIG_ADMIN"
)
if [ -f "$RUN_DIR/env" ] && kc=$(running_kubeconfig "$RUN_DIR" "$CRDS"); then
  echo "$kc"
  exit 0
fi
if [ -e "$RUN_DIR" ]; then
  log "cluster '$CLUSTER_NAME' has stale state (killed or half-started); recreating it"
  stop_pid "$RUN_DIR/kube-apiserver.pid" "$RUN_DIR/apiserver-certs/" 30
  stop_pid "$RUN_DIR/etcd.pid" "$RUN_DIR/etcd-data/" 30
  kill_referencing "$RUN_DIR"
  rm -rf "$RUN_DIR"
fi

# --- binaries ----------------------------------------------------------------
if ! binaries_present; then
  log "binaries missing; running build.sh"
  "$CLUSTER_SCRIPTS_DIR/build.sh" >&2
fi

START=$SECONDS
mkdir -p "$RUN_DIR"/{pki,etcd-data,apiserver-certs}
chmod 700 "$RUN_DIR" "$RUN_DIR/etcd-data"

# If anything below fails, leave no daemons behind.
cleanup_on_error() {
  local rc=$?
  [ "$rc" = 0 ] && return 0
  log "up.sh failed (exit $rc); stopping cluster '$CLUSTER_NAME' (logs kept in $RUN_DIR)"
  stop_pid "$RUN_DIR/kube-apiserver.pid" "$RUN_DIR/apiserver-certs/" 10
  stop_pid "$RUN_DIR/etcd.pid" "$RUN_DIR/etcd-data/" 10
  kill_referencing "$RUN_DIR"
  rm -f "$RUN_DIR/env"
}
trap cleanup_on_error EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- PKI -------------------------------------------------------------------
PKI="$RUN_DIR/pki"
gen_pki() {
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  cd "$PKI"
  openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days 3650 \
    -subj "/O=gatemap/CN=gatemap-test-ca-$CLUSTER_NAME" \
    -config <(printf '%s\n' '[req]' 'distinguished_name=dn' 'x509_extensions=v3' '[dn]' '[v3]' \
      'basicConstraints=critical,CA:TRUE' 'keyUsage=critical,keyCertSign,cRLSign' \
      'subjectKeyIdentifier=hash')
  openssl req -new "${ec[@]}" -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" \
    -config <(printf '%s\n' '[req]' 'distinguished_name=dn' '[dn]')
  openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -out apiserver.crt -extfile <(printf '%s\n' \
      "subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
      "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth")
  openssl req -new "${ec[@]}" -keyout admin.key -out admin.csr -subj "/O=system:masters/CN=gatemap-admin" \
    -config <(printf '%s\n' '[req]' 'distinguished_name=dn' '[dn]')
  openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 \
    -out admin.crt -extfile <(printf '%s\n' \
      "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth")
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out sa.key
  openssl pkey -in sa.key -pubout -out sa.pub
  rm -f ./*.csr ca.srl
  chmod 600 ./*.key
}
gen_pki >/dev/null 2>"$RUN_DIR/openssl.log" || { cat "$RUN_DIR/openssl.log" >&2; die "PKI generation failed"; }

LIMITED_USER=gatemap-limited
ADMIN_TOKEN=$(openssl rand -hex 24)
LIMITED_TOKEN=$(openssl rand -hex 24)
# format: token,user,uid[,"group1,group2"]; system:authenticated is added implicitly
{
  echo "$ADMIN_TOKEN,gatemap-admin-token,gatemap-admin-token,\"system:masters\""
  echo "$LIMITED_TOKEN,$LIMITED_USER,$LIMITED_USER"
} >"$PKI/tokens.csv"
chmod 600 "$PKI/tokens.csv"
CA_FILE="$PKI/ca.crt"

# --- start etcd and kube-apiserver ---------------------------------------------
APISERVER_EXTRA_ARGS=${GATEMAP_APISERVER_EXTRA_ARGS:-}
KUBECONFIG_ADMIN="$RUN_DIR/kubeconfig"
KUBECONFIG_LIMITED="$RUN_DIR/kubeconfig-limited"
# per-cluster kubectl discovery cache: ports get reused by clusters with other CRD sets
KUBECACHEDIR="$RUN_DIR/kube-cache"
export KUBECACHEDIR
ETCD_PID='' APISERVER_PID=''

pick_ports() {
  ETCD_PORT=$(free_port)
  ETCD_PEER_PORT=$(free_port)
  APISERVER_PORT=$(free_port)
  [ "$ETCD_PORT" != "$ETCD_PEER_PORT" ] && [ "$ETCD_PORT" != "$APISERVER_PORT" ] &&
    [ "$ETCD_PEER_PORT" != "$APISERVER_PORT" ]
}

# A port can be taken between picking and binding (parallel runs): retry then,
# but give up at once on any other startup failure.
port_clash() { grep -qiE 'address already in use' "$1" 2>/dev/null; }
started=0
for attempt in 1 2 3; do
  until pick_ports; do :; done
  SERVER="https://127.0.0.1:$APISERVER_PORT"
  : >"$RUN_DIR/etcd.log"
  : >"$RUN_DIR/kube-apiserver.log"
  log "starting etcd $ETCD_VERSION on 127.0.0.1:$ETCD_PORT"
  if ! start_etcd; then
    port_clash "$RUN_DIR/etcd.log" || die "etcd failed to start; see $RUN_DIR/etcd.log"
    stop_pid "$RUN_DIR/etcd.pid" "$RUN_DIR/etcd-data/" 10
    rm -rf "$RUN_DIR/etcd-data" && mkdir -m 700 "$RUN_DIR/etcd-data"
    log "port clash; retrying with other ports (attempt $attempt)"
    continue
  fi
  write_env
  log "starting kube-apiserver $K8S_VERSION on $SERVER"
  if ! start_apiserver; then
    port_clash "$RUN_DIR/kube-apiserver.log" || die "kube-apiserver failed to start; see $RUN_DIR/kube-apiserver.log"
    stop_pid "$RUN_DIR/kube-apiserver.pid" "$RUN_DIR/apiserver-certs/" 10
    stop_pid "$RUN_DIR/etcd.pid" "$RUN_DIR/etcd-data/" 10
    rm -rf "$RUN_DIR/etcd-data" && mkdir -m 700 "$RUN_DIR/etcd-data"
    log "port clash; retrying with other ports (attempt $attempt)"
    continue
  fi
  started=1
  break
done
[ "$started" = 1 ] || die "could not start the control plane; see $RUN_DIR/*.log"
write_env
# A test run that asked for it learns which clusters it started, to stop just those at its end.
if [ -n "${GATEMAP_CLUSTER_LEDGER:-}" ]; then echo "$CLUSTER_NAME" >>"$GATEMAP_CLUSTER_LEDGER"; fi
log "kube-apiserver ready after $((SECONDS - START))s"

# --- kubeconfigs -------------------------------------------------------------
b64() { base64 -w0 <"$1"; }
write_kubeconfig() { # <file> <context> <user> <user yaml lines...>
  local file=$1 ctx=$2 user=$3
  shift 3
  {
    cat <<KC
apiVersion: v1
kind: Config
clusters:
- name: $CLUSTER_NAME
  cluster:
    server: $SERVER
    certificate-authority-data: $(b64 "$CA_FILE")
users:
- name: $user
  user:
KC
    printf '    %s\n' "$@"
    cat <<KC
contexts:
- name: $ctx
  context:
    cluster: $CLUSTER_NAME
    user: $user
current-context: $ctx
preferences: {}
KC
  } >"$file.tmp"
  chmod 600 "$file.tmp"
  mv -f "$file.tmp" "$file"
}
write_kubeconfig "$KUBECONFIG_ADMIN" "$CLUSTER_NAME" "$CLUSTER_NAME-admin" \
  "client-certificate-data: $(b64 "$PKI/admin.crt")" \
  "client-key-data: $(b64 "$PKI/admin.key")"
write_kubeconfig "$KUBECONFIG_LIMITED" "$CLUSTER_NAME-limited" "$LIMITED_USER" \
  "token: $LIMITED_TOKEN"

# --- Gateway API CRDs ----------------------------------------------------------
install_crds() {
  local gwdir dir files=() f
  gwdir=$(cd "$TOOLS_DIR/gateway-api" && go mod download -json sigs.k8s.io/gateway-api |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",*$/\1/p')
  dir="$gwdir/config/crd/$CRDS"
  [ -d "$dir" ] || die "Gateway API CRD dir not found: $dir"
  for f in "$dir"/gateway.networking.k8s.io_*.yaml "$dir"/gateway.networking.x-k8s.io_*.yaml; do
    [ -f "$f" ] || continue
    case "$(basename "$f")" in *vap_safeupgrades*) continue ;; esac # a ValidatingAdmissionPolicy, not a CRD
    files+=(-f "$f")
  done
  [ ${#files[@]} -gt 0 ] || die "no CRD files in $dir"
  log "installing Gateway API $GATEWAY_API_VERSION $CRDS CRDs ($((${#files[@]} / 2)) files)"
  local names
  names=$("$KUBECTL" --kubeconfig "$KUBECONFIG_ADMIN" apply --server-side \
    --field-manager=gatemap-cluster-up -o name "${files[@]}")
  # shellcheck disable=SC2086
  "$KUBECTL" --kubeconfig "$KUBECONFIG_ADMIN" wait --for=condition=Established \
    --timeout=120s $names >/dev/null
  # discovery must list them before clients (and kubectl) can use the kinds
  local want got deadline=$((SECONDS + 60))
  want=$(echo "$names" | grep -c .)
  while :; do
    got=$("$KUBECTL" --kubeconfig "$KUBECONFIG_ADMIN" api-resources --cached=false -o name 2>/dev/null |
      grep -cE '\.gateway\.networking\.(x-)?k8s\.io$' || true)
    [ "$got" -ge "$want" ] && break
    [ "$SECONDS" -lt "$deadline" ] || die "only $got of $want Gateway API resources appear in discovery"
    sleep 0.5
  done
}
if [ "$CRDS" != none ]; then
  install_crds
fi

touch "$RUN_DIR/ready"
write_env
trap - EXIT
log "cluster '$CLUSTER_NAME' up in $((SECONDS - START))s: $SERVER (k8s $K8S_VERSION, etcd $ETCD_VERSION, gateway-api $GATEWAY_API_VERSION $CRDS)"
log "  export KUBECONFIG=$KUBECONFIG_ADMIN    # limited user: $KUBECONFIG_LIMITED"
echo "$KUBECONFIG_ADMIN"

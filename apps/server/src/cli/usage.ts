/**
 * What the command line says of itself, and the streams it talks through: shared by `main` and
 * the commands, which `main` imports (so none of them imports `main`).
 */
import { HISTORY_USAGE } from './history-flags.ts';
import { LIMITS_USAGE } from './limit-flags.ts';

export const USAGE = `gatemap: see why Gateway API routes attach, or why not.

Usage:
  gatemap analyze -f PATH... [-o text|json|yaml|sarif|github] [--status] [-n NAMESPACE] [--policy-kinds KIND.GROUP,...] [--color|--no-color] [LIMITS]
  gatemap analyze [-f PATH...] [--delete KIND/NAMESPACE/NAME...] [--map URL] [--policy-kinds KIND.GROUP,...] --context NAME... | --kubeconfig PATH [-o text|json]
  gatemap migrate -f PATH... [--gateway NAMESPACE/NAME] [-o text|json|yaml] [-n NAMESPACE] [LIMITS]
  gatemap serve [--demo | -f DIR | --context NAME... | --all-contexts] [--host H] [--port P] [--policy-kinds KIND.GROUP,...] [LIMITS]

analyze
  -f, --filename PATH   manifest file, directory (recursive) or - for stdin; repeatable
  -o, --output FORMAT   text (default), json (topology and findings), yaml; for CI, the findings
                        at their files and lines: sarif (SARIF 2.1.0, for code scanning) or
                        github (GitHub Actions annotations)
  --status              print the input Gateways and Routes as a Kubernetes List with .status
                        filled as a conformant controller would write it (YAML; JSON with -o json;
                        not with sarif or github)
  -n, --namespace NS    namespace for objects that name none (default: default; with a cluster,
                        the context's namespace)
  --policy-kinds LIST   policy kinds as Kind.group, comma-separated or repeated, beside those found
                        from the CustomResourceDefinitions among the files (by the label
                        gateway.networking.k8s.io/policy, or a targetRef(s) and status.ancestors)

analyze, what would change in a live cluster (read once, never written)
  --context NAME        the kubeconfig context to read; repeatable (a report per context)
  --kubeconfig PATH     kubeconfig (default $KUBECONFIG or ~/.kube/config; its current context
                        unless --context is given)
  --delete KIND/NAMESPACE/NAME   an object the change deletes (KIND/NAME when cluster-scoped);
                        repeatable; so does a -f document with "$patch: delete"
  --map URL             end the report with a link that opens the change on the map at URL
                        (the files travel in the link's fragment, never sent to the server)
  -o text|json          what would change: objects, verdicts that flip, findings raised and
                        cleared; exit 1 when something that works today would break

migrate (from Ingress to the Gateway API)
  -f, --filename PATH   manifests with the Ingresses, and the Gateway, Services and Routes they are
                        judged against; repeatable
  --gateway NS/NAME     the Gateway the replacement routes go to (default: the only Gateway given)
  -o, --output FORMAT   text (default: coverage, proposal, manifests), json, or yaml (the manifests
                        to apply, the report as comments)
  Exit codes: 0 nothing left that gatemap could not propose, 1 something left (a proposal that would
  be rejected, a path or annotation not translated, no Gateway), 2 bad usage or unreadable input.

limits (analyze, migrate, and serve -f; sizes as 3MiB, 512KiB, 10MB or bytes)
${LIMITS_USAGE}
Exit codes: 0 no error findings, 1 error findings, 2 bad usage or unreadable input.
With a cluster: 0 nothing would break, 1 something that works today would break, 2 bad usage,
unreadable input or a cluster that could not be read.

serve
  --kubeconfig PATH     kubeconfig (default $KUBECONFIG or ~/.kube/config)
  --in-cluster          map the cluster gatemap runs in, through its pod's ServiceAccount
                        (beside --context/--all-contexts of --kubeconfig when given)
  --data PATH           share-link database (default ~/.local/share/gatemap/gatemap.sqlite)
  --share-store KIND    where share links live: sqlite (default; the --data file) or kubernetes
                        (Secrets in --share-namespace; for several replicas)
  --share-namespace NS  namespace of the share-link Secrets (default: the context's; in a pod, its own)
  --admin-token-file PATH   read the admin token from a file (a mounted Secret) instead of
                        GATEMAP_ADMIN_TOKEN or a generated one
  --trusted-user-header NAME   header an authenticating proxy sets; its requests are the admin
  --trusted-proxy-hops N       reverse proxies in front (a Gateway): believe their X-Forwarded-*
                        headers for the client address, scheme and host (default 0)
  --stream-budget MIB   unsent stream data all clients may hold together (default 256)
  --streams-per-credential N   open streams per credential: the admin, each share link (default 32)
  --streams-per-address N      open streams per client address (default 32)
  --policy-kinds LIST   policy kinds as Kind.group, comma-separated or repeated, watched beside
                        those found from the cluster's CustomResourceDefinitions (all there is
                        when RBAC forbids listing CRDs); with -f or --demo, read beside those
                        found from the CRDs among the files
history (kept in history.sqlite beside the --data file)
${HISTORY_USAGE}`;

export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
}

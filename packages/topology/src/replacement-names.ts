/** Names of generated objects, as ingress2gateway derives them (X2). */

/** The name part ingress2gateway derives from a host (X2): `*.foo.com` → `foo-com`, none → `all-hosts`. */
export function nameFromHost(host: string | undefined): string {
  if (host === undefined || host === '' || host === '*') return 'all-hosts';
  return host
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .toLowerCase();
}

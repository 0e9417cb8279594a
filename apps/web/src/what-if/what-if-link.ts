/**
 * What-if manifests in a URL: `#what-if=<base64url of the UTF-8 text>`. A fragment, so that the
 * manifests never reach the server (nor its logs); the CLI writes such links (the core's
 * what-if-link.ts holds what both share).
 */
import { WHAT_IF_FRAGMENT as PREFIX } from '@gatemap/topology';

export function whatIfFragment(manifests: string): string {
  const bytes = new TextEncoder().encode(manifests);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `#${PREFIX}${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

/** The manifests of a fragment (`location.hash`), or undefined when it carries none or is not readable. */
export function readWhatIfFragment(hash: string): string | undefined {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (!fragment.startsWith(PREFIX)) return undefined;
  const encoded = fragment.slice(PREFIX.length).replace(/-/g, '+').replace(/_/g, '/');
  try {
    const binary = atob(encoded);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

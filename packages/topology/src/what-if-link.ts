/**
 * What-if manifests in a URL: `#what-if=<base64url of the UTF-8 text, unpadded>`. A fragment, so
 * that the manifests never reach the server (nor its logs). The map reads such links and copies
 * them (its `what-if-link.ts`); the CLI writes them (`gatemap analyze --context … --map URL`).
 * Each side encodes with its platform's base64; this module holds what they share.
 */
import { kindInfo } from './kinds.ts';
import { parseObjectKey, type ObjectKey } from './object-key.ts';

/** What the fragment starts with, after `#`. */
export const WHAT_IF_FRAGMENT = 'what-if=';

/** One text of manifests: the files' texts, then a deletion document per key, as one YAML stream. */
export function whatIfManifests(texts: readonly string[], deletes: readonly ObjectKey[]): string {
  const documents = [...texts.map((text) => text.trimEnd())];
  for (const key of deletes) {
    const document = deletionDocument(key);
    if (document !== undefined) documents.push(document);
  }
  return `${documents.join('\n---\n')}\n`;
}

/**
 * A manifest document that deletes the object under `key` (`$patch: delete`), or undefined for a
 * kind gatemap does not know. JSON, which is YAML: one line per object.
 */
function deletionDocument(key: ObjectKey): string | undefined {
  const { kind, namespace, name } = parseObjectKey(key);
  const info = kindInfo(kind);
  if (info === undefined) return undefined;
  const version = info.versions[0] ?? 'v1';
  return JSON.stringify({
    apiVersion: info.group === '' ? version : `${info.group}/${version}`,
    kind,
    metadata: namespace === undefined ? { name } : { name, namespace },
    $patch: 'delete',
  });
}

/**
 * Parses manifest text: multi-document YAML, JSON, and `kind: List` (items are flattened).
 * A document that does not parse is reported with its file and line and skipped; every other
 * document is still returned.
 *
 * Text that is one JSON value (what `kubectl get -o json` writes) is read by JSON.parse, with the
 * line of each List item found by one scan of the text: O(text), where the YAML parser needs
 * several times the time and memory. Anything else, and JSON that does not parse, goes to the
 * YAML parser, which reports errors by line. JSON with an escape sequence in an object key, which
 * V8's JSON.parse may decode wrongly, is read by gatemap's own reader (see `parseJsonText`).
 *
 * YAML is read a document at a time, and the items of a block-style List (what
 * `kubectl get -o yaml` writes) a slice at a time, so that the parser's syntax tree, several times
 * the size of the text, never exists for all of a large dump at once. A List that cannot be cut
 * that way (anchors across items, directives, anything that does not parse) is read whole. A
 * stream of documents (what `helm template` writes) is cut at its `---` lines. A slice or
 * document in which nothing could read differently goes to js-yaml, an order of magnitude faster;
 * the full parser (`yaml`) remains the reference, and the tests hold the two to the same result.
 *
 * A document over the size limit (`InputLimits.maxDocumentSize`) is reported and skipped before it
 * is parsed, wherever its text can be cut from the rest (a document of a stream, an item of a
 * block-style List); read whole, it is skipped once its size is known, before it becomes
 * objects. No pattern here backtracks or recurses as deep as the input is long: scalars of any
 * length are scanned by loops, or tried against a pattern only when short. The reading never
 * throws: whatever fails is an error of the file.
 *
 * The readers, each tried in turn until one takes the text: `parse-json-manifests.ts`,
 * `parse-block-list.ts`, `parse-document-stream.ts`, and the full parser in `yaml-documents.ts`
 * for whatever the others decline. The js-yaml path the slicing readers share is `quick-yaml.ts`.
 */
import { DEFAULT_INPUT_LIMITS, type ParsedManifests } from '@gatemap/topology';
import { parseBlockList } from './parse-block-list.ts';
import { parseDocumentStream } from './parse-document-stream.ts';
import { parseJsonManifests } from './parse-json-manifests.ts';
import type { Reading } from './reading.ts';
import { parseYaml } from './yaml-documents.ts';

/** About how much text of List items the YAML parser gets at a time. */
const LIST_SLICE_CHARS = 1 << 18;

export interface ParseOptions {
  /** About how much text of List items the YAML parser gets at a time (tests make it small). */
  readonly sliceChars?: number;
  /** Largest document read, in characters (`InputLimits.maxDocumentSize`). */
  readonly maxDocumentSize?: number;
}

/**
 * The documents of manifest text (`file` names it in every source and error: a path, or `-` for
 * stdin), and the errors of what could not be read; never throws.
 */
export function parseManifests(text: string, file: string, options: ParseOptions = {}): ParsedManifests {
  const steps = parseManifestSteps(text, file, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * `parseManifests` in steps: the generator yields between documents (and slices of a List), so
 * that a caller reading a large file can let other work run between steps; its return value is
 * what `parseManifests` returns. One JSON value is parsed in one step.
 */
export function* parseManifestSteps(
  text: string,
  file: string,
  options: ParseOptions = {},
): Generator<void, ParsedManifests, void> {
  const reading: Reading = {
    file,
    sliceChars: options.sliceChars ?? LIST_SLICE_CHARS,
    maxDocumentSize: options.maxDocumentSize ?? DEFAULT_INPUT_LIMITS.maxDocumentSize,
  };
  try {
    return (
      parseJsonManifests(text, reading) ??
      (yield* parseBlockList(text, reading)) ??
      (yield* parseDocumentStream(text, reading)) ??
      (yield* parseYaml(text, reading))
    );
  } catch (error) {
    // No reader is known to throw; should one, the file is reported, not the process stopped.
    return { documents: [], errors: [{ source: { file, line: 1 }, message: String(error) }] };
  }
}

/**
 * @gatemap/manifests: manifest text (multi-document YAML, JSON, Kubernetes Lists) read into
 * documents, each with its file and line, and errors that name where the text could not be read.
 * Reads text, not files: no I/O. The documents and errors are the core's types
 * (`ParsedManifests`), which `ingestManifests` decodes into objects.
 */
export { parseManifests } from './parse-manifests.ts';

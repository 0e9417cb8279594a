/**
 * The manifest reader, for tests that start from YAML files. Imported by path: `@gatemap/manifests`
 * depends on the core, and a core that listed it, even for its tests, would make the two a cycle.
 */
export { parseManifests } from '../../manifests/src/index.ts';

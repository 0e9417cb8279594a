/**
 * What a list/watch needs to know of a kind: a row of `KINDS`, or a kind found at runtime (a
 * policy kind, CustomResourceDefinitions themselves).
 */
export interface WatchedKind {
  readonly kind: string;
  readonly group: string;
  /** Lower-case plural used in API paths. */
  readonly plural: string;
  readonly namespaced: boolean;
  /** Read as metadata only. */
  readonly metadataOnly?: boolean;
}

/**
 * The shapes the replacement of Ingresses is made of, shared by the Routes' generation
 * (ingress-replacement.ts) and the listeners' (replacement-listeners.ts).
 */
import type { Gateway } from './gateway-api.ts';

/** A generated object, as plain data ready to decode or print. */
export interface GeneratedObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: Readonly<Record<string, unknown>>;
}

/** Where the routes go: the Gateway picked, as it is in the cluster (undefined: not found). */
export interface ReplacementTarget {
  readonly namespace: string;
  readonly name: string;
  readonly gateway?: Gateway;
}

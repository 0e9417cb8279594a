/**
 * Reading the parameters of the history API: times, object keys and clusters, each refused with
 * a message that names the parameter and says what it takes.
 */
import { toObjectKey, type ObjectKey } from '@gatemap/topology';
import type { LinkScope, TopologyHub } from '../topology-hub.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export type Parsed<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly status: 400 | 404; readonly message: string };

/** An ISO 8601 time with a zone, as the store compares them (UTC, milliseconds). */
export function readTime(parameter: string, text: string | undefined): Parsed<string | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  const ms = ISO.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms))
    return {
      ok: false,
      status: 400,
      message: `${parameter} must be an ISO 8601 time with a zone, e.g. 2026-12-07T10:00:00Z; got "${text.slice(0, 64)}"`,
    };
  return { ok: true, value: new Date(ms).toISOString() };
}

export function readObjectKey(text: string | undefined): Parsed<ObjectKey | undefined> {
  if (text === undefined) return { ok: true, value: undefined };
  const key = toObjectKey(text);
  return key
    ? { ok: true, value: key }
    : {
        ok: false,
        status: 400,
        message: `object must be an object key, <Kind>/<namespace>/<name> or <Kind>/<name> (e.g. HTTPRoute/shop/web); got "${text.slice(0, 64)}"`,
      };
}

/** The cluster asked for: the admin's (default the first), or the share link's own. */
export function readCluster(
  hub: TopologyHub,
  text: string | undefined,
  link: LinkScope | undefined,
): Parsed<string> {
  if (link) {
    const own = hub.sharedCluster(link);
    return text === undefined || text === own
      ? { ok: true, value: own }
      : { ok: false, status: 404, message: `cluster "${text}" is not shared with you` };
  }
  const cluster = text ?? hub.clusterNames()[0];
  if (cluster !== undefined && hub.clusterNames().includes(cluster)) return { ok: true, value: cluster };
  return {
    ok: false,
    status: 404,
    message: `cluster: no cluster named "${text ?? ''}"; clusters: ${hub.clusterNames().join(', ')}`,
  };
}

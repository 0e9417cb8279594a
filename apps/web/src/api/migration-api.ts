/**
 * The migration from Ingress: the replacement of one Ingress on a Gateway (admin only; nothing
 * is applied to the cluster).
 */
import type { IngressReplacementResponse } from '@gatemap/topology';
import { sendJson } from './api-client.ts';

const INGRESS_REPLACEMENT_PATH = '/api/ingress-replacement';

export function fetchIngressReplacement(input: {
  readonly ingress: string;
  readonly gateway: string;
  readonly cluster?: string;
}): Promise<IngressReplacementResponse> {
  return sendJson<IngressReplacementResponse>('POST', INGRESS_REPLACEMENT_PATH, input);
}

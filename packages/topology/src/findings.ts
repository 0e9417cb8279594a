/**
 * The catalogue of findings. Every finding has a stable code (search for it, link to it) and a
 * slug; the message is written for the app developer who has to act on it.
 */
import type { Mention } from './mention.ts';
import type { ObjectKey } from './object-key.ts';

export type Severity = 'error' | 'warning' | 'info';

export interface CatalogueEntry {
  readonly code: string;
  readonly severity: Severity;
  readonly title: string;
  readonly docs: string;
}

const GUIDE = 'https://gateway-api.sigs.k8s.io';

/** Every finding gatemap reports, by slug. Codes never change meaning once released. */
export const FINDINGS = {
  'invalid-object': {
    code: 'GM101',
    severity: 'error',
    title: 'Object is malformed and was not analyzed',
    docs: `${GUIDE}/reference/spec/`,
  },
  'admission-rejected': {
    code: 'GM102',
    severity: 'error',
    title: 'The API server would reject this object',
    docs: `${GUIDE}/reference/spec/`,
  },
  'unknown-kind': {
    code: 'GM103',
    severity: 'info',
    title: 'Kind or version not analyzed',
    docs: `${GUIDE}/concepts/versioning/`,
  },
  'gatewayclass-missing': {
    code: 'GM201',
    severity: 'error',
    title: 'Gateway refers to a GatewayClass that does not exist',
    docs: `${GUIDE}/api-types/gatewayclass/`,
  },
  'gatewayclass-unclaimed': {
    code: 'GM202',
    severity: 'warning',
    title: 'No controller has accepted this GatewayClass',
    docs: `${GUIDE}/api-types/gatewayclass/`,
  },
  'invalid-parameters': {
    code: 'GM203',
    severity: 'warning',
    title: 'parametersRef does not resolve',
    docs: `${GUIDE}/reference/spec/#parametersreference`,
  },
  'unsupported-address': {
    code: 'GM204',
    severity: 'error',
    title: 'Gateway requests an unsupported address type',
    docs: `${GUIDE}/reference/spec/#gatewayspecaddress`,
  },
  'listener-not-accepted': {
    code: 'GM205',
    severity: 'error',
    title: 'Listener is not accepted',
    docs: `${GUIDE}/reference/spec/#listener`,
  },
  'listener-conflicted': {
    code: 'GM206',
    severity: 'error',
    title: 'Listeners conflict',
    docs: `${GUIDE}/reference/spec/#gatewayspec`,
  },
  'listener-invalid-route-kinds': {
    code: 'GM207',
    severity: 'warning',
    title: 'Listener lists route kinds it cannot serve',
    docs: `${GUIDE}/reference/spec/#allowedroutes`,
  },
  'listener-certificate-invalid': {
    code: 'GM208',
    severity: 'error',
    title: 'Listener certificate cannot be used',
    docs: `${GUIDE}/guides/tls/`,
  },
  'listener-reference-not-permitted': {
    code: 'GM209',
    severity: 'error',
    title: 'Cross-namespace reference without a ReferenceGrant',
    docs: `${GUIDE}/api-types/referencegrant/`,
  },
  'listener-invalid': {
    code: 'GM210',
    severity: 'error',
    title: 'Listener configuration is invalid',
    docs: `${GUIDE}/reference/spec/#listener`,
  },
  'listener-ca-invalid': {
    code: 'GM211',
    severity: 'error',
    title: 'Client certificate validation has no usable CA',
    docs: `${GUIDE}/reference/spec/#frontendtlsvalidation`,
  },
  'overlapping-tls-config': {
    code: 'GM212',
    severity: 'warning',
    title: 'HTTPS listeners overlap',
    docs: `${GUIDE}/reference/spec/#listenerconditiontype`,
  },
  'gateway-client-certificate-invalid': {
    code: 'GM213',
    severity: 'error',
    title: 'Gateway backend client certificate cannot be used',
    docs: `${GUIDE}/reference/spec/#gatewaybackendtls`,
  },
  'insecure-frontend-validation': {
    code: 'GM214',
    severity: 'warning',
    title: 'Client certificate validation allows insecure fallback',
    docs: `${GUIDE}/reference/spec/#frontendtlsvalidation`,
  },
  'listenerset-not-accepted': {
    code: 'GM215',
    severity: 'error',
    title: 'ListenerSet is not accepted by its Gateway',
    docs: `${GUIDE}/api-types/listenerset/`,
  },
  'parent-not-found': {
    code: 'GM301',
    severity: 'error',
    title: 'Route refers to a parent that does not exist',
    docs: `${GUIDE}/api-types/httproute/#attaching-to-gateways`,
  },
  'parent-not-processed': {
    code: 'GM302',
    severity: 'error',
    title: 'No controller will process the Route on this parent',
    docs: `${GUIDE}/api-types/gatewayclass/`,
  },
  'route-not-accepted': {
    code: 'GM303',
    severity: 'error',
    title: 'Route is rejected by its parent',
    docs: `${GUIDE}/api-types/httproute/#attaching-to-gateways`,
  },
  'reference-not-permitted': {
    code: 'GM304',
    severity: 'error',
    title: 'Cross-namespace reference without a ReferenceGrant',
    docs: `${GUIDE}/api-types/referencegrant/`,
  },
  'backend-not-found': {
    code: 'GM305',
    severity: 'error',
    title: 'Backend does not exist',
    docs: `${GUIDE}/api-types/httproute/#backendrefs`,
  },
  'backend-invalid-kind': {
    code: 'GM306',
    severity: 'error',
    title: 'Backend kind is not supported',
    docs: `${GUIDE}/api-types/httproute/#backendrefs`,
  },
  'backend-port-not-found': {
    code: 'GM307',
    severity: 'warning',
    title: 'Backend Service does not expose the port',
    docs: `${GUIDE}/api-types/httproute/#backendrefs`,
  },
  'route-hostname-unserved': {
    code: 'GM308',
    severity: 'warning',
    title: 'Route hostname is not served by any listener',
    docs: `${GUIDE}/reference/spec/#httproutespec`,
  },
  'route-rule-invalid': {
    code: 'GM309',
    severity: 'error',
    title: 'Route rule is invalid and is dropped',
    docs: `${GUIDE}/reference/spec/#httprouterule`,
  },
  'backend-external-name': {
    code: 'GM310',
    severity: 'warning',
    title: 'Backend is an ExternalName Service',
    docs: `${GUIDE}/api-types/httproute/#backendrefs`,
  },
  'extension-ref-not-found': {
    code: 'GM312',
    severity: 'error',
    title: 'ExtensionRef filter refers to nothing',
    docs: `${GUIDE}/geps/gep-1364/`,
  },
  'route-on-unserved-listener': {
    code: 'GM313',
    severity: 'warning',
    title: 'Route attaches to a listener that serves nothing',
    docs: `${GUIDE}/reference/spec/#listenerstatus`,
  },
  'unsupported-parent-kind': {
    code: 'GM311',
    severity: 'info',
    title: 'Parent kind is not a Gateway API kind gatemap analyzes',
    docs: `${GUIDE}/reference/spec/#parentreference`,
  },
  'reference-grant-unusable': {
    code: 'GM401',
    severity: 'warning',
    title: 'ReferenceGrant can never permit anything',
    docs: `${GUIDE}/api-types/referencegrant/`,
  },
  'reference-grant-unused': {
    code: 'GM402',
    severity: 'info',
    title: 'ReferenceGrant permits nothing that exists',
    docs: `${GUIDE}/api-types/referencegrant/`,
  },
  'status-disagrees': {
    code: 'GM501',
    severity: 'warning',
    title: 'Reported status disagrees with the spec',
    docs: `${GUIDE}/reference/spec/`,
  },
  'status-stale': {
    code: 'GM502',
    severity: 'warning',
    title: 'Status is stale (observedGeneration behind generation)',
    docs: `${GUIDE}/reference/spec/`,
  },
  'policy-conflicted': {
    code: 'GM601',
    severity: 'error',
    title: 'BackendTLSPolicy conflicts with an older one',
    docs: `${GUIDE}/api-types/backendtlspolicy/`,
  },
  'policy-ca-invalid': {
    code: 'GM602',
    severity: 'error',
    title: 'BackendTLSPolicy CA certificate cannot be used',
    docs: `${GUIDE}/api-types/backendtlspolicy/`,
  },
  'policy-target-not-found': {
    code: 'GM603',
    severity: 'warning',
    title: 'BackendTLSPolicy targets nothing that exists',
    docs: `${GUIDE}/api-types/backendtlspolicy/`,
  },
  'policy-attachment-target-missing': {
    code: 'GM604',
    severity: 'warning',
    title: 'Policy targets an object that does not exist',
    docs: `${GUIDE}/reference/policy-attachment/`,
  },
  'policy-attachment-section-missing': {
    code: 'GM605',
    severity: 'warning',
    title: 'Policy targets a section (listener, rule, port) that does not exist',
    docs: `${GUIDE}/reference/policy-attachment/`,
  },
  'policy-attachment-conflicted': {
    code: 'GM606',
    severity: 'error',
    title: 'Policy loses its target to an older policy of its kind',
    docs: `${GUIDE}/reference/policy-attachment/`,
  },
  'policy-attachment-unresolvable': {
    code: 'GM607',
    severity: 'info',
    title: 'Policy targets a kind gatemap does not read',
    docs: `${GUIDE}/reference/policy-attachment/`,
  },
  'policy-ancestors-over-limit': {
    code: 'GM608',
    severity: 'warning',
    title: 'Policy applies through more ancestors than its status can list',
    docs: `${GUIDE}/reference/policy-attachment/`,
  },
} as const satisfies Record<string, CatalogueEntry>;

export type FindingSlug = keyof typeof FINDINGS;

/** A problem (or a notable fact) about one object, with what to do about it. */
export interface Finding {
  /** Stable within a topology: same problem, same id, across re-analysis. */
  readonly id: string;
  readonly code: string;
  readonly slug: FindingSlug;
  readonly severity: Severity;
  readonly title: string;
  /** The object the finding is about; it is listed first in `objects`. */
  readonly subject: ObjectKey;
  readonly objects: readonly ObjectKey[];
  /** Field path in the subject, e.g. `spec.rules[0].backendRefs[1]`. */
  readonly field?: string;
  readonly message: string;
  /**
   * More context that may name objects beyond `objects` (e.g. ReferenceGrants in another
   * namespace that nearly permit a reference). Dropped from views restricted to some namespaces.
   */
  readonly hints?: readonly string[];
  readonly fix?: { readonly description: string; readonly yaml?: string };
  /**
   * Objects the message or fix names besides `objects`, which a view need not be able to see
   * (e.g. the older Route of another team that a Route lost a hostname to).
   */
  readonly mentions?: readonly Mention[];
  readonly docs: string;
}

export interface FindingInput {
  readonly subject: ObjectKey;
  readonly related?: readonly ObjectKey[];
  readonly field?: string;
  readonly message: string;
  readonly hints?: readonly string[];
  readonly fix?: { readonly description: string; readonly yaml?: string };
  readonly mentions?: readonly Mention[];
  /** Distinguishes several findings of one slug on one subject. Defaults to `field`. */
  readonly discriminator?: string;
  readonly severity?: Severity;
}

export function finding(slug: FindingSlug, input: FindingInput): Finding {
  const entry: CatalogueEntry = FINDINGS[slug];
  const discriminator = input.discriminator ?? input.field ?? '';
  return {
    // Joined, not concatenated: the id is a flat string at once (ids key the graph's findings).
    id: (discriminator === ''
      ? [entry.code, input.subject]
      : [entry.code, input.subject, discriminator]
    ).join(':'),
    code: entry.code,
    slug,
    severity: input.severity ?? entry.severity,
    title: entry.title,
    subject: input.subject,
    objects: [input.subject, ...(input.related ?? []).filter((key) => key !== input.subject)],
    ...(input.field === undefined ? {} : { field: input.field }),
    message: input.message,
    ...(input.hints && input.hints.length > 0 ? { hints: input.hints } : {}),
    ...(input.fix === undefined ? {} : { fix: input.fix }),
    ...(input.mentions && input.mentions.length > 0 ? { mentions: input.mentions } : {}),
    docs: entry.docs,
  };
}

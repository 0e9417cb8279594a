/**
 * Where Envoy Gateway's translator departs from the Gateway API spec, with the spec line it
 * departs from and the differences of the differential test (spec-diff.test.ts) it accounts for.
 * Sources are files of sigs.k8s.io/gateway-api v1.6.1 (line numbers of that tag) or conformance
 * tests of the same version.
 */

/** The translator whose outputs are pinned in translated/ (see scripts/spec-diff/regenerate.sh). */
export const TRANSLATOR = 'Envoy Gateway v1.9.0';

export interface Deviation {
  readonly id: string;
  /** What the translator does. */
  readonly title: string;
  /** The spec text it departs from, and where it is. */
  readonly spec: { readonly source: string; readonly quote: string };
  /** Differences it accounts for, as `scenario: object field`. */
  readonly explains: readonly string[];
}

export const deviations: readonly Deviation[] = [
  {
    id: 'listener-accepted-omitted',
    title:
      'Writes no Accepted condition on a listener it finds invalid (only InvalidRouteKinds or an unusable certificate) or conflicted.',
    spec: {
      source: 'apis/v1/gateway_types.go:1501-1508 (ListenerConditionAccepted); :184-185',
      quote:
        'In general, a Listener will be marked as Accepted when the supplied configuration will generate at least some data plane configuration. … a Listener that does not have any Routes will be able to generate data plane config, and so will have Accepted set to `true`. — The implementation MUST NOT pick one conflicting Listener as the winner. ALL indistinct Listeners must not be accepted for processing.',
    },
    explains: [
      '01-listener-refs-reason-basis: Gateway infra/gw-1 listener https Accepted',
      '03-conflicted-listener-routes: Gateway infra/gw-1 listener http Accepted',
      '03-conflicted-listener-routes: Gateway infra/gw-1 listener tcp Accepted',
      '05-hostname-conflict-route: Gateway infra/gw-1 listener https Accepted',
      '05-hostname-conflict-route: Gateway infra/gw-1 listener tls Accepted',
      '06-invalid-kinds-only: Gateway infra/gw-1 listener http Accepted',
      '12-tcproute-passthrough: Gateway infra/gw-1 listener tls Accepted',
    ],
  },
  {
    id: 'kinds-on-unaccepted-listener',
    title: 'Lists supportedKinds on a conflicted listener, which is not accepted.',
    spec: {
      source:
        'conformance TLSRouteListenerMixedTerminationNotSupported, TLSRouteListenerTerminateNotSupported, GatewayListenerUnsupportedProtocol; apis/v1/gateway_types.go:1373-1375',
      quote:
        'The suite expects supportedKinds [] on every listener that is not accepted (conflicted, unsupported TLS mode, unsupported protocol). — SupportedKinds is the list indicating the Kinds supported by this listener. This MUST represent the kinds supported by an implementation for that Listener configuration.',
    },
    explains: [
      '03-conflicted-listener-routes: Gateway infra/gw-1 listener http supportedKinds',
      '03-conflicted-listener-routes: Gateway infra/gw-1 listener tcp supportedKinds',
      '05-hostname-conflict-route: Gateway infra/gw-1 listener https supportedKinds',
      '05-hostname-conflict-route: Gateway infra/gw-1 listener tls supportedKinds',
    ],
  },
  {
    id: 'invalid-listeners-skip-conflicts',
    title:
      'Leaves a listener it finds invalid (here: its certificate does not exist) out of conflict detection, so neither it nor the TCP listener on its port is conflicted.',
    spec: {
      source: 'apis/v1/gateway_types.go:136-137, :169-172',
      quote:
        'In this case all the Listeners that share a port with the TCP Listener are not distinct and so MUST NOT be accepted. — If a set of Listeners contains Listeners that are not distinct, then those Listeners are _Conflicted_, and the implementation MUST set the "Conflicted" condition in the Listener Status to "True".',
    },
    explains: [
      '07-invalid-listener-conflict: Gateway infra/gw-1 listener https Conflicted',
      '07-invalid-listener-conflict: Gateway infra/gw-1 listener https supportedKinds',
      '07-invalid-listener-conflict: Gateway infra/gw-1 listener tcp Conflicted',
      '07-invalid-listener-conflict: Gateway infra/gw-1 listener tcp Programmed',
      '07-invalid-listener-conflict: Gateway infra/gw-1 listener tcp supportedKinds',
    ],
  },
  {
    id: 'listener-isolation-drops-hostnames',
    title:
      "Drops from a listener's hostnames those that another listener on the same port has, so a Route whose hostname intersects the listener's is NoMatchingListenerHostname and not counted.",
    spec: {
      source: 'apis/v1/httproute_types.go:75-77; apis/v1/gateway_types.go:1390-1398',
      quote:
        "If a hostname is specified by both the Listener and HTTPRoute, there must be at least one intersecting hostname for the HTTPRoute to be attached to the Listener. — Successful attachment of a Route to a Listener is based solely on the combination of the AllowedRoutes field on the corresponding Listener and the Route's ParentRefs field.",
    },
    explains: [
      '05-hostname-conflict-route: HTTPRoute infra/web parent gw-1/https Accepted',
      '05-hostname-conflict-route: Gateway infra/gw-1 listener https attachedRoutes',
    ],
  },
  {
    id: 'parentrefs-merged-by-port',
    title: 'Writes one status entry for parentRefs that differ only in port.',
    spec: {
      source: 'apis/v1/shared_types.go:484-485 (RouteParentStatus.ParentRef)',
      quote:
        'ParentRef corresponds with a ParentRef in the spec that this RouteParentStatus struct describes the status of.',
    },
    explains: ['08-parentrefs-by-port: HTTPRoute infra/web parent gw-1:8080'],
  },
  {
    id: 'http-grpc-share-hostname',
    title:
      'Accepts an HTTPRoute and a GRPCRoute that share a hostname on one listener (it adds its own RouteRulesOverlap condition instead) and counts both.',
    spec: {
      source: 'apis/v1/grpcroute_types.go:126-137 (GRPCRouteSpec.Hostnames)',
      quote:
        "If a Route (A) of type HTTPRoute or GRPCRoute is attached to a Listener and that listener already has another Route (B) of the other type attached and the intersection of the hostnames of A and B is non-empty, then the implementation MUST accept exactly one of these two routes … The rejected Route MUST raise an 'Accepted' condition with a status of 'False' in the corresponding RouteParentStatus.",
    },
    explains: [
      '09-http-grpc-hostname: GRPCRoute infra/rpc parent gw-1 Accepted',
      '09-http-grpc-hostname: Gateway infra/gw-1 listener http attachedRoutes',
    ],
  },
  {
    id: 'route-counted-per-parentref',
    title:
      'Counts a Route once per parentRef that reaches a listener, so two parentRefs to one listener count twice.',
    spec: {
      source: 'apis/v1/gateway_types.go:1388-1389 (ListenerStatus.AttachedRoutes)',
      quote:
        'AttachedRoutes represents the total number of Routes that have been successfully attached to this Listener.',
    },
    explains: ['10-two-parentrefs-one-listener: Gateway infra/gw-1 listener http attachedRoutes'],
  },
  {
    id: 'reasons-joined',
    title:
      'Joins the reasons of several failing backendRefs with commas into one reason (here BackendNotFound,RefNotPermitted; gatemap predicts the first and lists the other as an alternative).',
    spec: {
      source: 'apis/v1/shared_types.go:400-416 (RouteConditionResolvedRefs)',
      quote:
        'Possible reasons for this condition to be False are: * "RefNotPermitted" * "InvalidKind" * "BackendNotFound" * "UnsupportedProtocol". Controllers may raise this condition with other reasons, but should prefer to use the reasons listed above to improve interoperability.',
    },
    explains: ['15-backend-faults: HTTPRoute infra/web parent gw-1 ResolvedRefs'],
  },
];

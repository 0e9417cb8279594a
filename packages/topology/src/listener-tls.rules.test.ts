/**
 * Listener TLS (section F): certificateRefs of HTTPS and TLS Terminate listeners, and the CA
 * certificates of frontend client-certificate validation.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, referenceGrant, secret, service } from '@gatemap/fixtures';
import {
  CA_PEM,
  caRef,
  configMap,
  frontend,
  GW,
  https,
  testRules,
  validCa,
  type Row,
} from './test-support.ts';

export const rows: readonly Row[] = [
  // F. Listener
  {
    rule: 'R28',
    title: 'a certificateRef of the wrong group is InvalidCertificateRef',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            ...https,
            tls: { certificateRefs: [{ group: 'wrong.group.company.io', kind: 'Secret', name: 'tls' }] },
          },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['ResolvedRefs=False/InvalidCertificateRef'],
        supportedKinds: ['HTTPRoute', 'GRPCRoute'],
        attachedRoutes: 0,
      },
    ],
  },
  {
    rule: 'R28',
    title: 'a certificateRef of the wrong kind is InvalidCertificateRef, not InvalidKind',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ ...https, tls: { certificateRefs: [{ group: '', kind: 'WrongKind', name: 'tls' }] } }],
      }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/InvalidCertificateRef'] }],
  },
  {
    rule: 'R28',
    title: 'a missing certificate keeps the listener Accepted and its routes counted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ ...https, name: 'tls' }] }),
      httpRoute({ parentRefs: [{ name: 'gateway', sectionName: 'tls' }], backends: ['does-not-exist:80'] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'tls',
        conditions: [
          'Accepted=True/Accepted',
          'ResolvedRefs=False/InvalidCertificateRef',
          'Programmed=False',
        ],
        attachedRoutes: 1,
      },
      { at: 'parent', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False'] },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-certificate-invalid',
        field: 'spec.listeners[0].tls.certificateRefs[0]',
      },
    ],
  },
  {
    rule: 'R28',
    title: 'a certificate in another namespace without a grant is RefNotPermitted',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ ...https, tls: { certificateRefs: [{ name: 'tls', namespace: 'certs' }] } }] }),
      secret({ namespace: 'certs' }),
    ],
    expect: [
      { at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/RefNotPermitted'] },
      {
        at: 'finding',
        key: GW,
        slug: 'listener-reference-not-permitted',
        field: 'spec.listeners[0].tls.certificateRefs[0]',
      },
    ],
  },
  {
    rule: 'R28',
    title: 'a certificate in another namespace with a grant for every Secret resolves',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ ...https, tls: { certificateRefs: [{ name: 'tls', namespace: 'certs' }] } }] }),
      secret({ namespace: 'certs' }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'Gateway', namespace: 'default' }],
        to: [{ kind: 'Secret' }],
      }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=True/ResolvedRefs'] }],
  },
  {
    rule: 'R28',
    title: 'a Secret whose data is not PEM is InvalidCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ listeners: [https] }),
      secret({ data: { 'tls.crt': 'Z2FyYmFnZQ==', 'tls.key': 'Z2FyYmFnZQ==' } }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/InvalidCertificateRef'] }],
  },
  {
    rule: 'R29',
    title: 'a missing CA ConfigMap makes HTTPS listeners NoValidCACertificate and leaves HTTP alone',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https, { name: 'http' }],
        spec: frontend({ caCertificateRefs: [caRef('does-not-exist')] }),
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: [
          'ResolvedRefs=False/InvalidCACertificateRef',
          'Accepted=False/NoValidCACertificate',
          'Programmed=False',
        ],
      },
      {
        at: 'listener',
        name: 'http',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
  {
    rule: 'R29',
    title: 'a CA reference of an unsupported kind is InvalidCACertificateKind',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [{ group: '', kind: 'Service', name: 'backend' }] }),
      }),
      secret(),
      service(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['ResolvedRefs=False/InvalidCACertificateKind', 'Accepted=False/NoValidCACertificate'],
      },
    ],
  },
  {
    rule: 'R29',
    title: 'a CA ConfigMap in another namespace without a grant is RefNotPermitted',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca', { namespace: 'certs' })] }),
      }),
      secret(),
      configMap({ namespace: 'certs', data: { 'ca.crt': CA_PEM } }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['ResolvedRefs=False/RefNotPermitted', 'Accepted=False/NoValidCACertificate'],
      },
    ],
  },
  {
    rule: 'R29',
    title: 'a CA ConfigMap without ca.crt is InvalidCACertificateRef',
    objects: [
      gatewayClass(),
      gateway({ listeners: [https], spec: frontend({ caCertificateRefs: [caRef('ca')] }) }),
      secret(),
      configMap({ data: { other: 'x' } }),
    ],
    expect: [{ at: 'listener', name: 'https', conditions: ['ResolvedRefs=False/InvalidCACertificateRef'] }],
  },
  {
    rule: 'R29',
    title: "the per-port entry for the listener's port overrides the default",
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('does-not-exist')] }, [
          { port: 443, tls: { validation: { caCertificateRefs: [caRef('ca')] } } },
        ]),
      }),
      secret(),
      validCa,
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'],
      },
    ],
  },
];

testRules({ title: 'status rules: listener TLS (R28–R29)', rows, file: import.meta.filename });

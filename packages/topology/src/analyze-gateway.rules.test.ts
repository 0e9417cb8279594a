/**
 * Gateway (sections C and E): listener lists the API server rejects, and the Gateway's own
 * conditions — ownership, parametersRef, addresses, `Accepted` from its listeners, the backend
 * client certificate, insecure frontend validation, `Programmed`.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, httpRoute, referenceGrant, secret, service } from '@gatemap/fixtures';
import {
  caRef,
  configMap,
  frontend,
  GW,
  https,
  ROUTE,
  testRules,
  validCa,
  type Row,
} from './test-support.ts';

const clientCert = (ref: Record<string, string>) => ({ tls: { backend: { clientCertificateRef: ref } } });

export const rows: readonly Row[] = [
  // C. Admission
  {
    rule: 'R8',
    title: 'duplicate listener names are rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'a' }, { name: 'a', port: 8080 }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected', field: 'spec.listeners[1].name' }],
  },
  {
    rule: 'R8',
    title: 'listeners repeating port, protocol and hostname are rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'a' }, { name: 'b' }] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected' }],
  },
  {
    rule: 'R8',
    title: 'a Gateway without listeners is rejected at admission',
    objects: [gatewayClass(), gateway({ listeners: [] })],
    expect: [{ at: 'finding', key: GW, slug: 'admission-rejected' }],
  },

  // E. Gateway
  {
    rule: 'R16',
    title: 'a Route to a Gateway no controller owns gets no parent entry',
    objects: [gateway({ className: 'missing' }), service(), httpRoute()],
    expect: [
      { at: 'parents', count: 0 },
      { at: 'finding', key: ROUTE, slug: 'parent-not-processed', field: 'spec.parentRefs[0]' },
    ],
  },
  {
    rule: 'R17',
    title: 'an infrastructure parametersRef to nothing is InvalidParameters',
    objects: [
      gatewayClass(),
      gateway({
        spec: {
          infrastructure: {
            parametersRef: { group: 'invalid.io', kind: 'InvalidParameters', name: 'invalid' },
          },
        },
      }),
    ],
    expect: [
      { at: 'gateway', conditions: ['Accepted=False/InvalidParameters', 'Programmed=False'] },
      { at: 'finding', key: GW, slug: 'invalid-parameters', field: 'spec.infrastructure.parametersRef' },
    ],
  },
  {
    rule: 'R17',
    title: 'an infrastructure parametersRef to an existing ConfigMap is Accepted',
    objects: [
      gatewayClass(),
      gateway({ spec: { infrastructure: { parametersRef: { group: '', kind: 'ConfigMap', name: 'ca' } } } }),
      configMap(),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted'] }],
  },
  {
    rule: 'R18',
    title: 'an unsupported address type is UnsupportedAddress',
    objects: [
      gatewayClass(),
      gateway({ spec: { addresses: [{ type: 'test/fake-invalid-type', value: 'x' }] } }),
    ],
    expect: [
      { at: 'gateway', conditions: ['Accepted=False/UnsupportedAddress'] },
      { at: 'finding', key: GW, slug: 'unsupported-address', field: 'spec.addresses[0].type' },
    ],
  },
  {
    rule: 'R18',
    title: 'an IPAddress is accepted and whether it is assigned is left to runtime',
    objects: [gatewayClass(), gateway({ spec: { addresses: [{ type: 'IPAddress', value: '10.0.0.1' }] } })],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'Programmed=Unknown/Pending@runtime'] }],
  },
  {
    rule: 'R19',
    title: 'a Gateway whose only listener is invalid is not Accepted',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111 }] })],
    expect: [{ at: 'gateway', conditions: ['Accepted=False/ListenersNotValid'] }],
  },
  {
    rule: 'R19',
    title: 'a Gateway with some invalid listeners is Accepted with ListenersNotValid',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{}, { name: 'invalid', protocol: 'INVALID', port: 1111 }] }),
    ],
    expect: [
      { at: 'gateway', conditions: ['Accepted=True/ListenersNotValid'] },
      {
        at: 'listener',
        name: 'http',
        conditions: ['Accepted=True/Accepted'],
        supportedKinds: ['HTTPRoute', 'GRPCRoute'],
      },
    ],
  },
  {
    rule: 'R19',
    title: 'reasons to reject a Gateway that coincide are alternatives, none before the other',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111 }],
        spec: {
          addresses: [{ type: 'test/fake-invalid-type', value: 'x' }],
          infrastructure: { parametersRef: { group: 'example.com', kind: 'Params', name: 'missing' } },
        },
      }),
    ],
    expect: [
      {
        at: 'gateway',
        conditions: [
          'Accepted=False/InvalidParameters@implementation[UnsupportedAddress,ListenersNotValid] ~infrastructure.parametersRef',
        ],
      },
      { at: 'finding', key: GW, slug: 'unsupported-address', field: 'spec.addresses[0].type' },
      { at: 'finding', key: GW, slug: 'invalid-parameters' },
    ],
  },
  {
    rule: 'R19',
    title: 'any conflicted listener makes the Gateway ListenersNotValid',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [{ name: 'a' }, { name: 'b', protocol: 'TCP', port: 80 }, { name: 'c', port: 8080 }],
      }),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/ListenersNotValid'] }],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate that does not exist is InvalidClientCertificateRef',
    objects: [gatewayClass(), gateway({ spec: clientCert({ name: 'client' }) })],
    expect: [
      {
        at: 'gateway',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/InvalidClientCertificateRef'],
      },
      { at: 'finding', key: GW, slug: 'gateway-client-certificate-invalid' },
    ],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate of the wrong group is InvalidClientCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ group: 'wrong.group.company.io', kind: 'Secret', name: 'client' }) }),
      secret({ name: 'client' }),
    ],
    expect: [
      {
        at: 'gateway',
        conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/InvalidClientCertificateRef'],
      },
    ],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate of the wrong kind is InvalidClientCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ group: '', kind: 'WrongKind', name: 'client' }) }),
      secret({ name: 'client' }),
    ],
    expect: [{ at: 'gateway', conditions: ['ResolvedRefs=False/InvalidClientCertificateRef'] }],
  },
  {
    rule: 'R20',
    title: 'an empty Opaque backend client certificate is InvalidClientCertificateRef',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ name: 'client' }) }),
      secret({ name: 'client', type: 'Opaque' }),
    ],
    expect: [{ at: 'gateway', conditions: ['ResolvedRefs=False/InvalidClientCertificateRef'] }],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate in another namespace without a grant is RefNotPermitted',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ name: 'client', namespace: 'certs' }) }),
      secret({ name: 'client', namespace: 'certs' }),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=False/RefNotPermitted'] }],
  },
  {
    rule: 'R20',
    title: 'a backend client certificate in another namespace with a grant resolves',
    objects: [
      gatewayClass(),
      gateway({ spec: clientCert({ name: 'client', namespace: 'certs' }) }),
      secret({ name: 'client', namespace: 'certs' }),
      referenceGrant({
        namespace: 'certs',
        from: [{ kind: 'Gateway', namespace: 'default' }],
        to: [{ kind: 'Secret' }],
      }),
    ],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'ResolvedRefs=True/ResolvedRefs'] }],
  },
  {
    rule: 'R21',
    title: 'AllowInsecureFallback in the default validation sets InsecureFrontendValidationMode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca')], mode: 'AllowInsecureFallback' }),
      }),
      secret(),
      validCa,
    ],
    expect: [
      {
        at: 'gateway',
        conditions: ['Accepted=True/Accepted', 'InsecureFrontendValidationMode=True/ConfigurationChanged'],
      },
    ],
  },
  {
    rule: 'R21',
    title: 'AllowInsecureFallback in a per-port validation sets InsecureFrontendValidationMode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca')] }, [
          {
            port: 8443,
            tls: { validation: { caCertificateRefs: [caRef('ca')], mode: 'AllowInsecureFallback' } },
          },
        ]),
      }),
      secret(),
      validCa,
    ],
    expect: [{ at: 'gateway', conditions: ['InsecureFrontendValidationMode=True/ConfigurationChanged'] }],
  },
  {
    rule: 'R21',
    title: 'AllowValidOnly does not set InsecureFrontendValidationMode',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [https],
        spec: frontend({ caCertificateRefs: [caRef('ca')], mode: 'AllowValidOnly' }),
      }),
      secret(),
      validCa,
    ],
    expect: [{ at: 'gateway', conditions: ['!InsecureFrontendValidationMode'] }],
  },
  {
    rule: 'R22',
    title: 'an accepted Gateway is Programmed only at runtime (Unknown)',
    objects: [gatewayClass(), gateway()],
    expect: [{ at: 'gateway', conditions: ['Accepted=True/Accepted', 'Programmed=Unknown/Pending@runtime'] }],
  },
  {
    rule: 'R22',
    title: 'a Gateway that is not Accepted is not Programmed',
    objects: [gatewayClass(), gateway({ listeners: [{ name: 'invalid', protocol: 'INVALID', port: 1111 }] })],
    expect: [{ at: 'gateway', conditions: ['Accepted=False', 'Programmed=False'] }],
  },
];

testRules({ title: 'status rules: Gateway (R8, R16–R22)', rows, file: import.meta.filename });

/**
 * Listener conflicts (section F): listeners that share a port and are not distinct.
 * One row per case of a rule of the status digest (../shared/gateway-api-rules.md beside the
 * repository, section (a)); the notation of expectations is in `test-support.ts`.
 */
import { gateway, gatewayClass, secret } from '@gatemap/fixtures';
import { GW, https, testRules, type Row } from './test-support.ts';

export const rows: readonly Row[] = [
  // F. Listener
  {
    rule: 'R31',
    title: 'HTTP and TCP on one port are both ProtocolConflict',
    objects: [
      gatewayClass(),
      gateway({ listeners: [{ name: 'http' }, { name: 'tcp', protocol: 'TCP', port: 80 }] }),
    ],
    expect: [
      {
        at: 'listener',
        name: 'http',
        conditions: [
          'Conflicted=True/ProtocolConflict',
          'Accepted=False/ProtocolConflict',
          'Programmed=False',
        ],
      },
      {
        at: 'listener',
        name: 'tcp',
        conditions: [
          'Conflicted=True/ProtocolConflict',
          'Accepted=False/ProtocolConflict',
          'Programmed=False',
        ],
      },
      { at: 'gateway', conditions: ['Accepted=False/ListenersNotValid'] },
      { at: 'finding', key: GW, slug: 'listener-conflicted' },
    ],
  },
  {
    rule: 'R31',
    title: 'HTTPS and TLS with the same hostname on one port are HostnameConflict',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, hostname: 'a.example.com' },
          {
            name: 'tls',
            protocol: 'TLS',
            port: 443,
            hostname: 'a.example.com',
            tls: { mode: 'Passthrough' },
          },
        ],
      }),
      secret(),
    ],
    expect: [
      { at: 'listener', name: 'https', conditions: ['Conflicted=True/HostnameConflict'] },
      { at: 'listener', name: 'tls', conditions: ['Conflicted=True/HostnameConflict'] },
    ],
  },
  {
    rule: 'R31',
    title: 'a listener in a HostnameConflict and a ProtocolConflict at once has either reason',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { ...https, hostname: 'a.example.com' },
          {
            name: 'tls',
            protocol: 'TLS',
            port: 443,
            hostname: 'a.example.com',
            tls: { mode: 'Passthrough' },
          },
          { name: 'tcp', protocol: 'TCP', port: 443 },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'https',
        conditions: [
          'Conflicted=True/HostnameConflict@implementation[ProtocolConflict]',
          'Accepted=False/HostnameConflict@implementation[ProtocolConflict,Accepted]',
        ],
      },
    ],
  },
  {
    rule: 'R31',
    title: 'listeners on one port with distinct hostnames do not conflict',
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          { name: 'a', hostname: 'a.example.com' },
          { name: 'b', hostname: 'b.example.com' },
        ],
      }),
    ],
    expect: [
      { at: 'listener', name: 'a', conditions: ['Conflicted=False/NoConflicts', 'Accepted=True/Accepted'] },
      { at: 'listener', name: 'b', conditions: ['Conflicted=False/NoConflicts', 'Accepted=True/Accepted'] },
      { at: 'gateway', conditions: ['Accepted=True/Accepted'] },
    ],
  },
  {
    rule: 'R31',
    title: 'Terminate and Passthrough TLS on one port are ProtocolConflict when mixing is unsupported',
    options: { mixedTlsModesOnPort: false },
    objects: [
      gatewayClass(),
      gateway({
        listeners: [
          {
            name: 'terminate',
            protocol: 'TLS',
            port: 8443,
            hostname: 'terminate.example.com',
            tls: { mode: 'Terminate', certificateRefs: [{ name: 'tls' }] },
          },
          {
            name: 'passthrough',
            protocol: 'TLS',
            port: 8443,
            hostname: 'passthrough.example.com',
            tls: { mode: 'Passthrough' },
          },
        ],
      }),
      secret(),
    ],
    expect: [
      {
        at: 'listener',
        name: 'terminate',
        conditions: ['Accepted=False/ProtocolConflict'],
        attachedRoutes: 0,
      },
      {
        at: 'listener',
        name: 'passthrough',
        conditions: ['Accepted=False/ProtocolConflict'],
        attachedRoutes: 0,
      },
    ],
  },
];

testRules({ title: 'status rules: listener conflicts (R31)', rows, file: import.meta.filename });

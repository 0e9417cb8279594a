import { describe, expect, it } from 'vitest';
import { KINDS, kindInfo, type KindInfo } from '@gatemap/topology';
import { groupsToDiscover, notInstalledMessage, pickVersion, type ServedResources } from './discovery.ts';

function info(kind: string): KindInfo {
  const found = kindInfo(kind);
  if (!found) throw new Error(`unknown kind ${kind}`);
  return found;
}

function served(entries: Record<string, string[]>): ServedResources {
  return new Map(Object.entries(entries).map(([version, plurals]) => [version, new Set(plurals)]));
}

describe('pickVersion', () => {
  it.each([
    // kind, served versions → resources, expected
    ['TLSRoute', { v1: ['tlsroutes'], v1alpha3: ['tlsroutes'], v1alpha2: ['tlsroutes'] }, 'v1'],
    ['TLSRoute', { v1alpha3: ['tlsroutes'], v1alpha2: ['tlsroutes'] }, 'v1alpha3'],
    ['TLSRoute', { v1alpha2: ['tlsroutes'] }, 'v1alpha2'],
    // The group serves v1, but not this kind in it (an older CRD bundle).
    ['TCPRoute', { v1: ['httproutes'], v1alpha2: ['tcproutes'] }, 'v1alpha2'],
    ['ReferenceGrant', { v1beta1: ['referencegrants'] }, 'v1beta1'],
    ['XListenerSet', {}, undefined],
    ['GRPCRoute', { v1: ['httproutes'] }, undefined],
    // A version gatemap does not read is never picked.
    ['HTTPRoute', { v2: ['httproutes'] }, undefined],
  ])('picks the first served version of %s in preference order (%j → %s)', (kind, resources, expected) => {
    expect(pickVersion(info(kind), served(resources))).toBe(expected);
  });
});

describe('notInstalledMessage', () => {
  it('names the CRD and says when its whole API group is missing', () => {
    expect(notInstalledMessage(info('XListenerSet'), served({}))).toBe(
      'CRD xlistenersets.gateway.networking.x-k8s.io is not installed (API group gateway.networking.x-k8s.io is not served)',
    );
  });

  it('lists the versions gatemap reads when the group is there but the kind is not', () => {
    expect(notInstalledMessage(info('TLSRoute'), served({ v1: ['httproutes'] }))).toBe(
      'CRD tlsroutes.gateway.networking.k8s.io is not installed, or serves none of the versions gatemap reads (v1, v1alpha3, v1alpha2)',
    );
  });
});

describe('groupsToDiscover', () => {
  it('covers every kind’s group with all of its versions', () => {
    const groups = groupsToDiscover();
    for (const kind of KINDS) {
      for (const version of kind.versions) expect(groups.get(kind.group)?.has(version)).toBe(true);
    }
    expect([...groups.keys()].sort()).toEqual(
      [
        '',
        'gateway.networking.k8s.io',
        'gateway.networking.x-k8s.io',
        'multicluster.x-k8s.io',
        'networking.k8s.io',
      ].sort(),
    );
  });
});

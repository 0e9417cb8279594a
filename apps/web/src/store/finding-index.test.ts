import { describe, expect, it } from 'vitest';
import { findingNodeId } from '@gatemap/topology';
import { findingForEdge, indexFindings } from './finding-index.ts';
import { topologyEdge, topologyFinding } from '../test/topology-builders.ts';

describe('finding index', () => {
  it('carries a multi-cluster id prefix over to the subject', () => {
    expect(findingNodeId(topologyFinding({ subject: 'HTTPRoute/a/b' }))).toBe('HTTPRoute/a/b');
    expect(findingNodeId(topologyFinding({ subject: 'HTTPRoute/a/b', id: 'prod:GM304:HTTPRoute/a/b' }))).toBe(
      'prod:HTTPRoute/a/b',
    );
  });

  it('finds the finding that explains an edge by owner and field, preferring one with a fix', () => {
    const plain = topologyFinding({
      subject: 'HTTPRoute/a/b',
      id: 'GM305:x',
      field: 'spec.rules[0].backendRefs[0]',
    });
    const fixable = topologyFinding({
      subject: 'HTTPRoute/a/b',
      id: 'GM304:x',
      field: 'spec.rules[0].backendRefs[0]',
      fix: { description: 'apply', yaml: 'kind: ReferenceGrant' },
    });
    const index = indexFindings([plain, fixable]);
    const edge = topologyEdge({
      type: 'backend',
      from: 'HTTPRoute/a/b',
      to: 'Service/c/d',
      field: 'spec.rules[0].backendRefs[0]',
    });
    expect(findingForEdge(index, edge)).toBe(fixable);
    expect(index.byNode.get('HTTPRoute/a/b')).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { nextNode, type NavigableNode } from './navigate-nodes.ts';

const nodes: NavigableNode[] = [
  { id: 'class', column: 0, y: 0, height: 40 },
  { id: 'gw-a', column: 1, y: 0, height: 100 },
  { id: 'gw-b', column: 1, y: 200, height: 100 },
  { id: 'r1', column: 3, y: 0, height: 40 },
  { id: 'r2', column: 3, y: 100, height: 40 },
  { id: 'r3', column: 3, y: 240, height: 40 },
];
const neighbours = new Map([
  ['gw-b', ['r1', 'class']],
  ['r1', ['gw-b']],
]);

describe('nextNode', () => {
  it('starts at the top-left node', () => {
    expect(nextNode(nodes, neighbours, undefined, 'ArrowDown')).toBe('class');
  });

  it('moves within a column and stays at its ends', () => {
    expect(nextNode(nodes, neighbours, 'r1', 'ArrowDown')).toBe('r2');
    expect(nextNode(nodes, neighbours, 'r2', 'ArrowUp')).toBe('r1');
    expect(nextNode(nodes, neighbours, 'r1', 'ArrowUp')).toBe('r1');
  });

  it('prefers a connected node in the next column over a nearer unconnected one', () => {
    expect(nextNode(nodes, neighbours, 'gw-b', 'ArrowRight')).toBe('r1');
    expect(nextNode(nodes, neighbours, 'r1', 'ArrowLeft')).toBe('gw-b');
  });

  it('falls back to the nearest node in the next column that has any', () => {
    expect(nextNode(nodes, neighbours, 'r3', 'ArrowLeft')).toBe('gw-b');
    expect(nextNode(nodes, neighbours, 'class', 'ArrowLeft')).toBe('class');
  });
});

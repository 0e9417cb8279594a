import { describe, expect, it } from 'vitest';
import { labelsIntersect, placeLabels, type LabelRequest } from './place-labels.ts';

function request(id: string, x: number, y: number, priority = 0): LabelRequest<string> {
  return {
    item: id,
    candidates: [
      { x, y },
      { x: x - 120, y: y + 10 },
      { x: x + 120, y: y - 10 },
    ],
    width: 100,
    height: 18,
    priority,
  };
}

describe('placeLabels', () => {
  it('places every label where they do not meet', () => {
    const placed = placeLabels([request('a', 0, 0), request('b', 0, 100), request('c', 500, 0)]);
    expect(placed.map((label) => [label.item, label.x, label.y])).toEqual([
      ['a', 0, 0],
      ['b', 0, 100],
      ['c', 500, 0],
    ]);
  });

  it('moves a label along its edge when its middle is taken', () => {
    const placed = placeLabels([request('a', 0, 0, 1), request('b', 40, 0)]);
    expect(placed.find((label) => label.item === 'b')).toMatchObject({ x: 160, y: -10 });
  });

  it('leaves out the less important label when no candidate is free', () => {
    const placed = placeLabels([request('minor', 0, 0), request('major', 0, 0, 5)]);
    expect(placed.map((label) => label.item)).toEqual(['major', 'minor']);
    const crowded = placeLabels([
      { ...request('x', 0, 0), candidates: [{ x: 0, y: 0 }] },
      { ...request('y', 0, 0, 1), candidates: [{ x: 10, y: 5 }] },
    ]);
    expect(crowded.map((label) => label.item)).toEqual(['y']);
  });

  it('keeps labels off the obstacles given', () => {
    const placed = placeLabels([request('a', 0, 0)], [{ x: -60, y: -20, width: 120, height: 40 }]);
    expect(placed).toMatchObject([{ item: 'a', x: -120, y: 10 }]);
  });

  it('never lets two of thousands of crowded labels intersect', () => {
    const requests: LabelRequest<number>[] = [];
    for (let index = 0; index < 2000; index += 1) {
      // A fan of edges from one point: their middles crowd together.
      const x = 300 + (index % 37) * 7;
      const y = (index % 101) * 9;
      requests.push({
        item: index,
        candidates: [0.5, 0.35, 0.65, 0.2, 0.8].map((t) => ({ x: x * t * 2, y: y * t * 2 })),
        width: 40 + (index % 5) * 30,
        height: 18,
        priority: index % 3,
      });
    }
    const placed = placeLabels(requests);
    expect(placed.length).toBeGreaterThan(50);
    expect(placed.length).toBeLessThan(2000);
    let intersecting = 0;
    for (let left = 0; left < placed.length; left += 1)
      for (let right = left + 1; right < placed.length; right += 1)
        if (labelsIntersect(placed[left]!, placed[right]!)) intersecting += 1;
    expect(intersecting).toBe(0);
  });
});

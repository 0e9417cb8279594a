import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './parse-label-selector.ts';

describe('parseLabelSelector', () => {
  it.each([
    ['', {}],
    ['team=shop', { matchLabels: { team: 'shop' } }],
    ['team==shop', { matchLabels: { team: 'shop' } }],
    ['team!=shop', { matchExpressions: [{ key: 'team', operator: 'NotIn', values: ['shop'] }] }],
    ['tier in (web, api)', { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }],
    ['tier notin (db)', { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['db'] }] }],
    ['app.kubernetes.io/name', { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'Exists' }] }],
    ['!legacy', { matchExpressions: [{ key: 'legacy', operator: 'DoesNotExist' }] }],
    [
      'a=b, c in (d,e), !f',
      {
        matchLabels: { a: 'b' },
        matchExpressions: [
          { key: 'c', operator: 'In', values: ['d', 'e'] },
          { key: 'f', operator: 'DoesNotExist' },
        ],
      },
    ],
  ])('reads %j', (text, selector) => {
    expect(parseLabelSelector(text)).toEqual({ valid: true, selector });
  });

  it.each(['a=b,', 'a in b', '=b', 'a=b c', 'tier in (web,)'])('says why it cannot read %j', (text) => {
    const result = parseLabelSelector(text);
    expect(result.valid).toBe(false);
  });
});

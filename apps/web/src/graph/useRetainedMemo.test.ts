import { renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useRetainedMemo } from './useRetainedMemo.ts';

describe('useRetainedMemo', () => {
  it('computes once per inputs while a render alternates between the value on screen and the next', () => {
    const compute = vi.fn((input: object) => ({ from: input }));
    const shown = {};
    const next = {};
    const { result, rerender } = renderHook(({ input }) => useRetainedMemo(() => compute(input), [input]), {
      initialProps: { input: shown },
    });
    const first = result.current;
    rerender({ input: next });
    const second = result.current;
    // An urgent render with the value on screen, then the deferred one again.
    rerender({ input: shown });
    expect(result.current).toBe(first);
    rerender({ input: next });
    expect(result.current).toBe(second);
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('computes anew for inputs it no longer holds', () => {
    const compute = vi.fn((input: number) => [input]);
    const { rerender } = renderHook(({ input }) => useRetainedMemo(() => compute(input), [input]), {
      initialProps: { input: 1 },
    });
    rerender({ input: 2 });
    rerender({ input: 3 });
    rerender({ input: 1 });
    expect(compute).toHaveBeenCalledTimes(4);
  });
});

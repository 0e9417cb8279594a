/**
 * jsdom lacks what React Flow measures with; these stand-ins follow React Flow's testing guide
 * (https://reactflow.dev/learn/advanced-use/testing). Testing Library cleans up after each test.
 */
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => cleanup());

class ResizeObserverStandIn {
  private readonly callback: ResizeObserverCallback;
  constructor(callback: ResizeObserverCallback) {
    this.callback = callback;
  }
  observe(target: Element): void {
    this.callback([{ target } as ResizeObserverEntry], this as unknown as ResizeObserver);
  }
  unobserve(): void {}
  disconnect(): void {}
}

class DOMMatrixReadOnlyStandIn {
  readonly m22: number;
  constructor(transform?: string) {
    const scale = transform?.match(/scale\(([1-9.])\)/)?.[1];
    this.m22 = scale !== undefined ? Number(scale) : 1;
  }
}

/** Pixel sizes as set in style; percentages of a 2000px screen, so React Flow's culling sees a real viewport. */
function size(value: string): number {
  const number = Number.parseFloat(value);
  if (Number.isNaN(number)) return 1;
  return value.endsWith('%') ? (2000 * number) / 100 : number;
}

if (typeof window !== 'undefined') {
  globalThis.ResizeObserver ??= ResizeObserverStandIn as unknown as typeof ResizeObserver;
  (globalThis as { DOMMatrixReadOnly?: unknown }).DOMMatrixReadOnly ??= DOMMatrixReadOnlyStandIn;
  Object.defineProperties(HTMLElement.prototype, {
    offsetHeight: {
      configurable: true,
      get(this: HTMLElement) {
        return size(this.style.height);
      },
    },
    offsetWidth: {
      configurable: true,
      get(this: HTMLElement) {
        return size(this.style.width);
      },
    },
  });
  (SVGElement.prototype as unknown as { getBBox: () => DOMRect }).getBBox = () =>
    ({ x: 0, y: 0, width: 0, height: 0 }) as DOMRect;
}

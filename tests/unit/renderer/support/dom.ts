import { act, cleanup } from '@testing-library/react';
import { afterEach, beforeAll } from 'vitest';

/** jsdom has no layout: give elements a window-sized box so the virtualized list renders rows. */
export function useLayoutBox(width = 900, height = 700): void {
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => height });
    Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => width });
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => height });
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => width });
  });
  afterEach(cleanup);
}

/** Runs a UI event and lets the promises it starts settle inside act(). */
export async function settle(fn: () => void): Promise<void> {
  await act(async () => {
    fn();
    await Promise.resolve();
  });
}

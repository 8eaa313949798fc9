import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

/** Renders into a detached container (jsdom), enough for component tests without extra libraries. */
export function render(node: ReactNode): { container: HTMLElement; rerender: (n: ReactNode) => void; unmount: () => void } {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  act(() => root.render(node));
  return {
    container,
    rerender: (n) => act(() => root.render(n)),
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
  };
}

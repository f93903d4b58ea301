import { render, type VNode } from 'preact';

import { HOST_ATTR } from '../servicenow/button-slot';

/**
 * Renders a Preact tree into an open shadow root on a fresh host element: page styles stay out, ours stay
 * in (inlined: runtime-registered scripts can't load their CSS files). Returns the host and an unmount.
 */
export function shadowMount(tag: string, css: string, tree: VNode): { host: HTMLElement; unmount(): void } {
  const host = document.createElement(tag);
  host.setAttribute(HOST_ATTR, '');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const mount = document.createElement('div');
  root.append(style, mount);
  render(tree, mount);
  return {
    host,
    unmount() {
      render(null, mount);
      host.remove();
    },
  };
}

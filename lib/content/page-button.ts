import { fromUser } from '@/components/user-event';
import { HOST_ATTR } from '../servicenow/button-slot';

export interface PageButton {
  host: HTMLElement;
  button: HTMLButtonElement;
  unmount(): void;
}

/**
 * A button NowBridge places in a page, in plain DOM (no UI library in the content scripts): a fresh host
 * element with an open shadow root, so page styles stay out and ours stay in (inlined: runtime-registered
 * scripts can't load their CSS files). Only the user's own clicks reach `onClick` (components/user-event.ts):
 * a page script's `.click()` does nothing.
 */
export function pageButton(
  tag: string,
  css: string,
  { text, title, onClick }: { text: string; title?: string; onClick(button: HTMLButtonElement): void },
): PageButton {
  const host = document.createElement(tag);
  host.setAttribute(HOST_ATTR, '');
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = css;
  const mount = document.createElement('div');
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = text;
  if (title) button.title = title;
  button.addEventListener('click', (e) => {
    if (fromUser(e)) onClick(button);
  });
  mount.append(button);
  root.append(style, mount);
  return { host, button, unmount: () => host.remove() };
}

import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach } from 'vitest';

/**
 * The element a component test renders into: in the document for each test (focus and events need that),
 * unmounted and taken out after it. Call once at the top of a test file.
 */
export function renderRoot(): HTMLElement {
  const root = document.createElement('div');
  beforeEach(() => void document.body.append(root));
  afterEach(() => {
    act(() => render(null, root));
    root.remove();
  });
  return root;
}

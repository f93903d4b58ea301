import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { requestOrigins } from '@/lib/content/ext';
import { AllowAccess } from './allow-access';

vi.mock('@/lib/content/ext', () => ({ requestOrigins: vi.fn(async () => true) }));

const root = renderRoot();
const button = () => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Allow access');

describe('AllowAccess', () => {
  it('on a lost site access, asks the browser for that site in the click, and goes once it is granted', async () => {
    act(() => render(<AllowAccess message="NowBridge no longer has access to chat.example.test. Allow access, then try again." />, root));
    await act(async () => button()!.click());
    expect(vi.mocked(requestOrigins)).toHaveBeenCalledWith(['https://chat.example.test/*']);
    expect(button()).toBeUndefined();
  });

  it('shows nothing beside any other error', () => {
    act(() => render(<AllowAccess message="Can't reach chat.example.test. Check the address and your network." />, root));
    expect(root.querySelector('button')).toBeNull();
  });
});

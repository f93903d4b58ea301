import { afterEach, describe, expect, it, vi } from 'vitest';
import { fromUser } from '@/components/user-event';
import { HOST_ATTR } from '../servicenow/button-slot';
import { pageButton } from './page-button';

afterEach(() => {
  vi.mocked(fromUser).mockReturnValue(true);
  document.body.innerHTML = '';
});

describe('pageButton', () => {
  it('is a button with its text and title in an open shadow root, with its style, on a marked host', () => {
    const { host, button } = pageButton('nowbridge-test-button', 'button{color:red}', { text: 'Go', title: 'Go there', onClick: () => undefined });
    expect(host.tagName).toBe('NOWBRIDGE-TEST-BUTTON');
    expect(host.hasAttribute(HOST_ATTR)).toBe(true);
    expect(host.shadowRoot!.querySelector('style')!.textContent).toBe('button{color:red}');
    expect(host.shadowRoot!.querySelector('button')).toBe(button);
    expect(button).toMatchObject({ type: 'button', textContent: 'Go', title: 'Go there' });
  });

  it("acts on the user's clicks only, and goes with unmount", () => {
    const onClick = vi.fn();
    const { host, button, unmount } = pageButton('nowbridge-test-button', '', { text: 'Go', onClick });
    document.body.append(host);
    button.click();
    expect(onClick).toHaveBeenCalledWith(button);
    vi.mocked(fromUser).mockReturnValue(false); // a page script's .click()
    button.click();
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(button.hasAttribute('title')).toBe(false);
    unmount();
    expect(host.isConnected).toBe(false);
  });
});

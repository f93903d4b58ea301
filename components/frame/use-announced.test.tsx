import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderRoot } from '@/lib/testing/render-root';
import { refKey } from '@/lib/servicenow/record';
import { announcedKeys, useAnnounced } from './use-announced';

const SN = 'https://acme.service-now.com';
const INC = { table: 'incident', sys_id: 'a'.repeat(32) };
const root = renderRoot();

function Probe({ onChange }: { onChange(): void }) {
  useAnnounced(`${SN}/`, [{ number: 'INC0010001' }, INC], onChange);
  return null;
}

describe('announcements to extension pages', () => {
  it('reads only the revalidation message, keys as strings', () => {
    expect(announcedKeys({ type: 'nowbridge/cards-revalidated', keys: ['a', 1, 'b'] })).toEqual(['a', 'b']);
    expect(announcedKeys({ type: 'nowbridge/frame', keys: ['a'] })).toBeUndefined();
    expect(announcedKeys(null)).toBeUndefined();
  });

  it('calls back for a key of one of its references, by number or by sys_id, and for nothing else', async () => {
    const onChange = vi.fn();
    act(() => render(<Probe onChange={onChange} />, root));
    const tell = (keys: string[]) => fakeBrowser.runtime.onMessage.trigger({ type: 'nowbridge/cards-revalidated', keys }, {}, () => undefined);
    await tell([`${SN} ${refKey({ table: 'problem', sys_id: 'b'.repeat(32) })}`]);
    expect(onChange).not.toHaveBeenCalled();
    await tell([`${SN} ${refKey(INC)}`]);
    await tell([`${SN} ${refKey({ number: 'INC0010001' })}`]);
    expect(onChange).toHaveBeenCalledTimes(2);
    act(() => render(null, root));
    await tell([`${SN} ${refKey(INC)}`]);
    expect(onChange).toHaveBeenCalledTimes(2);
  });
});

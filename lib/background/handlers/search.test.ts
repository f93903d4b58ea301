import { describe, expect, test, vi } from 'vitest';
import { createSearchHandlers } from './search';
import type { SearchService } from '../search-service';

const INSTANCE = 'https://acme.service-now.com';
const request = { type: 'search/visited' as const, instance: INSTANCE, table: 'incident', sys_id: 'a'.repeat(32) };

function setup() {
  const visited = vi.fn(async () => undefined);
  const handlers = createSearchHandlers({
    search: { visited } as unknown as SearchService,
    connections: { statuses: async () => ({}) },
    isMattermostPage: async () => false,
  });
  return { visited, handlers };
}

describe('search/visited', () => {
  test('a ServiceNow page records a visit on its own instance', async () => {
    const { visited, handlers } = setup();
    await handlers['search/visited'](request, { url: `${INSTANCE}/incident.do?sys_id=x`, fromExtensionPage: false });
    expect(visited).toHaveBeenCalledWith(INSTANCE, 'incident', 'a'.repeat(32));
  });

  test('a page on another instance may not record visits here', async () => {
    const { visited, handlers } = setup();
    await expect(
      handlers['search/visited'](request, { url: 'https://itsm.example.test/incident.do', fromExtensionPage: false }),
    ).rejects.toThrow('Refused: this page may not record visits elsewhere.');
    expect(visited).not.toHaveBeenCalled();
  });

  test('our own pages (the popup) may record a visit on any instance', async () => {
    const { visited, handlers } = setup();
    await handlers['search/visited'](request, { url: 'chrome-extension://ext/popup.html', fromExtensionPage: true });
    expect(visited).toHaveBeenCalledOnce();
  });
});

/** A watch event for tests: David Loo resolved INC0010001 with a comment, unless `over` says otherwise. */
import type { WatchEvent } from './watch-model';

export const FIXTURE_INSTANCE = 'https://acme.service-now.com';

export const watchEvent = (over: Partial<WatchEvent> = {}): WatchEvent => ({
  key: `${FIXTURE_INSTANCE} ${'a'.repeat(32)} 5`,
  instance: FIXTURE_INSTANCE,
  table: 'incident',
  sys_id: 'a'.repeat(32),
  number: 'INC0010001',
  title: 'VPN down',
  kind: 'updated',
  actor: { user_name: 'david.loo', name: 'David Loo' },
  at: '2025-06-02T08:00:00.000Z',
  changes: [{ field: 'state', label: 'State', from: 'In Progress', to: 'Resolved' }],
  journal: [{ element: 'comments', author: 'David Loo', text: 'Fixed' }],
  more: 0,
  digest: false,
  read: false,
  watchIds: [`record ${FIXTURE_INSTANCE} ${'a'.repeat(32)}`],
  ...over,
});

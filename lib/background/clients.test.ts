import { describe, expect, test, vi } from 'vitest';
import { NotConnectedError } from '../http';
import { createClients } from './clients';

describe('client registry', () => {
  test('one client per product and site, until forgotten', async () => {
    const fetchFor = vi.fn(async () => fetch);
    const clients = createClients({ fetchFor });
    const a = await clients.servicenow('https://acme.service-now.com');
    expect(await clients.servicenow('https://acme.service-now.com')).toBe(a);
    await clients.mattermost('https://chat.example.com');
    expect(fetchFor.mock.calls).toEqual([
      ['servicenow', 'https://acme.service-now.com'],
      ['mattermost', 'https://chat.example.com'],
    ]);
    clients.forget('servicenow', 'https://acme.service-now.com');
    expect(await clients.servicenow('https://acme.service-now.com')).not.toBe(a);
  });

  test('a refusal (not connected) keeps nothing: the next ask connects', async () => {
    let connected = false;
    const clients = createClients({
      fetchFor: async () => {
        if (!connected) throw new NotConnectedError('unauthorized', 'Connect first.');
        return fetch;
      },
    });
    await expect(clients.servicenow('https://acme.service-now.com')).rejects.toBeInstanceOf(NotConnectedError);
    connected = true;
    expect(await clients.servicenow('https://acme.service-now.com')).toBeDefined();
  });
});

import { beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PickerTarget } from '../mattermost/channels';
import { recentTargets, rememberTarget } from './recent-targets';

const MM = 'https://chat.example.test';
const target = (n: number): PickerTarget => ({ key: `channel:${String(n).padStart(26, 'a')}`, kind: 'channel', label: `C${n}`, typeLabel: 'Channel', server: MM });

beforeEach(() => fakeBrowser.reset());

test('newest first, once each, at most 10, under the same key and shape as before', async () => {
  for (let n = 0; n < 12; n++) await rememberTarget(target(n));
  await rememberTarget(target(5));
  const recent = await recentTargets(MM);
  expect(recent.map((t) => t.label)).toEqual(['C5', 'C11', 'C10', 'C9', 'C8', 'C7', 'C6', 'C4', 'C3', 'C2']);
  expect((await fakeBrowser.storage.local.get('recentTargets')).recentTargets).toEqual({ [MM]: recent });
});

test('malformed entries are left out', async () => {
  await fakeBrowser.storage.local.set({ recentTargets: { [MM]: [target(1), { key: 7 }, null], other: 'x' } });
  expect(await recentTargets(MM)).toEqual([target(1)]);
  expect(await recentTargets('other')).toEqual([]);
});

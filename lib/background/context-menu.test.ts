import type { Menus, Tabs } from 'webextension-polyfill';
import { beforeEach, expect, test, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PickerTarget } from '../mattermost/channels';
import { subjectFor, watchContextMenu } from './context-menu';
import type { ShareRequest, ShareService } from './share-service';

const SN = 'https://acme.service-now.com';
const MM = 'https://chat.example.test';
const INCIDENT_PAGE = `${SN}/incident.do?sys_id=${'a'.repeat(32)}`;
const TAB = { id: 7, title: 'INC0010001 | ServiceNow' };

beforeEach(async () => {
  fakeBrowser.reset();
  await fakeBrowser.storage.local.set({ settings: { servicenow: [{ base: SN }], mattermost: [{ base: MM }] } });
});

test('a right-clicked link on a record page is shared as that link, not as the page’s record', async () => {
  expect(await subjectFor({ linkUrl: 'https://status.example.test/outage', pageUrl: INCIDENT_PAGE }, TAB)).toEqual({
    kind: 'link',
    url: 'https://status.example.test/outage',
  });
});

test('the link wins over text left selected elsewhere on the page (Chromium reports both)', async () => {
  expect(await subjectFor({ linkUrl: 'https://status.example.test/outage', selectionText: 'Assigned to', pageUrl: INCIDENT_PAGE }, TAB)).toEqual({
    kind: 'link',
    url: 'https://status.example.test/outage',
  });
});

test('a link to a ServiceNow record shares that record (the card the user expects), not the page’s', async () => {
  const problem = `${SN}/problem.do?sys_id=${'b'.repeat(32)}`;
  expect(await subjectFor({ linkUrl: problem, pageUrl: INCIDENT_PAGE }, TAB)).toEqual({
    kind: 'record',
    instance: SN,
    ref: { table: 'problem', sys_id: 'b'.repeat(32) },
  });
});

test("Firefox's link text names the link; the page's title never does", async () => {
  expect(await subjectFor({ linkUrl: 'https://status.example.test/', linkText: ' Status page ', pageUrl: INCIDENT_PAGE }, TAB)).toEqual({
    kind: 'link',
    url: 'https://status.example.test/',
    title: 'Status page',
  });
});

test('a link that is no web address is refused with a message, not swapped for the page', async () => {
  for (const linkUrl of ['javascript:void(0)', 'mailto:desk@example.test']) {
    await expect(subjectFor({ linkUrl, pageUrl: INCIDENT_PAGE }, TAB)).rejects.toThrow('Only web links can be shared.');
  }
});

test('without a link: the selection is a quote of the page, and the page alone is its record', async () => {
  expect(await subjectFor({ selectionText: ' Printer down ', pageUrl: INCIDENT_PAGE }, TAB)).toEqual({
    kind: 'quote',
    text: 'Printer down',
    url: INCIDENT_PAGE,
    title: TAB.title,
  });
  expect(await subjectFor({ pageUrl: INCIDENT_PAGE }, TAB)).toEqual({ kind: 'record', instance: SN, ref: { table: 'incident', sys_id: 'a'.repeat(32) } });
});

test('"Share to recent channel" on a link (text still selected elsewhere) posts the link to that channel, and says so', async () => {
  const target: PickerTarget = { key: `channel:${'c'.repeat(26)}`, kind: 'channel', label: 'Incidents', typeLabel: 'Channel', server: MM };
  const posted: ShareRequest[] = [];
  const share = {
    servers: async () => [{ base: MM, label: MM, connected: true }],
    recent: async () => [target],
    post: async (req: ShareRequest) => {
      posted.push(req);
      return { channelLabel: 'Incidents', postUrl: `${MM}/pl/x` };
    },
  } as unknown as ShareService;
  const notify = vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation(() => undefined as never);
  // The fake browser has no context menus: catch the click listener NowBridge registers.
  let click: ((info: Menus.OnClickData, tab?: Tabs.Tab) => void) | undefined;
  vi.spyOn(fakeBrowser.contextMenus.onClicked, 'addListener').mockImplementation((listener) => void (click = listener as unknown as typeof click));
  watchContextMenu(share);
  click!({ menuItemId: `nb-recent|${MM}|${target.key}`, selectionText: 'Assigned to', linkUrl: 'https://status.example.test/outage', pageUrl: INCIDENT_PAGE } as Menus.OnClickData, TAB as Tabs.Tab);
  await vi.waitFor(() => expect(posted).toHaveLength(1));
  expect(posted[0]!.subject).toEqual({ kind: 'link', url: 'https://status.example.test/outage' });
  await vi.waitFor(() => expect(notify).toHaveBeenCalledWith(expect.objectContaining({ title: 'Posted to Incidents' })));
});

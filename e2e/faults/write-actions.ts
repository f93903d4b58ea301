/** The writes of the fault table: what the user opens, types, presses, and how the simulators show it landed. */
import type { Page } from 'playwright-core';
import { HOSTS, MM_CHANNELS, SN_RECORDS } from '../../sim/fixtures';
import { SEEDED_REFERENCES } from '../../sim/mattermost';
import { cardsOf, closedShadow } from '../closed-shadow';
import { inFrame } from '../frames';
import { showPost } from '../mattermost-page';
import type { ActionDef, EndState, FaultWorld, Surface } from './cell';
import { dialogShown, reconnect } from './user';

const SN = `https://${HOSTS.servicenow}`;
const MM = `https://${HOSTS.mattermost}`;
const INC = SN_RECORDS.incident;

/** After a failure the user heals what they can (Reconnect on the options page), then presses the same button again. */
async function pressAgain(w: FaultWorld, state: EndState, press: () => Promise<void>): Promise<void> {
  if (state === 'Needs sign-in, Reconnect') await reconnect(w);
  await press();
}

/** Post to Mattermost from a ServiceNow form: channel chosen, a message typed, Post. */
export const share: ActionDef = {
  id: 'share',
  label: 'Share (Post to Mattermost)',
  kind: 'write',
  target: { sim: 'mm', method: 'POST', path: /^\/api\/v4\/posts$/ },
  success: /^Posted to /,
  async open(w, input) {
    const page = await w.browser.context.newPage();
    await page.goto(`${SN}/incident.do?sys_id=${INC.sys_id}`);
    await page.getByRole('button', { name: 'Post to Mattermost' }).click();
    const dialog = await inFrame(page, 'dialog', 'Share to Mattermost');
    await dialog.getByRole('article').first().waitFor();
    await dialog.getByRole('combobox', { name: 'Channel' }).fill('Incidents');
    await dialog.getByRole('option', { name: /^Incidents/ }).first().click();
    await dialog.getByRole('textbox', { name: 'Message' }).fill(input);
    const post = () => dialog.getByRole('button', { name: 'Post', exact: true }).click();
    return surface(page, {
      act: post,
      shown: () => dialogShown(dialog),
      input: async () => `${await dialog.getByRole('combobox', { name: 'Channel' }).inputValue()} ${await dialog.getByRole('textbox', { name: 'Message' }).inputValue()}`,
      retry: (state) => pressAgain(w, state, post),
    });
  },
  writes: (w, input) => w.sims.mm.control.posts(MM_CHANNELS.incidents.id).filter((p) => p.message.includes(input)).length,
};

const classic = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;

/** The record panel, opened from the card under the seeded classic-link post (INC0010001). */
async function openPanel(w: FaultWorld) {
  const page = await w.browser.context.newPage();
  await page.goto(`${MM}/ops/channels/${w.sims.mm.store.channelById(classic.channelId)!.name}`);
  await showPost(page, classic.postId);
  const sh = closedShadow(page);
  const hosts = cardsOf(classic.postId, 'post');
  await sh.until(async () => (await sh.count(hosts, { role: 'button', name: 'More' })) > 0, { message: 'no More button' });
  await sh.click(hosts, { role: 'button', name: 'More' });
  const dialog = await inFrame(page, 'dialog', new RegExp(`^${INC.number}: `));
  // the panel's reads done (the State form answers last): the fault meets the write, not a read
  await dialog.getByRole('combobox', { name: 'State' }).waitFor();
  return { page, dialog };
}

/** A comment from the record panel in Mattermost. */
export const comment: ActionDef = {
  id: 'comment',
  label: 'Comment (record panel)',
  kind: 'write',
  target: { sim: 'sn', method: 'PATCH', path: new RegExp(`^/api/now/table/incident/${INC.sys_id}$`) },
  success: /^Comment added to /,
  async open(w, input) {
    const { page, dialog } = await openPanel(w);
    const box = dialog.getByRole('textbox', { name: 'Comment' });
    await box.fill(input);
    const add = () => dialog.getByRole('button', { name: 'Add to record' }).click();
    return surface(page, {
      act: add,
      // the footer beside "Add to record", not the State form's
      shown: () => dialogShown(dialog.locator('.nb-share__footer').filter({ hasText: 'Add to record' })),
      input: () => box.inputValue(),
      retry: (state) => pressAgain(w, state, add),
    });
  },
  writes: (w, input) => w.sims.sn.store.scan('sys_journal_field').filter((j) => j.element_id === INC.sys_id && j.value === input).length,
};

function surface(page: Page, s: Omit<Surface, 'close'>): Surface {
  return { ...s, close: () => page.close() };
}

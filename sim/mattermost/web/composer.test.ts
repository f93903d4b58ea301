/** The composer's send paths, run in the page (composer.ts through client.ts). */
import { describe, expect, it } from 'vitest';
import { IDS, pid } from './fake-store';
import { createWebApp } from './index';
import { longChannel, openPage, pressKey, typeInto, type Page } from './test-page';

const NOT_FOUND = { id: 'api.command.execute_command.not_found.app_error', message: "Command with a trigger of 'servicenow' not found.", status_code: 404 };

async function channel(query = '') {
  const page = await openPage(longChannel(), '/ops/channels/incidents' + query);
  const box = page.doc.getElementById('post_textbox')!;
  return { page, box };
}
const settle = (page: Page) => page.sim.idle();

describe('sending (use_key_handler.tsx)', () => {
  it('sends on keypress, not keydown; a keydown whose default was prevented sends nothing', async () => {
    const { page, box } = await channel();
    typeInto(page, box, 'hello');
    box.dispatchEvent(new page.win.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }) as unknown as Event);
    expect(page.posted).toHaveLength(0);
    box.dispatchEvent(new page.win.KeyboardEvent('keypress', { key: 'Enter', bubbles: true, cancelable: true }) as unknown as Event);
    expect(page.posted.map((p) => p.body.message)).toEqual(['hello']);

    // an extension taking the keydown first (window, capture phase): the browser then sends no keypress
    typeInto(page, box, '/servicenow INC0010001');
    page.win.addEventListener('keydown', ((e: KeyboardEvent) => e.preventDefault()) as never, { capture: true });
    pressKey(page, box, 'Enter');
    expect(page.posted).toHaveLength(1);
    expect((box as HTMLTextAreaElement).value).toBe('/servicenow INC0010001');
  });

  it('Shift+Enter and Alt+Enter do not send; Alt+Enter inserts the line break itself', async () => {
    const { page, box } = await channel();
    typeInto(page, box, 'line one');
    pressKey(page, box, 'Enter', { shiftKey: true });
    pressKey(page, box, 'Enter', { altKey: true });
    expect(page.posted).toHaveLength(0);
    expect((box as HTMLTextAreaElement).value).toBe('line one\n');
  });

  it('does not send inside an open code block; Ctrl+Enter closes it and sends', async () => {
    const { page, box } = await channel();
    typeInto(page, box, '```\ncode');
    pressKey(page, box, 'Enter');
    expect(page.posted).toHaveLength(0);
    pressKey(page, box, 'Enter', { ctrlKey: true });
    expect(page.posted.map((p) => p.body.message)).toEqual(['```\ncode\n```']);
  });

  it('the send button (disabled while empty) and the form submit send too', async () => {
    const { page, box } = await channel();
    const form = page.doc.querySelector('form#create_post[data-testid=create-post]') as HTMLFormElement;
    const send = form.querySelector('button[data-testid=SendMessageButton][aria-label="Send Now"]') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    typeInto(page, box, 'by button');
    expect(send.disabled).toBe(false);
    send.click();
    typeInto(page, box, 'by submit');
    form.dispatchEvent(new page.win.Event('submit', { bubbles: true, cancelable: true }) as unknown as Event);
    expect(page.posted.map((p) => p.body.message)).toEqual(['by button', 'by submit']);
    expect(send.disabled).toBe(true);
    // the RHS form has no id, and its own button
    await page.sim.openThread(pid(60));
    const rhsForm = page.doc.querySelector('#rhsContainer form') as HTMLFormElement;
    expect(rhsForm.id).toBe('');
    typeInto(page, rhsForm.querySelector('#reply_textbox')!, 'reply by button');
    (rhsForm.querySelector('[data-testid=SendMessageButton]') as HTMLButtonElement).click();
    expect(page.posted[2]!.body).toMatchObject({ message: 'reply by button', root_id: pid(60) });
  });

  it('with send_on_ctrl_enter, only Ctrl/⌘+Enter sends (query switch and server setting)', async () => {
    const { page, box } = await channel('?send_on_ctrl_enter=true');
    typeInto(page, box, 'first line');
    pressKey(page, box, 'Enter');
    expect(page.posted).toHaveLength(0);
    pressKey(page, box, 'Enter', { metaKey: true });
    expect(page.posted.map((p) => p.body.message)).toEqual(['first line']);

    const store = longChannel();
    const viaSetting = await openPage(store, '/ops/channels/incidents?wysiwyg=1', createWebApp(store, { subpath: '', settings: () => ({ sendOnCtrlEnter: true }) }));
    const rich = viaSetting.doc.getElementById('post_textbox')!;
    typeInto(viaSetting, rich, 'rich');
    pressKey(viaSetting, rich, 'Enter');
    expect(viaSetting.posted).toHaveLength(0);
    pressKey(viaSetting, rich, 'Enter', { ctrlKey: true });
    expect(viaSetting.posted.map((p) => p.body.message)).toEqual(['rich']);
  });
});

describe('slash commands (use_submit.tsx, actions/command.ts)', () => {
  it('runs a command through commands/execute with the CSRF headers and clears the box on success', async () => {
    const { page, box } = await channel();
    page.answer = () => ({ status: 200, body: { response_type: 'in_channel', text: '' } });
    typeInto(page, box, '/SHRUG   hi there  ');
    pressKey(page, box, 'Enter');
    await settle(page);
    const [req] = page.posted;
    expect(req!.url).toBe('/api/v4/commands/execute');
    expect(req!.headers).toMatchObject({ 'X-CSRF-Token': 'csrf-token-1', 'X-Requested-With': 'XMLHttpRequest' });
    expect(req!.body).toEqual({ command: '/shrug hi there', channel_id: IDS.incidents, team_id: IDS.ops, root_id: '' });
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('an unknown trigger keeps the draft and shows MessageSubmitError; Enter again sends it as a message', async () => {
    const { page, box } = await channel();
    page.answer = (p) => (p.url.endsWith('/commands/execute') ? { status: 404, body: NOT_FOUND } : { status: 201, body: {} });
    typeInto(page, box, '/servicenow INC0010001');
    pressKey(page, box, 'Enter');
    await settle(page);
    expect((box as HTMLTextAreaElement).value).toBe('/servicenow INC0010001');
    const error = page.doc.querySelector('form#create_post #postCreateFooter.AdvancedTextEditor__footer[role=form] > .has-error > .control-label')!;
    expect(error.textContent).toBe("Command with a trigger of '/servicenow' not found. Click here to send as a message.");
    expect(error.querySelector('a[href="#"][role=button]')!.textContent).toBe('Click here to send as a message.');

    pressKey(page, box, 'Enter');
    await settle(page);
    expect(page.posted.map((p) => p.url)).toEqual(['/api/v4/commands/execute', '/api/v4/posts']);
    expect(page.posted[1]!.body.message).toBe('/servicenow INC0010001');
    expect(page.doc.querySelector('.has-error')).toBeNull();
    expect((box as HTMLTextAreaElement).value).toBe('');
  });

  it('"Click here to send as a message." posts the draft; a changed draft runs as a command again', async () => {
    const { page, box } = await channel();
    page.answer = (p) => (p.url.endsWith('/commands/execute') ? { status: 404, body: NOT_FOUND } : { status: 201, body: {} });
    typeInto(page, box, '/servicenow one');
    pressKey(page, box, 'Enter');
    await settle(page);
    typeInto(page, box, '/servicenow two');
    // the invalid-command error outlives typing (handleChange)
    expect(page.doc.querySelector('.has-error')).not.toBeNull();
    pressKey(page, box, 'Enter');
    await settle(page);
    (page.doc.querySelector('.has-error a') as HTMLElement).click();
    await settle(page);
    expect(page.posted.map((p) => p.url.split('/').pop())).toEqual(['execute', 'execute', 'posts']);
    expect(page.posted[2]!.body.message).toBe('/servicenow two');
  });

  it('another error shows the server message, keeps the draft and blocks sending until the text changes', async () => {
    const { page, box } = await channel();
    page.answer = () => ({ status: 403, body: { id: 'api.context.permissions.app_error', message: 'You do not have the appropriate permissions.', status_code: 403 } });
    typeInto(page, box, '/shrug');
    pressKey(page, box, 'Enter');
    await settle(page);
    expect(page.doc.querySelector('#postCreateFooter > .has-error > label.control-label')!.textContent).toBe('You do not have the appropriate permissions.');
    pressKey(page, box, 'Enter');
    await settle(page);
    expect(page.posted).toHaveLength(1);
    typeInto(page, box, '/shrug again');
    expect(page.doc.querySelector('.has-error')).toBeNull();
    expect((box as HTMLTextAreaElement).value).toBe('/shrug again');
  });
});

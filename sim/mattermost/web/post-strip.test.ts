/** The hover strip and the "…" menu, run in the page (post-strip.ts, dot-menu.ts through client.ts). */
import { describe, expect, it } from 'vitest';
import { pid } from './fake-store';
import { longChannel, openPage, pressKey, type Page } from './test-page';

const ID = pid(60);
const post = (page: Page) => page.doc.getElementById(`post_${ID}`)!;
const strip = (page: Page) => post(page).querySelector(`ul.col.post-menu[data-testid="post-menu-${ID}"]`)!;
const ids = (ul: Element) => [...ul.children].map((li) => li.firstElementChild?.id || li.className);
const hover = (page: Page, on: boolean) => post(page).dispatchEvent(new page.win.MouseEvent(on ? 'mouseenter' : 'mouseleave') as unknown as Event);
const dot = (page: Page) => page.doc.getElementById(`CENTER_button_${ID}`) as HTMLButtonElement;
const menu = (page: Page) => page.doc.getElementById(`CENTER_dropdown_${ID}`);

describe('hover strip (post_options.tsx hoverLocal)', () => {
  it('re-renders on hover as React does: kept li stay, new ones go before the next kept one or last; a foreign li survives', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    const ul = strip(page);
    expect(ids(ul)).toEqual([`CENTER_button_${ID}`, `CENTER_reaction_${ID}`, `CENTER_flagIcon_${ID}`]);
    const reaction = ul.children[1];
    const foreign = page.doc.createElement('li');
    foreign.className = 'nowbridge';
    ul.append(foreign);

    hover(page, true);
    expect(ids(ul)).toEqual(['recent_reaction_0', 'recent_reaction_1', 'recent_reaction_2', `CENTER_reaction_${ID}`, `CENTER_flagIcon_${ID}`, 'nowbridge', `CENTER_reply_${ID}`, `CENTER_button_${ID}`]);
    expect(ul.children[3]).toBe(reaction);
    expect(ul.querySelector(`#CENTER_reply_${ID}[aria-label=Reply][data-reply="${ID}"]`)).not.toBeNull();

    hover(page, false);
    expect(ids(ul)).toEqual([`CENTER_button_${ID}`, `CENTER_reaction_${ID}`, `CENTER_flagIcon_${ID}`, 'nowbridge']);
    expect(foreign.isConnected).toBe(true);
  });

  it('focus within the post counts as hover (a11y)', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    (post(page) as HTMLElement).focus();
    expect(ids(strip(page)).at(-1)).toBe(`CENTER_button_${ID}`);
  });
});

describe('dot menu (dot_menu.tsx, menu/menu.tsx)', () => {
  it('is an MUI menu in a portal under <body> that exists only while open', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    hover(page, true);
    expect(page.doc.querySelector('.MuiPopover-root')).toBeNull();
    expect(dot(page).getAttribute('aria-expanded')).toBe('false');
    dot(page).click();
    const root = page.doc.querySelector('body > div.MuiPopover-root[role=presentation]')!;
    expect(root.querySelector(':scope > .MuiBackdrop-root')).not.toBeNull();
    const list = menu(page)!;
    expect(list.matches('ul[role=menu][aria-label="Post extra options"]')).toBe(true);
    expect(root.contains(list)).toBe(true);
    const items = [...list.querySelectorAll('li.MuiMenuItem-root[role=menuitem]')];
    expect(items.map((li) => li.id.replace(ID, ''))).toEqual(['reply_to_post_', 'forward_post_', 'unread_post_', 'save_post_', 'pin_post_', 'permalink_', 'copy_']);
    expect(items.map((li) => li.querySelector('.label-elements')!.textContent)).toContain('Copy Link');
    expect(page.doc.activeElement).toBe(items[0]);
    expect(dot(page).getAttribute('aria-expanded')).toBe('true');
    expect(page.doc.getElementById('root')!.getAttribute('aria-hidden')).toBe('true');

    pressKey(page, page.doc.activeElement!, 'Escape');
    expect(page.doc.querySelector('.MuiPopover-root')).toBeNull();
    expect(page.doc.activeElement).toBe(dot(page));
    expect(dot(page).getAttribute('aria-expanded')).toBe('false');
    expect(page.doc.getElementById('root')!.hasAttribute('aria-hidden')).toBe(false);
  });

  it('arrow keys walk the DOM siblings (an appended item too), skip separators and wrap; every key is prevented', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    hover(page, true);
    dot(page).click();
    const list = menu(page)!;
    const mine = page.doc.createElement('li');
    mine.setAttribute('role', 'menuitem');
    mine.setAttribute('tabindex', '-1');
    mine.className = 'MuiMenuItem-root nowbridge';
    list.append(mine);
    const key = (k: string) => pressKey(page, page.doc.activeElement!, k);
    key('ArrowUp');
    expect(page.doc.activeElement).toBe(mine);
    key('ArrowUp');
    expect(page.doc.activeElement!.id).toBe(`copy_${ID}`);
    key('ArrowUp');
    expect(page.doc.activeElement!.id).toBe(`permalink_${ID}`);
    key('ArrowDown');
    key('ArrowDown');
    expect(page.doc.activeElement).toBe(mine);
    key('ArrowDown');
    expect(page.doc.activeElement!.id).toBe(`reply_to_post_${ID}`);
    const x = new page.win.KeyboardEvent('keydown', { key: 'x', bubbles: true, cancelable: true }) as unknown as KeyboardEvent;
    page.doc.activeElement!.dispatchEvent(x);
    expect(x.defaultPrevented).toBe(true);
    // a click on someone else's item does not close the menu; the backdrop does
    mine.click();
    expect(menu(page)).not.toBeNull();
    (page.doc.querySelector('.MuiBackdrop-root') as HTMLElement).click();
    expect(page.doc.querySelector('.MuiPopover-root')).toBeNull();
  });

  it('Enter on Reply opens the thread; Copy Link copies the permalink; own posts get Edit and Delete', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    const copied: string[] = [];
    Object.defineProperty(page.win.navigator, 'clipboard', { value: { writeText: async (t: string) => void copied.push(t) }, configurable: true });
    hover(page, true);
    dot(page).click();
    pressKey(page, page.doc.getElementById(`reply_to_post_${ID}`)!, 'Enter');
    await page.sim.idle();
    expect(page.doc.querySelector('.MuiPopover-root')).toBeNull();
    expect(page.doc.getElementById(`rhsPost_${ID}`)).not.toBeNull();

    dot(page).click();
    (page.doc.getElementById(`permalink_${ID}`) as HTMLElement).click();
    expect(copied).toEqual([`https://chat.example.test/ops/pl/${ID}`]);

    // pid(59) is beth's (the viewer's); the shortcut letter K copies too
    const own = page.doc.getElementById(`post_${pid(59)}`)!;
    own.dispatchEvent(new page.win.MouseEvent('mouseenter') as unknown as Event);
    (page.doc.getElementById(`CENTER_button_${pid(59)}`) as HTMLElement).click();
    expect(page.doc.getElementById(`edit_post_${pid(59)}`)).not.toBeNull();
    expect(page.doc.getElementById(`delete_post_${pid(59)}`)).not.toBeNull();
    pressKey(page, page.doc.activeElement!, 'k');
    expect(page.doc.querySelector('.MuiPopover-root')).toBeNull();
    expect(copied.at(-1)).toBe(`https://chat.example.test/ops/pl/${pid(59)}`);
  });

  it('opened with the mouse, focus goes to the list (disableAutoFocusItem); the RHS uses RHS_ROOT / RHS_COMMENT', async () => {
    const page = await openPage(longChannel(), '/ops/channels/incidents');
    hover(page, true);
    dot(page).dispatchEvent(new page.win.MouseEvent('mousedown', { bubbles: true }) as unknown as Event);
    dot(page).click();
    expect(page.doc.activeElement).toBe(menu(page));
    pressKey(page, menu(page)!, 'ArrowDown');
    expect(page.doc.activeElement!.id).toBe(`reply_to_post_${ID}`);
    pressKey(page, page.doc.activeElement!, 'Tab');
    expect(menu(page)).toBeNull();

    await page.sim.openThread(ID);
    const rhs = page.doc.getElementById(`rhsPost_${ID}`)!;
    rhs.dispatchEvent(new page.win.MouseEvent('mouseenter') as unknown as Event);
    (page.doc.getElementById(`RHS_ROOT_button_${ID}`) as HTMLElement).click();
    expect(page.doc.getElementById(`RHS_ROOT_dropdown_${ID}`)).not.toBeNull();
  });
});

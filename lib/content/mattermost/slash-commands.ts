import { fromUser } from '@/components/user-event';
import { COMMAND_LINE, parseCommand, suggestions, type CommandSpec } from '../../commands/servicenow-command';
import { defineFeature } from '../feature';
import { type MountedFrame, openFrame } from '../frame-host';
import { hostTheme } from '../host-theme';
import { insertIntoComposer, setComposerText } from './composer-insert';

/**
 * `/servicenow …` and `/sn …` in Mattermost's message boxes, handled in the browser and never sent to Mattermost
 * (records-and-watch-contracts.md D.3). Mattermost sends on `keypress` (advanced_text_editor.tsx `onKeyPress=
 * {postMsgKeyPress}`, use_key_handler.tsx) and on its Send button and form submit, through React listeners on the
 * root container (React 18: webapp/channels/package.json), so listeners in the capture phase on `window` run first
 * and stop all three for a command line: a default-prevented keydown also suppresses the keypress. Every such
 * event is stopped, a page script's too; only the user's own (trusted) Enter or click runs the command, in an extension frame
 * (components/frame/command-frame.tsx): a panel under the box for answers only the user sees, a dialog for the
 * forms. The box is cleared only once the command ran.
 *
 * Enter runs a command whatever the "Send messages on Ctrl+Enter" setting (a command is one line; Ctrl/⌘+Enter
 * runs it too); Shift+Enter and IME composition are left alone. While the command word is being typed, NowBridge's
 * own suggestion list ("ServiceNow commands") offers the verbs: ↑/↓ choose, Tab or Enter completes, Esc closes.
 */
const BOXES = '#post_textbox, #reply_textbox';
const SEND_BUTTON = '[data-testid="SendMessageButton"]';
const LIST_ID = 'nowbridge-commands';
// Mattermost's theme variables (set on :root by utils/utils.tsx applyTheme): the list is light or dark as the page is
const LIST_CSS =
  'position:fixed;z-index:2147483646;margin:0;padding:4px 0;list-style:none;background:var(--center-channel-bg,#fff);color:var(--center-channel-color,#1f2329);border:1px solid rgba(var(--center-channel-color-rgb,63,67,80),.16);border-radius:6px;box-shadow:0 4px 12px rgba(0,0,0,.18);font:14px system-ui,sans-serif;min-width:320px;';
const text = (box: HTMLElement) => (box instanceof HTMLTextAreaElement ? box.value : (box.textContent ?? ''));
const boxIn = (el: Element | null) => (el?.closest?.('form, .post-create__container, #rhsContainer, .AdvancedTextEditor')?.querySelector<HTMLElement>(BOXES) ?? null);

export function slashCommands(signal: AbortSignal, server: string): void {
  let panel: MountedFrame | undefined;
  /** the line last run from a box and its submission id, until it ran */
  let pending: { box: HTMLElement; line: string; id: number } | undefined;
  let list: HTMLUListElement | undefined;
  let options: readonly CommandSpec[] = [];
  let active = -1;
  let listBox: HTMLElement | undefined;

  const closeList = () => {
    list?.remove();
    list = undefined;
    listBox?.removeAttribute('aria-activedescendant');
    listBox?.removeAttribute('aria-controls');
    active = -1;
  };

  const paint = () => {
    list?.querySelectorAll('li').forEach((li, i) => {
      li.setAttribute('aria-selected', String(i === active));
      li.style.background = i === active ? 'rgba(var(--button-bg-rgb,28,88,217),.12)' : '';
    });
    if (active >= 0) listBox?.setAttribute('aria-activedescendant', `${LIST_ID}-${options[active]!.verb}`);
  };

  const complete = (box: HTMLElement, c: CommandSpec) => {
    closeList();
    setComposerText(box, `${/^\/\S+/.exec(text(box))![0]} ${c.verb}${c.args ? ' ' : ''}`);
    box.focus();
  };

  // The list shows NowBridge's own words only (no record, no page text), so it lives in the page; it is light DOM
  // so that the box's aria-activedescendant can point into it.
  const showList = (box: HTMLElement) => {
    options = suggestions(text(box));
    if (!options.length) return closeList();
    list?.remove();
    list = Object.assign(document.createElement('ul'), { id: LIST_ID });
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', 'ServiceNow commands');
    list.style.cssText = LIST_CSS;
    for (const c of options) {
      const li = document.createElement('li');
      li.id = `${LIST_ID}-${c.verb}`;
      li.setAttribute('role', 'option');
      li.style.cssText = 'padding:6px 12px;cursor:pointer;';
      li.textContent = `${c.verb}${c.args ? ` ${c.args}` : ''} — ${c.hint}`;
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        if (fromUser(e)) complete(box, c);
      });
      list.append(li);
    }
    const r = box.getBoundingClientRect();
    list.style.left = `${r.left}px`;
    list.style.bottom = `${innerHeight - r.top + 6}px`;
    document.documentElement.append(list);
    listBox = box;
    box.setAttribute('aria-controls', LIST_ID);
    active = 0;
    paint();
  };

  const run = async (box: HTMLElement, line: string) => {
    closeList();
    panel?.close();
    // the same line run again from the same box, before it ran (a retry after a failure), is the same submission:
    // the background finds what the first attempt may have posted instead of posting it again
    if (pending?.box !== box || pending.line !== line) pending = { box, line, id: Date.now() };
    const submissionId = pending.id;
    const dialog = parseCommand(line)?.spec?.dialog === true;
    // in a thread's reply box the command is the thread's: any of its posts names it (the background finds the root)
    const rootId = box.id === 'reply_textbox' ? box.closest('#rhsContainer, .sidebar--right')?.querySelector('[id^="rhsPost_"]')?.id.slice(8) : undefined;
    const r = box.getBoundingClientRect();
    panel = await openFrame(
      { kind: 'command', server, text: line, submissionId, ...(rootId ? { rootId } : {}), theme: hostTheme() },
      {
        placement: dialog ? { kind: 'modal' } : { kind: 'popover', anchor: r, width: Math.max(320, Math.min(640, r.width)), height: 96 },
        title: 'ServiceNow command',
        focus: dialog,
        returnFocus: box,
        onEvent: (e) => {
          if (e.type === 'ran' && pending?.id === submissionId) pending = undefined;
          if (e.type === 'ran' && text(box).trim() === line) setComposerText(box, '');
          // `search`: the chosen record's link goes where the command was typed
          else if (e.type === 'insert') panel?.close(), insertIntoComposer(box, e.text);
        },
        onClose: () => (panel = undefined),
      },
    ).catch(() => undefined);
  };

  /** Stops a command line's event before Mattermost sees it; runs the command if the user did it. */
  const claim = (e: Event, box: HTMLElement | null): boolean => {
    const line = box && text(box).trim();
    if (!box || !line || !COMMAND_LINE.test(line)) return false;
    e.preventDefault();
    e.stopImmediatePropagation();
    // a submit event is trusted even when a page script calls form.requestSubmit(): it never runs a command (the
    // user's Send is its click; Enter in a textarea submits no form)
    if (fromUser(e) && (e.type === 'keydown' || e.type === 'click')) void run(box, line);
    return true;
  };

  const onKey = (e: KeyboardEvent) => {
    const box = (e.target as Element | null)?.closest?.<HTMLElement>(BOXES) ?? null;
    if (!box) return;
    if (list && listBox === box) {
      const step = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (step || e.key === 'Tab' || e.key === 'Escape' || (e.key === 'Enter' && !e.shiftKey)) {
        e.preventDefault();
        e.stopImmediatePropagation();
        if (!fromUser(e)) return;
        if (e.key === 'Escape') return closeList();
        if (step) return (active = (active + step + options.length) % options.length), paint();
        return complete(box, options[active]!);
      }
    }
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return;
    claim(e, box);
  };

  const boxAt = (t: EventTarget | null) => (t as Element | null)?.closest?.<HTMLElement>(BOXES) ?? null;
  const opts = { capture: true, signal } as const;
  window.addEventListener('keydown', onKey, opts);
  // belt and braces: a keypress whose keydown someone else let through
  window.addEventListener('keypress', (e) => claim(e, e.key === 'Enter' ? boxAt(e.target) : null), opts);
  window.addEventListener('click', (e) => claim(e, boxIn((e.target as Element | null)?.closest?.(SEND_BUTTON) ?? null)), opts);
  window.addEventListener('submit', (e) => claim(e, (e.target as HTMLFormElement).querySelector<HTMLElement>(BOXES)), opts);
  window.addEventListener('input', (e) => {
    const box = boxAt(e.target);
    if (box && fromUser(e)) showList(box);
    else if (box) closeList();
  }, opts);
  window.addEventListener('focusout', (e) => e.target === listBox && fromUser(e) && closeList(), opts);
  signal.addEventListener('abort', () => {
    closeList();
    panel?.close();
  });
}

export const feature = defineFeature({
  id: 'slash-commands',
  include: (ctx) => ctx.isTop,
  init: (signal, ctx) => slashCommands(signal, ctx.site),
});

/**
 * Trusted events everywhere in page-hosted UI (issue 10). NowBridge's in-page UI sits on pages it does not
 * control; a page script can dispatch clicks and keys at it. Every handler of user input in that UI must go
 * through `fromUser` (components/user-event.ts). This reads the sources and fails on a handler that doesn't.
 *
 * Checked: every file under lib/content/, and the components they render in the page. A JSX DOM-event prop
 * (`onClick={…}`, `onKeyDown={…}`, …) or an `addEventListener('<user event>', …)` passes when its handler
 * (inline, the named function it refers to, or the function it hands the event to, in the same file) calls
 * `fromUser(`, or does nothing but
 * `e.stopPropagation()` (keeping keys and clicks from the page is not acting for the user).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
/** Components rendered into pages by lib/content. */
const PAGE_COMPONENTS = ['components/record-card.tsx'];
/**
 * Rendered by lib/content today, but moving into extension-origin iframes (the share dialog and the in-page
 * search), where every event comes from the extension's own document. Their acting buttons check already.
 */
const LEAVING_THE_PAGE = ['components/share-flow', 'components/search/search-panel'];

const USER_EVENTS = /^(click|dblclick|auxclick|contextmenu|key(down|up|press)|mouse(down|up|over|out|enter|leave)|pointer\w+|touch\w+|focus(in|out)?|blur|input|change|submit|paste|drop)$/;
const JSX_EVENT = /\bon(Click|DblClick|ContextMenu|Key(Down|Up|Press)|Mouse(Down|Up|Over|Out|Enter|Leave)|Pointer\w+|Touch\w+|Focus(In|Out)?|Blur|Input|Change|Submit|Paste|Drop)=\{/g;
const LISTENER = /\baddEventListener\(\s*(['"`])([a-z]+)\1\s*,/g;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}
const sources = () =>
  [...walk(join(ROOT, 'lib/content')).filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f)), ...PAGE_COMPONENTS.map((f) => join(ROOT, f))].map((f) => ({
    file: relative(ROOT, f),
    text: readFileSync(f, 'utf8'),
  }));

/** The balanced expression starting at `from`: up to a closing bracket, comma or semicolon at depth 0. */
function expressionAt(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) return text.slice(from, i);
      depth--;
    } else if ((c === ',' || c === ';') && depth === 0) return text.slice(from, i);
  }
  return text.slice(from);
}

/** A handler named by identifier: the body of `const name = …` or `function name(…) {…}` in the same file. */
function definitionOf(text: string, name: string): string | undefined {
  const assigned = new RegExp(`(?:const|let)\\s+${name}\\s*=\\s*`).exec(text);
  if (assigned) return expressionAt(text, assigned.index + assigned[0].length);
  const declared = new RegExp(`function\\s+${name}\\s*\\(`).exec(text);
  if (!declared) return undefined;
  const open = text.indexOf('{', declared.index + declared[0].length);
  return open < 0 ? undefined : expressionAt(text, open + 1);
}

const onlyStopsPropagation = (handler: string) => /^\(?\s*(\w+)(\s*:\s*\w+)?\s*\)?\s*=>\s*\{?\s*\1\.stopPropagation\(\);?\s*\}?$/.test(handler.trim());

function check(file: string, text: string): string[] {
  const problems: string[] = [];
  const judge = (handler: string, at: number, what: string) => {
    const h = handler.trim();
    const body = /^[A-Za-z_$][\w$]*$/.test(h) ? definitionOf(text, h) : /^[\w$.]+$/.test(h) ? undefined : h;
    if (body && (body.includes('fromUser(') || onlyStopsPropagation(body))) return;
    // `(e) => arm(e, 300)`: the function it hands the event to decides.
    const delegate = /^\(?\s*(\w+)(\s*:\s*\w+)?\s*\)?\s*=>\s*(\w+)\(\s*\1\b/.exec(h)?.[3];
    if (delegate && definitionOf(text, delegate)?.includes('fromUser(')) return;
    problems.push(`${file}:${text.slice(0, at).split('\n').length} ${what} handler does not check fromUser: ${h.slice(0, 80)}`);
  };
  for (const m of text.matchAll(JSX_EVENT)) judge(expressionAt(text, m.index + m[0].length), m.index, m[0].slice(0, -2));
  for (const m of text.matchAll(LISTENER)) if (USER_EVENTS.test(m[2]!)) judge(expressionAt(text, m.index + m[0].length), m.index, `'${m[2]}' listener`);
  return problems;
}

describe('page-hosted UI acts only on trusted input', () => {
  it('every user-input handler in lib/content and its page components goes through fromUser', () => {
    const files = sources();
    expect(files.length).toBeGreaterThan(15);
    expect(files.flatMap(({ file, text }) => check(file, text))).toEqual([]);
  });

  it('the checker catches what it should (and passes what it should)', () => {
    const bad = [
      `<button onClick={props.onConnect}>`,
      `<button onClick={() => void open(box)}>`,
      `<div onKeyDown={(e) => { e.stopPropagation(); close(); }}>`,
      `document.addEventListener('keydown', onKey, true); const onKey = (e) => { share(); };`,
      `el.addEventListener("click", () => share());`,
      `const arm = (e: Event) => { show(); }; document.addEventListener('focusin', (e) => arm(e));`,
    ];
    for (const src of bad) expect(check('x.tsx', src), src).toHaveLength(1);
    const good = [
      `<button onClick={(e) => fromUser(e) && share()}>`,
      `const arm = (e: Event, ms: number) => { if (!fromUser(e)) return; }; document.addEventListener('mouseover', (e) => arm(e, 300));`,
      `<div onKeyDown={(e) => e.stopPropagation()}>`,
      `const onKey = (e: KeyboardEvent) => { if (fromUser(e)) share(); }; document.addEventListener('keydown', onKey, true);`,
      `signal.addEventListener('abort', () => stop());`,
      `window.addEventListener('popstate', check, opts);`,
    ];
    for (const src of good) expect(check('x.tsx', src), src).toEqual([]);
  });

  it('every component lib/content renders in the page is checked here (or is leaving the page)', () => {
    const imported = new Set(
      sources()
        .filter(({ file }) => file.startsWith('lib/content/'))
        .flatMap(({ text }) => [...text.matchAll(/from '@\/(components\/[\w/-]+?)(\.tsx)?'/g)].map((m) => m[1]!)),
    );
    imported.delete('components/user-event');
    for (const c of imported) expect([...PAGE_COMPONENTS.map((f) => f.replace(/\.tsx$/, '')), ...LEAVING_THE_PAGE], c).toContain(c);
  });
});

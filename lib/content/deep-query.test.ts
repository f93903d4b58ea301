import { afterEach, describe, expect, it } from 'vitest';
import { composedClosest, deepQuerySelector, deepQuerySelectorAll, openShadowRoots } from './deep-query';

/** `<tag>` with an open (or closed) shadow root holding `html`; returns host and root. */
function host(parent: ParentNode, tag: string, html: string, mode: ShadowRootMode = 'open') {
  const el = document.createElement(tag);
  parent.append(el);
  const root = el.attachShadow({ mode });
  root.innerHTML = html;
  return { el, root };
}

/**
 * The Next Experience shell's shape (sim/servicenow/pages/shells.ts): macroponent → root → header(root) +
 * iframe. `srcdoc` keeps happy-dom from trying (and loudly failing) to load a frame page.
 */
function shell() {
  const { root } = host(document.body, 'macroponent-f51912f4c700201072b211d4d8c26010', '<div class="polaris-main"><iframe id="gsft_main" srcdoc=""></iframe></div>');
  host(root, 'sn-polaris-header', '<div class="polaris-header"><span>Beth Anglin</span></div>');
  return root;
}

/** A workspace record page's shape (pages/workspace.ts): layout → record form → (actions, form data → fields). */
function workspace() {
  const layout = host(document.body, 'sn-workspace-layout', '<div class="ws-body"></div>');
  host(layout.root, 'sn-polaris-header', '<div class="polaris-header"></div>');
  const form = host(
    layout.root.querySelector('.ws-body')!,
    'now-record-form-connected',
    '<div class="record-header"><h2 class="record-title">INC0010001</h2><div class="uiaction-bar-wrapper"><button>Save</button><button>Resolve</button></div></div>',
  );
  form.el.setAttribute('table', 'incident');
  form.el.setAttribute('sys-id', '9d385017c611228701d22104cc95c371');
  const data = host(form.root, 'sn-form-data-connected', '<div class="form"><div data-field-name="number"><input value="INC0010001"></div></div>');
  return { layout, form, data };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('deepQuerySelector', () => {
  it('answers from the light DOM with one native query when it can', () => {
    document.body.innerHTML = '<p class="x" id="light"></p>';
    host(document.body, 'x-host', '<p class="x" id="shadow"></p>');
    expect(deepQuerySelector(document, '.x')!.id).toBe('light');
  });

  it('finds #gsft_main inside the Next Experience shell', () => {
    const root = shell();
    expect(document.querySelector('#gsft_main')).toBeNull();
    expect(deepQuerySelector(document, 'iframe#gsft_main')).toBe(root.querySelector('iframe'));
    expect(deepQuerySelector(document, '.polaris-header')!.textContent).toBe('Beth Anglin');
  });

  it('finds the workspace record form, its actions and its fields through three shadow roots', () => {
    const { form, data } = workspace();
    expect(deepQuerySelector(document, 'now-record-form-connected[table][sys-id]')).toBe(form.el);
    expect(deepQuerySelector(document, '.uiaction-bar-wrapper')).toBe(form.root.querySelector('.uiaction-bar-wrapper'));
    expect(deepQuerySelector(document, '[data-field-name="number"] input')).toBe(data.root.querySelector('input'));
  });

  it('starts at an element or a shadow root too, including the element’s own shadow root', () => {
    const { layout, form } = workspace();
    expect(deepQuerySelector(layout.el, '.record-title')).toBe(form.root.querySelector('.record-title'));
    expect(deepQuerySelector(form.el, '.record-title')).toBe(form.root.querySelector('.record-title'));
    expect(deepQuerySelector(layout.root, '.record-title')).toBe(form.root.querySelector('.record-title'));
  });

  it('does not see into closed shadow roots', () => {
    host(document.body, 'x-closed', '<p class="secret"></p>', 'closed');
    expect(deepQuerySelector(document, '.secret')).toBeNull();
  });

  it('stops at maxDepth', () => {
    let parent: ParentNode = document.body;
    for (let i = 0; i < 4; i++) parent = host(parent, `x-level${i}`, i === 3 ? '<p class="deep"></p>' : '').root;
    expect(deepQuerySelector(document, '.deep', 3)).toBeNull();
    expect(deepQuerySelector(document, '.deep', 4)).not.toBeNull();
    expect(deepQuerySelector(document, '.deep')).not.toBeNull();
  });

  it('returns null when nothing matches', () => {
    workspace();
    expect(deepQuerySelector(document, '.nope')).toBeNull();
  });
});

describe('deepQuerySelectorAll', () => {
  it('collects matches from every open tree, light tree first, outer trees before inner ones', () => {
    document.body.innerHTML = '<button id="b0"></button>';
    const { layout, form } = workspace();
    host(layout.root, 'x-closed', '<button></button>', 'closed');
    const ids = deepQuerySelectorAll(document, 'button').map((b) => b.id || b.textContent);
    expect(ids).toEqual(['b0', 'Save', 'Resolve']);
    expect(deepQuerySelectorAll(document, '.uiaction-bar-wrapper button')).toEqual([...form.root.querySelectorAll('button')]);
    expect(deepQuerySelectorAll(document, '.nope')).toEqual([]);
  });
});

describe('openShadowRoots', () => {
  it('lists the open roots breadth-first', () => {
    const { layout, form, data } = workspace();
    const roots = openShadowRoots(document);
    expect(roots).toHaveLength(4); // layout, its header, the record form, the form data
    expect(roots[0]).toBe(layout.root);
    expect(roots.indexOf(form.root)).toBeLessThan(roots.indexOf(data.root));
    expect(openShadowRoots(document, 1)).toEqual([layout.root]);
  });
});

describe('composedClosest', () => {
  it('walks out through shadow hosts', () => {
    const { layout, form, data } = workspace();
    const input = data.root.querySelector('input')!;
    expect(composedClosest(input, '[data-field-name]')).toBe(input.parentElement);
    expect(composedClosest(input, 'now-record-form-connected')).toBe(form.el);
    expect(composedClosest(input, 'sn-workspace-layout')).toBe(layout.el);
    expect(composedClosest(input, 'body')).toBe(document.body);
    expect(composedClosest(input, '.nope')).toBeNull();
  });

  it('stops at the top of a detached tree', () => {
    const lone = document.createElement('div');
    const { root } = host(lone, 'x-host', '<span></span>');
    expect(composedClosest(root.querySelector('span')!, 'x-host')).toBe(lone.firstElementChild);
    expect(composedClosest(root.querySelector('span')!, 'section')).toBeNull();
  });
});

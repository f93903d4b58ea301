import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordLookup, SnRecord } from '@/lib/servicenow/record';
import { excerptOf, RECORD_CARD_HEIGHT, RecordCard, type RecordCardProps, safeHttpUrl } from './record-card';

const NOW = Date.parse('2025-06-15T12:00:00Z');

function incident(over: Partial<SnRecord> = {}): SnRecord {
  return {
    instance: 'https://acme.service-now.com',
    table: 'incident',
    sys_id: '1c741bd70b2322007518478d83673af3',
    number: 'INC0010001',
    shortDescription: 'Email server down',
    url: 'https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D1c741bd70b2322007518478d83673af3',
    state: { value: '2', display: 'In Progress' },
    priority: { value: '1', display: '1 - Critical' },
    updatedAt: new Date(NOW - 5 * 60_000).toISOString(),
    fields: {
      assigned_to: { value: 'u1', display: 'Beth Anglin' },
      assignment_group: { value: 'g1', display: 'Network' },
      caller_id: { value: 'u2', display: 'Abel Tuter' },
      category: { value: 'network', display: 'Network' },
      opened_at: { value: '2025-06-14 09:00:00', display: '2025-06-14 11:00:00' },
      description: { value: 'x', display: 'Users cannot send mail since 9:00. '.repeat(20) },
    },
    ...over,
  };
}

const INCIDENT_FIELDS = [
  { name: 'assigned_to', title: 'Assigned to' },
  { name: 'assignment_group', title: 'Assignment group' },
  { name: 'caller_id', title: 'Caller' },
  { name: 'category', title: 'Category' },
  { name: 'opened_at', title: 'Opened' },
];

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function show(props: Partial<RecordCardProps> & { lookup: RecordLookup | undefined }) {
  render(<RecordCard variant="full" accent="#d32f2f" fields={INCIDENT_FIELDS} now={NOW} {...props} />, root);
  const card = root.querySelector('article');
  if (!card) throw new Error('no article rendered');
  return card;
}
const ok = (record: SnRecord): RecordLookup => ({ ok: true, record });

describe('RecordCard loaded', () => {
  it('full: title link, state, priority, fields, excerpt, host, updated and accent', () => {
    const card = show({ lookup: ok(incident()), tableLabel: 'Incident' });
    expect(card.getAttribute('aria-label')).toBe('INC0010001: Email server down');
    expect(card.getAttribute('aria-busy')).toBeNull();
    const link = card.querySelector('a')!;
    expect(link.textContent).toBe('INC0010001: Email server down');
    expect(link.getAttribute('href')).toBe(incident().url);
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(card.querySelector('.nb-card__pill')!.textContent).toBe('State: In Progress');
    const text = card.textContent!;
    for (const s of ['1 - Critical', 'Incident', 'Beth Anglin', 'Assigned to', 'Network', 'Abel Tuter', 'Opened', 'acme.service-now.com']) {
      expect(text).toContain(s);
    }
    const dts = [...card.querySelectorAll('dt')].map((d) => d.textContent);
    expect(dts).toEqual(['Assigned to', 'Assignment group', 'Caller', 'Category', 'Opened']);
    const excerpt = card.querySelector('.nb-card__excerpt')!.textContent!;
    expect(excerpt.startsWith('Users cannot send mail')).toBe(true);
    expect(excerpt.length).toBeLessThanOrEqual(301);
    expect(excerpt.endsWith('…')).toBe(true);
    const time = card.querySelector('time')!;
    expect(time.textContent).toBe('5 min ago');
    expect(time.getAttribute('datetime')).toBe(incident().updatedAt);
    expect(time.getAttribute('title')).toMatch(/2025/);
    expect(card.style.getPropertyValue('--nb-accent')).toBe('#d32f2f');
    expect(card.className).toContain('nb-card--full');
  });

  it('compact: number and title, pill, first two non-empty fields, updated; no excerpt or field grid', () => {
    const record = incident();
    record.fields.assigned_to = { value: '', display: '' };
    const card = show({ lookup: ok(record), variant: 'compact' });
    expect(card.getAttribute('aria-label')!.startsWith('INC0010001')).toBe(true);
    expect(card.className).toContain('nb-card--compact');
    const text = card.textContent!;
    expect(text).toContain('INC0010001: Email server down');
    expect(text).toContain('In Progress');
    expect(text).toContain('Network'); // assignment group, the first non-empty
    expect(text).toContain('Abel Tuter'); // second non-empty
    expect(text).not.toContain('Category');
    expect(text).toContain('5 min ago');
    expect(card.querySelector('.nb-card__excerpt')).toBeNull();
    expect(card.querySelector('dl')).toBeNull();
    expect(card.style.getPropertyValue('--nb-accent')).toBe('#d32f2f');
  });

  it('knowledge: the fields prop drives what shows', () => {
    const kb = incident({
      table: 'kb_knowledge',
      number: 'KB0010001',
      shortDescription: 'Reset your password',
      state: { value: 'published', display: 'Published' },
      priority: undefined,
      fields: {
        kb_knowledge_base: { value: 'k', display: 'IT' },
        workflow_state: { value: 'published', display: 'Published' },
        kb_category: { value: 'c', display: 'Accounts' },
        author: { value: 'a', display: 'Fred Luddy' },
        text: { value: '', display: '<p>Open <b>Settings</b> &amp; choose &lt;Reset&gt;.</p><script>alert(1)</script>' },
      },
    });
    const card = show({
      lookup: ok(kb),
      fields: [
        { name: 'kb_knowledge_base', title: 'Knowledge base' },
        { name: 'kb_category', title: 'Category' },
        { name: 'author', title: 'Author' },
      ],
      excerpt: { field: 'text', html: true },
      tableLabel: 'Knowledge',
    });
    expect(card.getAttribute('aria-label')).toBe('KB0010001: Reset your password');
    expect([...card.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['IT', 'Accounts', 'Fred Luddy']);
    expect(card.querySelector('.nb-card__pill')!.textContent).toContain('Published');
    expect(card.querySelector('.nb-card__priority')).toBeNull();
    expect(card.querySelector('.nb-card__excerpt')!.textContent).toBe('Open Settings & choose <Reset>.');
    expect(card.querySelector('script, b, p.nb-card__excerpt *')).toBeNull();
  });

  it('names a record without short description by number and table', () => {
    const card = show({ lookup: ok(incident({ shortDescription: '' })), tableLabel: 'Incident' });
    expect(card.getAttribute('aria-label')).toBe('INC0010001 — Incident');
    expect(card.querySelector('a')!.textContent).toBe('INC0010001');
  });

  it('renders hostile text literally and creates no element from it', () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(2)</script>';
    const record = incident({ shortDescription: evil, state: { value: '1', display: evil } });
    record.fields.assigned_to = { value: 'x', display: evil };
    record.fields.description = { value: 'x', display: evil };
    for (const variant of ['full', 'compact'] as const) {
      const card = show({ lookup: ok(record), variant, tableLabel: evil });
      expect(card.querySelector('img, script, [onerror]')).toBeNull();
      expect(card.querySelector('a')!.textContent).toBe(`INC0010001: ${evil}`);
      expect(card.textContent).toContain('<img src=x onerror=alert(1)>');
      expect(card.textContent).toContain('<script>alert(2)</script>');
    }
  });

  it.each(['javascript:alert(1)', ' JavaScript:alert(1)', 'data:text/html,<b>x</b>', 'not a url', ''])(
    'renders no link for url %j',
    (url) => {
      const card = show({ lookup: ok(incident({ url })) });
      expect(card.querySelector('a')).toBeNull();
      expect(card.querySelector('[href]')).toBeNull();
      expect(card.textContent).toContain('INC0010001: Email server down');
    },
  );

  it('ignores an accent that is not #RRGGBB', () => {
    const card = show({ lookup: ok(incident()), accent: 'red; background: url(x)' });
    expect(card.style.getPropertyValue('--nb-accent')).toBe('');
  });

  it('title becomes a heading only when asked', () => {
    expect(show({ lookup: ok(incident()) }).querySelector('h1,h2,h3,h4,h5,h6')).toBeNull();
    expect(show({ lookup: ok(incident()), headingLevel: 3 }).querySelector('h3 a')).not.toBeNull();
  });
});

describe('RecordCard stale', () => {
  it('says updated data is loading', () => {
    const card = show({ lookup: ok(incident()), stale: true });
    expect(card.textContent).toContain('Updated data is loading…');
    expect(card.className).toContain('nb-card--stale');
  });

  it('says how old the saved data is', () => {
    for (const variant of ['full', 'compact'] as const) {
      const card = show({ lookup: ok(incident()), variant, stale: true, savedAt: NOW - 5 * 60_000 });
      expect(card.textContent).toContain('Showing saved data from 5 min ago');
    }
  });

  it('says nothing when fresh', () => {
    const card = show({ lookup: ok(incident()), savedAt: NOW - 5 * 60_000 });
    expect(card.textContent).not.toContain('saved data');
    expect(card.textContent).not.toContain('loading');
  });
});

describe('RecordCard actions', () => {
  it('renders real buttons named by their labels and calls onClick', () => {
    const open = vi.fn();
    const copy = vi.fn();
    const card = show({
      lookup: ok(incident()),
      actions: [
        { label: 'Open in ServiceNow', onClick: open, icon: '↗' },
        { label: 'Copy link', onClick: copy },
      ],
    });
    const buttons = [...card.querySelectorAll('button')];
    expect(buttons).toHaveLength(2);
    expect(buttons.every((b) => b.getAttribute('type') === 'button')).toBe(true);
    expect(buttons[0]!.getAttribute('aria-label')).toBe('Open in ServiceNow');
    expect(buttons[0]!.querySelector('[aria-hidden="true"]')!.textContent).toBe('↗');
    expect(buttons[1]!.textContent).toBe('Copy link');
    buttons[0]!.click();
    buttons[1]!.click();
    buttons[1]!.click();
    expect(open).toHaveBeenCalledTimes(1);
    expect(copy).toHaveBeenCalledTimes(2);
    // the card itself is not a focus stop
    expect(card.hasAttribute('tabindex')).toBe(false);
  });
});

describe('RecordCard loading and errors', () => {
  it.each(['full', 'compact'] as const)('%s skeleton: busy, named, and the final height', (variant) => {
    const loading = show({ lookup: undefined, variant });
    expect(loading.getAttribute('aria-busy')).toBe('true');
    expect(loading.getAttribute('aria-label')).toBe('Loading ServiceNow record');
    expect(loading.textContent).toBe('');
    const loadingHeight = loading.style.height;
    const loadingVariantClass = [...loading.classList].find((c) => c === `nb-card--${variant}`);

    const loaded = show({ lookup: ok(incident()), variant });
    const notFound = show({ lookup: { ok: false, reason: 'not-found', message: '' }, variant });
    const failed = show({ lookup: { ok: false, reason: 'error', message: 'Timed out' }, variant, onRetry: () => {} });
    for (const card of [loaded, notFound, failed]) {
      expect(card.style.height).toBe(loadingHeight);
      expect(card.classList.contains(loadingVariantClass!)).toBe(true);
    }
    expect(loadingHeight).toBe(`${RECORD_CARD_HEIGHT[variant]}px`);
  });

  it('the CSS gives each variant the same fixed px height as RECORD_CARD_HEIGHT, and uses px only', () => {
    // read from disk: vitest leaves CSS imports (?raw/?inline) empty unless css processing is on
    const read = (f: string) => readFileSync(join(dirname(fileURLToPath(import.meta.url)), f), 'utf8');
    // record-card.css imports the shared and compact rules (all the Mattermost content script inlines), then adds the full variant's
    expect(read('record-card.css')).toMatch(/^(\/\*[\s\S]*?\*\/\s*)?@import '\.\/record-card-compact\.css';/);
    const compact = read('record-card-compact.css');
    expect(compact).not.toMatch(/nb-card--full/);
    const css = `${compact}\n${read('record-card.css').replace(/@import[^;]*;/, '')}`;
    for (const variant of ['full', 'compact'] as const) {
      const rule = new RegExp(`\\.nb-card--${variant}\\s*\\{[^}]*?\\bheight:\\s*(\\d+)px`).exec(css);
      expect(Number(rule?.[1])).toBe(RECORD_CARD_HEIGHT[variant]);
    }
    // font-relative or viewport units would let the host page resize a card whose height must stay fixed
    expect(css).not.toMatch(/\d(?:r?em|ex|ch|vh|vw|vmin|vmax|pt)\b/);
    // every rule is scoped to the card's own classes: no body/html/:root/:host or element-wide selectors
    const selectors = [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{};]+)\{/g)]
      .map((m) => m[1]!.trim())
      .filter((s) => !s.startsWith('@') && !/^(from|to|\d+%)$/.test(s))
      .flatMap((s) => s.split(',').map((x) => x.trim()));
    expect(selectors.length).toBeGreaterThan(20);
    for (const s of selectors) expect(s).toMatch(/^\.nb-card/);
  });

  it('not-found says only "No access or not found"', () => {
    const card = show({
      lookup: { ok: false, reason: 'not-found', message: 'INC0010001 Email server down is restricted' },
      actions: [{ label: 'Post card to channel', onClick: () => {} }],
      stale: true,
      reference: 'INC0010001',
    });
    expect(card.getAttribute('aria-label')).toBe('INC0010001: No access or not found');
    expect(card.textContent).toBe('INC0010001No access or not found');
    expect(card.querySelector('a, button, time, .nb-card__pill')).toBeNull();
    // the accent could hint at priority, so it is not applied either
    expect(card.style.getPropertyValue('--nb-accent')).toBe('');
    for (const s of ['Email server down', 'In Progress', 'Beth Anglin', 'restricted', 'saved data']) {
      expect(card.textContent).not.toContain(s);
    }
  });

  it('not-found without a reference is still named', () => {
    const card = show({ lookup: { ok: false, reason: 'not-found', message: '' }, variant: 'compact' });
    expect(card.getAttribute('aria-label')).toBe('ServiceNow record: No access or not found');
    expect(card.textContent).toBe('No access or not found');
  });

  it('needs-sign-in offers Reconnect when provided', () => {
    const onReconnect = vi.fn();
    let card = show({ lookup: { ok: false, reason: 'needs-sign-in', message: '' } });
    expect(card.textContent).toBe('Sign in to ServiceNow again to preview');
    expect(card.querySelector('button')).toBeNull();
    card = show({ lookup: { ok: false, reason: 'needs-sign-in', message: '' }, onReconnect });
    const button = card.querySelector('button')!;
    expect(button.textContent).toBe('Reconnect');
    button.click();
    expect(onReconnect).toHaveBeenCalledOnce();
  });

  it('not-connected prompts to connect', () => {
    const onConnect = vi.fn();
    const card = show({ lookup: { ok: false, reason: 'not-connected', message: '' }, variant: 'compact', onConnect });
    expect(card.textContent).toContain('Connect ServiceNow to preview');
    card.querySelector('button')!.click();
    expect(onConnect).toHaveBeenCalledOnce();
  });

  it('error shows the message and Retry when onRetry is given', () => {
    const onRetry = vi.fn();
    let card = show({ lookup: { ok: false, reason: 'error', message: '<b>Timed out</b>' } });
    expect(card.textContent).toBe('<b>Timed out</b>');
    expect(card.querySelector('b, button')).toBeNull();
    card = show({ lookup: { ok: false, reason: 'error', message: 'Timed out' }, onRetry });
    const retry = card.querySelector('button')!;
    expect(retry.textContent).toBe('Retry');
    retry.click();
    expect(onRetry).toHaveBeenCalledOnce();
  });
});

describe('a card whose site NowBridge lost access to', () => {
  it('offers Allow access (the settings) instead of Retry when it can', () => {
    const onRetry = vi.fn();
    const onAllowAccess = vi.fn();
    const message = 'NowBridge no longer has access to acme.service-now.com. Allow access, then try again.';
    const card = show({ lookup: { ok: false, reason: 'error', message }, onRetry, onAllowAccess });
    expect(card.textContent).toBe(`${message}Allow access`);
    card.querySelector('button')!.click();
    expect(onAllowAccess).toHaveBeenCalledOnce();
    expect(onRetry).not.toHaveBeenCalled();
    expect(show({ lookup: { ok: false, reason: 'error', message }, onRetry }).querySelector('button')!.textContent).toBe('Retry');
  });
});

describe('helpers', () => {
  it('safeHttpUrl accepts only http(s)', () => {
    expect(safeHttpUrl('https://a.service-now.com/x')).toBe('https://a.service-now.com/x');
    expect(safeHttpUrl('http://localhost:8080/x')).toBe('http://localhost:8080/x');
    expect(safeHttpUrl('javascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('\tjavascript:alert(1)')).toBeUndefined();
    expect(safeHttpUrl('//evil.example/x')).toBeUndefined();
    expect(safeHttpUrl(undefined)).toBeUndefined();
  });

  it('excerptOf trims to ~300 characters at a word and collapses whitespace', () => {
    expect(excerptOf('  a \n\n b  ')).toBe('a b');
    const long = 'word '.repeat(100);
    const e = excerptOf(long);
    expect(e.length).toBeLessThanOrEqual(301);
    expect(e.endsWith('word…')).toBe(true);
    // plain text fields keep angle brackets: they are shown literally, not stripped
    expect(excerptOf('<img src=x>')).toBe('<img src=x>');
  });
});

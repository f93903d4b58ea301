/**
 * findPostRefs on posts rendered by the Mattermost simulator's own web-app markup (the DOM of
 * the post DOM of `webapp/channels/src/components/post/post_component.tsx`), with every SEEDED_REFERENCES post and its expected outcome beside it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTS } from '../../sim/fixtures';
import { SEEDED_POSTS, SEEDED_REFERENCES, seed } from '../../sim/mattermost/seed';
import { SimStore } from '../../sim/mattermost/store';
import type { MmPost } from '../../sim/mattermost/types';
import { postHtml, type PostLocation, type RenderContext } from '../../sim/mattermost/web/post-html';
import { HOST_ATTR } from '../servicenow/button-slot';
import { buildNumberMatcher, DEFAULT_PREFIXES } from '../servicenow/record-number';
import { cardKey } from '../servicenow/record';
import { findMessageRefs, findPostRefs, postElements, postIdentity, postSignature, type FindOptions, type PostRef } from './post-refs';

const A = `https://${HOSTS.servicenow}`;
const B = `https://${HOSTS.servicenowCustom}`;
const SITE = `https://${HOSTS.mattermost}`;
const numbers = buildNumberMatcher(DEFAULT_PREFIXES);
const OPTS: FindOptions = { instances: [A, B], defaultInstance: A, numbers };

let store: SimStore;
let ctx: RenderContext;

beforeAll(() => {
  store = new SimStore();
  seed(store);
  ctx = { store, me: store.userByName('beth')!, siteUrl: SITE, subpath: '', teamName: 'ops' };
});

/** Renders posts into a fresh container in the global document (what the content script sees). */
function render(html: string): HTMLElement {
  document.body.innerHTML = '';
  const host = document.createElement('div');
  host.innerHTML = html;
  document.body.append(host);
  return host;
}

function row(p: MmPost, location: PostLocation = 'center'): Element {
  return render(postHtml(p, ctx, { location })).firstElementChild!;
}

const byId = (id: string) => store.postById(id)!;

/** A ref as `instance-host table:sys_id|NUMBER via`, easy to compare with the seed's expectations. */
const show = (r: PostRef) =>
  `${new URL(r.instance).host} ${r.ref.table ?? ''}:${'sys_id' in r.ref ? r.ref.sys_id : r.ref.number} ${r.via}`;

describe('findPostRefs on every seeded reference', () => {
  for (const seeded of SEEDED_REFERENCES) {
    it(`${seeded.key}: ${seeded.expect ? 'recognised' : 'ignored'}${seeded.note ? ` (${seeded.note})` : ''}`, () => {
      const post = row(byId(seeded.postId));
      const found = findPostRefs(post, OPTS);
      expect(found).not.toBeNull();
      expect(found!.key).toBe(`center:${seeded.postId}`);
      expect(found!.body.matches('.post__body')).toBe(true);
      const e = seeded.expect;
      if (!e) {
        expect(found!.refs.map(show)).toEqual([]);
        return;
      }
      const via = e.instance ? 'link' : 'number';
      // bare numbers resolve against the default instance
      expect(found!.refs.map(show)).toEqual([`${e.instance ?? HOSTS.servicenow} ${e.table}:${e.sys_id ?? e.number} ${via}`]);
      const ref = found!.refs[0]!;
      if (via === 'link') {
        expect(ref.anchor?.getAttribute('href')).toBe(seeded.ref);
        expect(ref.instance).toBe(e.instance === HOSTS.servicenow ? A : B); // the configured string itself
      } else {
        expect(ref.anchor).toBeUndefined();
      }
    });
  }

  it('covers both instances, links and numbers, and at least ten negatives', () => {
    const hosts = new Set(SEEDED_REFERENCES.map((r) => r.expect?.instance).filter(Boolean));
    expect(hosts).toEqual(new Set([HOSTS.servicenow, HOSTS.servicenowCustom]));
    expect(SEEDED_REFERENCES.some((r) => r.expect && !r.expect.instance)).toBe(true);
    expect(SEEDED_REFERENCES.filter((r) => !r.expect).length).toBeGreaterThanOrEqual(10);
  });

  it('a link on an instance that is not configured is ignored, the other still found', () => {
    const post = row(byId(SEEDED_REFERENCES.find((r) => r.key === 'classic-custom-domain')!.postId));
    expect(findPostRefs(post, { ...OPTS, instances: [A] })!.refs).toEqual([]);
    expect(findPostRefs(post, { ...OPTS, instances: ['HTTPS://ITSM.example.test:443/'] })!.refs).toHaveLength(1);
  });
});

describe('numbers', () => {
  const post = (message: string, extra: Partial<MmPost> = {}) =>
    ({ ...byId(SEEDED_REFERENCES[0]!.postId), id: 'x1x1x1x1x1x1x1x1x1x1x1x1x1', message, edit_at: 0, props: {}, metadata: {}, ...extra }) as MmPost;

  it('are off with numbers: null or without a default instance; links still count', () => {
    const p = row(post(`INC0010001 and ${A}/incident.do?sys_id=9d385017c611228701d22104cc95c371`));
    expect(findPostRefs(p, { ...OPTS, numbers: null })!.refs.map((r) => r.via)).toEqual(['link']);
    expect(findPostRefs(p, { instances: [A, B], numbers })!.refs.map((r) => r.via)).toEqual(['link']);
    expect(findPostRefs(p, OPTS)!.refs.map((r) => r.via)).toEqual(['number', 'link']);
  });

  it('keeps document order across paragraphs, lists, emphasis and links, once per record', () => {
    const p = row(post(`First **CHG0030001**, then ${A}/kb_view.do?sysparm_article=KB0010001\n\n- PRB0040001\n- INC0010001 again CHG0030001\n\nKB0010001`));
    expect(findPostRefs(p, OPTS)!.refs.map(show)).toEqual([
      'acme.service-now.com change_request:CHG0030001 number',
      'acme.service-now.com kb_knowledge:KB0010001 link', // the bare KB0010001 later is the same record
      'acme.service-now.com problem:PRB0040001 number',
      'acme.service-now.com incident:INC0010001 number',
    ]);
  });

  it('finds a number split by search highlighting, but not across paragraphs', () => {
    const p = row(post('x'));
    const text = p.querySelector('.post-message__text')!;
    text.innerHTML = '<p>see INC<span class="search-highlight">0010001</span>.</p><p>CHG</p><p>0030001</p>';
    expect(findPostRefs(p, OPTS)!.refs.map(show)).toEqual(['acme.service-now.com incident:INC0010001 number']);
  });

  it('ignores numbers in link text, inline code and code blocks', () => {
    const p = row(post(`[INC0010001](https://example.org/x) \`CHG0030001\`\n\`\`\`\nPRB0040001\n\`\`\``));
    expect(findPostRefs(p, OPTS)!.refs).toEqual([]);
  });
});

describe('surfaces', () => {
  const seeded = SEEDED_REFERENCES.find((r) => r.key === 'sow')!;

  it('finds RHS and search-result posts with their keys, and postElements lists all three', () => {
    const p = byId(seeded.postId);
    const host = render(postHtml(p, ctx, { location: 'center' }) + postHtml(p, ctx, { location: 'rhs' }) + postHtml(p, ctx, { location: 'search' }));
    const posts = postElements(host);
    expect(posts.map((el) => el.id)).toEqual([`post_${p.id}`, `rhsPost_${p.id}`, `searchResult_${p.id}`]);
    const got = posts.map((el) => findPostRefs(el, OPTS)!);
    expect(got.map((g) => g.key)).toEqual([`center:${p.id}`, `rhs:${p.id}`, `search:${p.id}`]);
    for (const g of got) expect(g.refs.map(show)).toEqual([`${HOSTS.servicenow} incident:${seeded.expect!.sys_id} link`]);
    expect(postIdentity(posts[1]!)).toEqual({ surface: 'rhs', id: p.id });
  });

  it('finds the search-highlight link variant', () => {
    const p = byId(seeded.postId);
    const el = render(postHtml(p, { ...ctx, highlight: ['sow'] }, { location: 'search' })).firstElementChild!;
    expect(el.querySelector('a.markdown__link.search-highlight')).not.toBeNull();
    expect(findPostRefs(el, OPTS)!.refs).toHaveLength(1);
  });

  it('is not fooled by the composer or other post_ ids', () => {
    const host = render('<textarea id="post_textbox"></textarea><div id="post_list" class="post-list"></div>');
    expect(postElements(host)).toEqual([]);
    expect(findPostRefs(host.firstElementChild!, OPTS)).toBeNull();
  });
});

describe('what is never scanned', () => {
  it('a permalink preview inside a post does not yield the previewed post’s refs', () => {
    const quoted = SEEDED_REFERENCES.find((r) => r.key === 'classic')!;
    const quoting = store.createPost({ channel_id: quoted.channelId, user_id: ctx.me.id, message: `look at this ${SITE}/ops/pl/${quoted.postId}` });
    const el = row(quoting);
    // the preview really is there, reusing the quoted post's message id and link
    expect(el.querySelector(`.post-preview #postMessageText_${quoted.postId} a.markdown__link`)).not.toBeNull();
    const found = findPostRefs(el, OPTS)!;
    expect(found.key).toBe(`center:${quoting.id}`);
    expect(found.refs).toEqual([]);
    expect(postElements(el.parentElement!)).toEqual([el]);
  });

  it('attachment contents (a shared record card) are ignored', () => {
    const el = row(byId(SEEDED_POSTS.attachment));
    expect(el.querySelector('.attachment a.attachment__title-link')?.getAttribute('href')).toContain(HOSTS.servicenow);
    expect(el.querySelector('.attachment')!.textContent).toContain('INC0010001');
    expect(findPostRefs(el, OPTS)!.refs).toEqual([]);
  });

  it('a post being edited gives null', () => {
    const el = row(byId(SEEDED_REFERENCES[0]!.postId));
    el.classList.add('post--editing');
    expect(findPostRefs(el, OPTS)).toBeNull();
  });

  it('our own hosts inside the message are skipped', () => {
    const el = row(byId(SEEDED_REFERENCES.find((r) => r.key === 'number-inc')!.postId));
    const text = el.querySelector('.post-message__text')!;
    text.innerHTML = `<p>nothing here</p><div ${HOST_ATTR}="card">INC0010001 <a href="${A}/incident.do?sys_id=9d385017c611228701d22104cc95c371">x</a></div>`;
    expect(findPostRefs(el, OPTS)!.refs).toEqual([]);
  });

  it('a deleted post gives an empty list (so stale cards can go), not null', () => {
    const p = store.createPost({ channel_id: SEEDED_REFERENCES[0]!.channelId, user_id: ctx.me.id, message: 'INC0010001' });
    const before = findPostRefs(row(p), OPTS)!;
    store.deletePost(p.id);
    const after = findPostRefs(row(byId(p.id)), OPTS)!;
    expect(after.refs).toEqual([]);
    expect(after.signature).not.toBe(before.signature);
  });
});

describe('signature', () => {
  it('is stable for the same message and changes with its text or a link target', () => {
    const seeded = SEEDED_REFERENCES.find((r) => r.key === 'markdown-link')!;
    const el = row(byId(seeded.postId));
    const sig = findPostRefs(el, OPTS)!.signature;
    expect(postSignature(row(byId(seeded.postId)))).toBe(sig);
    const a = el.querySelector('a.markdown__link')!;
    a.setAttribute('href', `${A}/problem.do?sys_id=${'0'.repeat(32)}`);
    const sig2 = postSignature(el);
    expect(sig2).not.toBe(sig);
    el.querySelector('.post-message__text p')!.append(' edited');
    expect(postSignature(el)).not.toBe(sig2);
  });
});

describe('findMessageRefs: the server copy of a post holds every reference its rendering claims', () => {
  const keys = (refs: PostRef[]) => refs.map((r) => cardKey(r.instance, r.ref));
  for (const seeded of SEEDED_REFERENCES) {
    it(`${seeded.key}`, () => {
      const p = byId(seeded.postId);
      const fromDom = keys(findPostRefs(row(p), OPTS)!.refs);
      const fromText = new Set(keys(findMessageRefs(p.message, OPTS)));
      for (const k of fromDom) expect(fromText).toContain(k);
      if (seeded.expect) expect(fromText.size).toBeGreaterThan(0);
    });
  }

  it('finds numbers in Markdown emphasis and links without their trailing punctuation or entities', () => {
    const found = keys(findMessageRefs(`_INC0010001_ and **CHG0030001**, see ${A}/incident.do?sys_id=9d385017c611228701d22104cc95c371. Or <${A}/problem.do?sys_id=${'a'.repeat(32)}&amp;sysparm_view=x>`, OPTS));
    expect(found).toEqual(
      expect.arrayContaining([
        cardKey(A, { table: 'incident', number: 'INC0010001' }),
        cardKey(A, { table: 'change_request', number: 'CHG0030001' }),
        cardKey(A, { table: 'incident', sys_id: '9d385017c611228701d22104cc95c371' }),
        cardKey(A, { table: 'problem', sys_id: 'a'.repeat(32) }),
      ]),
    );
  });

  it('finds nothing that is not in the text: other instances, no numbers without a default instance', () => {
    expect(findMessageRefs('https://other.service-now.com/incident.do?sys_id=9d385017c611228701d22104cc95c371 hello', OPTS)).toEqual([]);
    expect(findMessageRefs('INC0010001', { ...OPTS, defaultInstance: undefined })).toEqual([]);
    expect(findMessageRefs('INC0010001', { ...OPTS, numbers: null })).toEqual([]);
  });
});

/**
 * The hover strip `ul.col.post-menu` (webapp/channels/src/components/post/post_options.tsx) as keyed slots, and the
 * dot menu's items (components/dot_menu/dot_menu.tsx). Rendered by the server for the first paint (hover off) and
 * by the page script when `hoverLocal` flips, so both functions must stay self-contained: no imports, no outer
 * variables (the page embeds their source text, as it does windowing.ts).
 */

/** What the strip of one post needs; the server writes it into the `ul`'s `data-sim-menu`. */
export interface PostMenuState {
  id: string;
  /** root_id || id: what Reply opens */
  root: string;
  loc: 'CENTER' | 'RHS_ROOT' | 'RHS_COMMENT';
  /** collapsed reply threads on */
  crt: boolean;
  /** reaction button shown: not read-only, not archived (post_options.tsx showReactionIcon) */
  react: boolean;
  /** comment icon shown without hover: a root with replies, or the first reply of a run (showCommentIcon) */
  comment: boolean;
  /** the viewer wrote it: Edit and Delete */
  own: boolean;
  /** replies in the thread (the comment icon's count without CRT; "Follow thread" vs "Follow message") */
  replies: number;
  /** team URL path + /pl/<id> */
  link: string;
}

/**
 * `[slot, html]` in React's order. Slots keep their DOM while present; a slot that disappears is removed and one
 * that appears is inserted before the next slot still mounted, or appended (React's getHostSibling). The dot menu
 * has two slots: first when not hovered (no recent reactions, no CRT), last otherwise.
 */
export function postMenuSlots(s: PostMenuState, hover: boolean): Array<[string, string]> {
  const id = s.id;
  const btn = (attrs: string, body: string) => `<li><button type="button" class="post-menu__item" ${attrs}>${body}</button></li>`;
  const center = s.loc === 'CENTER';
  // post_options.tsx: oneClickReactionsEnabled (default on) and the emoji picker shown, only while hoverLocal
  const recent = hover && s.react;
  const dot = btn(
    `id="${s.loc}_button_${id}" data-testid="PostDotMenu-Button-${id}" aria-label="more" aria-haspopup="true" aria-expanded="false" aria-controls="${s.loc}_dropdown_${id}"`,
    '&#8943;',
  );
  const out: Array<[string, string]> = [];
  if (!s.crt && !recent) out.push(['dot-first', dot]);
  if (recent) {
    // post_recent_reactions.tsx: three in the center, one in a narrow RHS; the defaults when nothing was used yet
    const emojis = ['thumbsup', 'smile', 'white_check_mark'].slice(0, center ? 3 : 1);
    emojis.forEach((e, n) => out.push([`recent-${n}`,
      `<li><button type="button" id="recent_reaction_${n}" data-testid="post-menu__item_emoji" class="post-menu__item post-menu__emoticon" aria-label="${e.replace(/_/g, ' ')} emoji">:${e}:</button></li>`]));
  }
  if (s.react) out.push(['reaction', btn(`id="${s.loc}_reaction_${id}" aria-label="add reaction"`, '&#9786;')]);
  out.push(['flag', btn(`id="${s.loc}_flagIcon_${id}" aria-label="save message"`, '&#9873;')]);
  // components/common/comment_icon.tsx; the center only (showCommentIcon checks location === CENTER)
  if (center && (hover || s.comment)) {
    const count = !s.crt && s.replies ? `<span class="post-menu__comment-count">${s.replies}</span>` : '';
    out.push(['comment', btn(`id="${s.loc}_reply_${id}" aria-label="Reply" data-reply="${s.root}"`, '&#8617;' + count)]);
  }
  if (s.crt || recent) out.push(['dot-last', dot]);
  return out;
}

/** One dot menu entry, or null for a Menu.Separator (an MUI Divider `li`). */
export interface DotMenuItem {
  id: string;
  testId: string;
  label: string;
  /** the trailing shortcut text */
  key: string;
  action: string;
  destructive?: boolean;
}

/** dot_menu.tsx render(): the items a desktop user sees, in order (no reminder submenu, move thread or flag). */
export function dotMenuItems(s: PostMenuState): Array<DotMenuItem | null> {
  const id = s.id;
  const item = (prefix: string, label: string, key: string, action: string, destructive = false): DotMenuItem =>
    ({ id: prefix + id, testId: prefix + id, label, key, action, destructive });
  const out: Array<DotMenuItem | null> = [item('reply_to_post_', 'Reply', 'R', 'reply'), item('forward_post_', 'Forward', 'Shift + F', 'forward')];
  // canFollowThread needs collapsed threads on
  if (s.crt) out.push(item('follow_post_thread_', s.replies ? 'Follow thread' : 'Follow message', 'F', 'follow'));
  out.push(item('unread_post_', 'Mark as Unread', 'U', 'unread'), item('save_post_', 'Save Message', 'S', 'save'));
  // pin_post_<id> (unpin_post_<id> once pinned; the simulator does not pin)
  out.push(item('pin_post_', 'Pin to Channel', 'P', 'pin'));
  if (s.own) out.push(null);
  out.push(item('permalink_', 'Copy Link', 'K', 'permalink'), null);
  if (s.own) out.push(item('edit_post_', 'Edit', 'E', 'edit'));
  out.push(item('copy_', 'Copy Text', 'C', 'copy'));
  if (s.own) out.push(null, item('delete_post_', 'Delete', 'delete', 'delete', true));
  return out;
}

/**
 * The server-rendered shell: the real app's frame ids (#root, #channel_view, #SidebarContainer,
 * #channel-header, #post-list, #advancedTextEditorCell, #sidebar-right) plus the page script, which
 * builds the post list itself, as the React app does after load.
 */
import { escapeHtml } from '../../server';
import { clientMain, type ClientConfig, type ClientHelpers } from './client';
import { bindComposer } from './composer';
import { openDotMenu } from './dot-menu';
import { dotMenuItems, postMenuSlots } from './post-menu';
import { bindPostStrips } from './post-strip';
import { LAYOUT_CSS, themeCss, type ThemeName } from './styles';
import type { WebView } from './view';
import { computeRange } from './windowing';

/** JSON safe inside <script>: no `</script>`, no `<!--`, no line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const OVERSCAN = 6;

/**
 * The page script's source. `__name` is defined because tsx (esbuild keepNames) may wrap nested
 * functions in calls to it when this module is loaded from TypeScript at run time. The helpers are
 * self-contained modules embedded by their source text too (ClientHelpers).
 */
export function clientScript(cfg: ClientConfig): string {
  const helpers: Record<keyof ClientHelpers, (...args: never[]) => unknown> = { computeRange, postMenuSlots, dotMenuItems, openDotMenu, bindPostStrips, bindComposer };
  const source = Object.entries(helpers).map(([name, f]) => `${name}: ${f.toString()}`).join(',\n');
  return `var __name = function (f) { return f; };\n(${clientMain.toString()})(${jsonForScript(cfg)}, {${source}});`;
}

export interface PageOptions {
  subpath: string;
  theme: ThemeName;
  /** body.wysiwyg: the composer becomes a contenteditable div */
  wysiwyg?: boolean;
  /** the "Click to open threads" setting; default on, as in Mattermost */
  clickToOpenThreads?: boolean;
  /** the `send_on_ctrl_enter` preference: Enter alone inserts a newline, Ctrl/⌘+Enter sends */
  sendOnCtrlEnter?: boolean;
}

export function channelPage(view: WebView, o: PageOptions): string {
  const cfg: ClientConfig = {
    subpath: o.subpath,
    view,
    themes: { light: themeCss('light'), dark: themeCss('dark') },
    theme: o.theme,
    overscan: OVERSCAN,
    viewportFallback: 600,
    clickToOpenThreads: o.clickToOpenThreads ?? true,
    sendOnCtrlEnter: o.sendOnCtrlEnter ?? false,
  };
  return `<!DOCTYPE html>
<html lang="en" data-theme="${o.theme}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${escapeHtml(view.title)}</title>
<style id="sim-theme">${themeCss(o.theme)}</style>
<style>${LAYOUT_CSS}</style>
</head>
<body class="app__body${o.wysiwyg ? ' wysiwyg' : ''}">
<div id="root">
<header id="global-header" class="global-header"><div class="sim-product">Channels</div>
<div id="searchFormContainer" class="search-form__container"><input id="searchBox" name="Search" type="search" aria-label="Search" placeholder="Search" autocomplete="off"></div></header>
<div id="channel_view" class="channel-view">
<div id="teamSidebarWrapper" class="team-sidebar">${view.teamsHtml}</div>
<div id="SidebarContainer" class="SidebarContainer">${view.sidebarHtml}</div>
<div id="inner-wrap" class="inner-wrap"><div id="app-content" class="app__content">
${view.headerHtml}
<div id="post-list" class="post-list-holder-by-time" role="main"></div>
<div id="advancedTextEditorCell" class="post-create__container"></div>
</div></div>
<div id="sidebar-right" class="sidebar--right" role="complementary"></div>
</div>
</div>
<script>${clientScript(cfg)}</script>
</body></html>`;
}

/** The real app shows its own "not found" screen (status 200 from the SPA shell); so does this. */
export function notFoundPage(reason: string, o: PageOptions): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Mattermost</title>
<style id="sim-theme">${themeCss(o.theme)}</style><style>${LAYOUT_CSS}</style></head>
<body class="app__body"><div id="root"><div class="sim-404 error__container"><h2>Page not found</h2><p>${escapeHtml(reason)}</p>
<p><a href="${escapeHtml(o.subpath)}/">Back to Mattermost</a></p></div></div></body></html>`;
}

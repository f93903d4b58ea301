/**
 * Themes and layout. The theme is applied the way the real web app does it: CSS variables on :root
 * (`--center-channel-bg`, `--link-color`, … and their `-rgb` triplets), so an extension that reads
 * them to match its card to the page sees the same names. Sizes are px: the pages are screenshotted.
 */

export type ThemeName = 'light' | 'dark';

/** Mattermost's Denim (default light) and Onyx (dark) colours. */
export const THEMES: Record<ThemeName, Record<string, string>> = {
  light: {
    'sidebar-bg': '#1e325c',
    'sidebar-text': '#ffffff',
    'sidebar-unread-text': '#ffffff',
    'sidebar-text-hover-bg': '#28427b',
    'sidebar-text-active-border': '#5d89ea',
    'sidebar-text-active-color': '#ffffff',
    'sidebar-header-bg': '#192a4d',
    'sidebar-header-text-color': '#ffffff',
    'sidebar-team-background': '#14213e',
    'online-indicator': '#3db887',
    'away-indicator': '#ffbc1f',
    'dnd-indicator': '#d24b4e',
    'mention-bg': '#ffffff',
    'mention-color': '#1e325c',
    'center-channel-bg': '#ffffff',
    'center-channel-color': '#3f4350',
    'new-message-separator': '#cc8f00',
    'link-color': '#386fe5',
    'button-bg': '#1c58d9',
    'button-color': '#ffffff',
    'error-text': '#d24b4e',
    'mention-highlight-bg': '#ffd470',
    'mention-highlight-link': '#1b1d22',
  },
  dark: {
    'sidebar-bg': '#202228',
    'sidebar-text': '#ffffff',
    'sidebar-unread-text': '#ffffff',
    'sidebar-text-hover-bg': '#25262a',
    'sidebar-text-active-border': '#4a7ce8',
    'sidebar-text-active-color': '#ffffff',
    'sidebar-header-bg': '#24272d',
    'sidebar-header-text-color': '#ffffff',
    'sidebar-team-background': '#121317',
    'online-indicator': '#3db887',
    'away-indicator': '#f5ab00',
    'dnd-indicator': '#d24b4e',
    'mention-bg': '#4a7ce8',
    'mention-color': '#ffffff',
    'center-channel-bg': '#191b1f',
    'center-channel-color': '#e3e4e8',
    'new-message-separator': '#1adbdb',
    'link-color': '#5d89ea',
    'button-bg': '#4a7ce8',
    'button-color': '#ffffff',
    'error-text': '#da6c6e',
    'mention-highlight-bg': '#0d6e6e',
    'mention-highlight-link': '#a4f4f4',
  },
};

export function isThemeName(s: string): s is ThemeName {
  return s === 'light' || s === 'dark';
}

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}`;
}

/** `:root{--name:value;--name-rgb:r, g, b;…}`: the text of <style id="sim-theme">. */
export function themeCss(name: ThemeName): string {
  const vars = Object.entries(THEMES[name]).map(([k, v]) => `--${k}:${v};--${k}-rgb:${rgb(v)};`);
  return `:root{${vars.join('')}color-scheme:${name};}`;
}

const C = 'var(--center-channel-color)';
const FAINT = 'rgba(var(--center-channel-color-rgb), 0.16)';
const HOVER = 'rgba(var(--center-channel-color-rgb), 0.04)';
const MUTED = 'rgba(var(--center-channel-color-rgb), 0.64)';

export const LAYOUT_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;overflow:hidden}
body{font-family:"Open Sans",-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;font-size:14px;line-height:20px;color:${C};background:var(--center-channel-bg)}
button{font:inherit;color:inherit;cursor:pointer}
.style--none{background:none;border:0;padding:0}
#root{display:flex;flex-direction:column;height:100vh}
#global-header{height:40px;flex:none;display:flex;align-items:center;gap:12px;padding:0 12px;background:var(--sidebar-team-background);color:var(--sidebar-text)}
#global-header .sim-product{font-weight:700;font-size:14px;width:293px}
#searchFormContainer{flex:1;max-width:560px}
#searchBox{width:100%;height:28px;border-radius:4px;border:0;padding:0 10px;font-size:13px;background:rgba(255,255,255,0.12);color:#fff}
#searchBox::placeholder{color:rgba(255,255,255,0.64)}
#channel_view{display:flex;flex:1;min-height:0}
#teamSidebarWrapper{width:65px;flex:none;background:var(--sidebar-team-background);padding-top:12px;display:flex;flex-direction:column;align-items:center;gap:10px}
.team-btn{display:flex;width:40px;height:40px;border-radius:8px;align-items:center;justify-content:center;background:rgba(255,255,255,0.16);color:#fff;text-decoration:none;font-weight:700;font-size:15px}
.team-container.active .team-btn{box-shadow:0 0 0 3px var(--sidebar-text-active-border)}
#SidebarContainer{width:240px;flex:none;background:var(--sidebar-bg);color:var(--sidebar-text);overflow-y:auto}
.SidebarHeaderMenuWrapper{height:52px;padding:14px 16px;border-bottom:1px solid rgba(255,255,255,0.12)}
.sidebar-header__team{margin:0;font-size:16px;line-height:24px;color:var(--sidebar-header-text-color)}
.SidebarChannelGroupHeader_text{margin:16px 16px 4px;font-size:12px;font-weight:600;letter-spacing:.02em;opacity:.64}
.SidebarChannelGroup_content{list-style:none;margin:0;padding:0}
.SidebarLink{display:flex;gap:8px;height:32px;align-items:center;padding:0 16px;color:rgba(255,255,255,0.72);text-decoration:none;border-left:4px solid transparent}
.SidebarLink:hover{background:var(--sidebar-text-hover-bg)}
.SidebarLink.active{color:var(--sidebar-text-active-color);font-weight:600;background:rgba(255,255,255,0.16);border-left-color:var(--sidebar-text-active-border)}
.SidebarLink .icon{width:16px;text-align:center;opacity:.72}
#inner-wrap{flex:1;min-width:0;display:flex}
#app-content{flex:1;min-width:0;display:flex;flex-direction:column;background:var(--center-channel-bg)}
#channel-header{height:62px;flex:none;border-bottom:1px solid ${FAINT};padding:8px 20px}
#channel-header .flex-parent{display:flex;align-items:center;justify-content:space-between}
.channel-header__top{display:flex;align-items:center;gap:8px}
.channel-header__title{font-size:16px;line-height:24px}
.channel-header__member-count{font-size:12px;color:${MUTED}}
.channel-header__bottom{font-size:12px;color:${MUTED};height:18px;overflow:hidden;white-space:nowrap;text-overflow:ellipsis}
.channel-header__archived{margin-left:6px;font-size:12px;color:${MUTED}}
.channel-header__icon{border:1px solid ${FAINT};background:none;border-radius:4px;padding:4px 10px;font-size:12px}
#post-list{flex:1;min-height:0;position:relative}
#postListContent,#postListContent>div{height:100%}
#postListScrollContainer{height:100%;overflow-y:auto;overflow-x:hidden;position:relative}
.inner_list{padding:12px 0 8px}
.post{position:relative;padding:8px 20px 8px 0}
.post:hover{background:${HOVER}}
.post.same--user{padding-top:2px}
.post--highlight,.post--highlight:hover{background:rgba(var(--mention-highlight-bg-rgb),0.24)}
.post__content{display:flex}
.post__content>div:last-child{flex:1;min-width:0}
.post__img{width:53px;flex:none;padding-left:12px}
.sim-avatar{display:inline-flex;width:32px;height:32px;border-radius:50%;align-items:center;justify-content:center;color:#fff;font-size:12px;font-weight:700}
/* a consecutive post shows no name or time, but its hover strip still shows: post_component.tsx renders PostOptions for every post */
.same--user .post__img .sim-avatar{display:none}
.same--user .post__header{height:0;position:relative}
.same--user .post__header>:not(.post-menu){display:none}
.same--user .post__header .post-menu{position:absolute;right:0;top:-12px;z-index:1}
.post__header{display:flex;align-items:baseline;gap:8px;height:20px}
.post__header .user-popover{font-weight:700}
.post__time{font-size:12px;color:${MUTED};text-decoration:none}
.post__permalink{text-decoration:none}
.post__permalink:hover{text-decoration:underline;color:${MUTED}}
.BotTag{font-size:10px;font-weight:600;padding:0 4px;border-radius:2px;background:rgba(var(--center-channel-color-rgb),0.08)}
ul.post-menu{display:flex;gap:2px;list-style:none;margin:0 0 0 auto;padding:0;visibility:hidden}
.post:hover .post-menu,.post:focus-within .post-menu{visibility:visible}
.post-menu__item{border:1px solid ${FAINT};background:var(--center-channel-bg);border-radius:4px;padding:0 6px;font-size:12px;line-height:20px}
.post-menu__item--active,.post-menu__item:focus-visible{border-color:var(--button-bg)}
.MuiPopover-root{position:fixed;inset:0;z-index:1300}
.MuiBackdrop-root{position:fixed;inset:0;background:transparent}
.MuiPopover-paper{position:absolute;max-height:calc(100% - 32px);overflow-y:auto;background:var(--center-channel-bg);border:1px solid ${FAINT};border-radius:4px;box-shadow:0 8px 24px rgba(0,0,0,0.12)}
.MuiMenu-list{list-style:none;margin:0;padding:8px 0;outline:none}
.MuiMenuItem-root{display:flex;align-items:center;min-height:36px;padding:6px 20px;cursor:pointer}
.MuiMenuItem-root:hover,.MuiMenuItem-root:focus{background:rgba(var(--center-channel-color-rgb),0.08);outline:none}
.MuiMenuItem-root .label-elements{flex:1}
.MuiMenuItem-root .trailing-elements{margin-left:24px;font-size:12px;color:${MUTED}}
.MuiMenuItem-root.sim-destructive{color:var(--error-text)}
.MuiDivider-root{list-style:none;border-top:1px solid ${FAINT};margin:8px 0}
.post--system .post-message__text{color:${MUTED}}
.post-message__text,.attachment__body{overflow-wrap:anywhere}
.post-message__text p{margin:0 0 4px}
.post-message__text p:last-child{margin-bottom:0}
.post-edited__indicator{font-size:10px;color:${MUTED};margin-left:4px}
.post-reaction-list{display:flex;gap:4px;margin-top:4px}
.Reaction{border:1px solid ${FAINT};border-radius:12px;background:rgba(var(--center-channel-color-rgb),0.04);padding:0 8px;font-size:11px;line-height:20px;color:inherit}
.ThreadFooter{display:flex;align-items:center;gap:8px;margin-top:4px}
.ThreadFooter .ReplyButton{border:none;background:none;padding:0;font-size:12px;font-weight:600;color:var(--link-color)}
.markdown__link{color:var(--link-color);text-decoration:none}
.markdown__link:hover{text-decoration:underline}
.mention-link{color:var(--link-color);cursor:pointer}
.mention--highlight{background:var(--mention-highlight-bg);color:var(--mention-highlight-link);padding:0 2px;border-radius:2px}
.search-highlight{background:var(--mention-highlight-bg);color:var(--mention-highlight-link)}
code{font-family:Menlo,Consolas,monospace;font-size:12px;background:rgba(var(--center-channel-color-rgb),0.08);border-radius:3px;padding:1px 4px}
.post-code pre{margin:4px 0;padding:8px 12px;border:1px solid ${FAINT};border-radius:4px;background:rgba(var(--center-channel-color-rgb),0.04);overflow-x:auto}
.post-code code{background:none;padding:0}
blockquote{margin:4px 0;padding-left:12px;border-left:4px solid ${FAINT};color:${MUTED}}
.markdown__heading{margin:6px 0;line-height:1.3}
h1.markdown__heading{font-size:22px}h2.markdown__heading{font-size:19px}h3.markdown__heading{font-size:16px}
.markdown__list{margin:4px 0;padding-left:24px}
.markdown__table{border-collapse:collapse;margin:4px 0}
.markdown__table th,.markdown__table td{border:1px solid ${FAINT};padding:4px 10px}
.markdown-inline-img{max-width:320px;max-height:200px}
.attachment__list{margin-top:4px}
.attachment{margin:6px 0;max-width:600px}
.attachment__thumb-pretext{margin-bottom:4px}
.attachment__container{border:1px solid ${FAINT};border-left:4px solid ${FAINT};border-radius:4px;padding:10px 12px;background:var(--center-channel-bg)}
.attachment__container--good{border-left-color:#3db887}
.attachment__container--warning{border-left-color:#ffbc1f}
.attachment__container--danger{border-left-color:#d24b4e}
.attachment__container--permalink{border-left-width:1px}
h1.attachment__title{font-size:14px;line-height:20px;margin:0 0 4px;font-weight:600}
.attachment__title-link{color:var(--link-color);text-decoration:none}
.attachment__author-name{font-size:12px;color:${MUTED}}
.attachment-fields{border-collapse:collapse;margin-top:6px;width:100%;table-layout:fixed}
.attachment-field__caption{text-align:left;font-size:12px;font-weight:600;padding:2px 8px 0 0}
.attachment-field{vertical-align:top;padding:0 8px 4px 0}
.attachment-field p{margin:0}
.attachment__footer-container{font-size:11px;color:${MUTED};margin-top:6px}
.attachment__thumb-container{float:right}
.attachment__thumb-container img{max-width:75px;max-height:75px}
.attachment__image{max-width:400px;max-height:300px}
.post-preview__header{display:flex;align-items:center;gap:6px;margin-bottom:4px}
.post-preview__header .post__img{width:auto;padding:0}
.post-preview__header .sim-avatar{width:20px;height:20px;font-size:9px}
.post-preview__time{font-size:12px;color:${MUTED}}
.post__preview-footer{font-size:11px;color:${MUTED}}
.post__preview-footer p{margin:4px 0 0}
.Separator{display:flex;align-items:center;gap:12px;padding:8px 20px}
.separator__hr{flex:1;border:0;border-top:1px solid ${FAINT};margin:0}
.separator__text{font-size:12px;font-weight:600;color:${MUTED}}
.new-separator .separator__hr{border-top-color:var(--new-message-separator)}
.new-separator .separator__text{color:var(--new-message-separator)}
.post-create__container{flex:none;padding:0 20px 16px}
.AdvancedTextEditor{border:1px solid ${FAINT};border-radius:4px;background:var(--center-channel-bg)}
.AdvancedTextEditor__cell{display:flex;align-items:flex-end}
.AdvancedTextEditor__actions{flex:none;padding:8px}
.SendMessageButton{border:0;border-radius:4px;padding:4px 10px;background:var(--button-bg);color:var(--button-color)}
.SendMessageButton:disabled{background:rgba(var(--center-channel-color-rgb),0.08);color:${MUTED};cursor:default}
.AdvancedTextEditor__footer{min-height:20px;padding-top:4px;font-size:12px}
.has-error .control-label{color:var(--error-text)}
.has-error a{color:var(--link-color)}
#post_textbox,#reply_textbox{display:block;flex:1;min-width:0;width:100%;min-height:44px;max-height:200px;resize:none;border:0;padding:12px 16px;font:inherit;color:${C};background:transparent;outline:none}
div#post_textbox[contenteditable]{min-height:44px}
.post-create__disabled{padding:12px 16px;color:${MUTED};font-size:13px}
#sidebar-right{width:400px;flex:none;border-left:1px solid ${FAINT};display:none;flex-direction:column;background:var(--center-channel-bg)}
#sidebar-right.is-open{display:flex}
.sidebar--right__header{height:62px;flex:none;display:flex;align-items:center;justify-content:space-between;padding:0 16px;border-bottom:1px solid ${FAINT};font-weight:600}
#rhsContainer,#searchContainer{flex:1;min-height:0;display:flex;flex-direction:column}
.sidebar-right__body{flex:1;min-height:0;overflow-y:auto}
.search-item__container{border-bottom:1px solid ${FAINT}}
.search-channel__name{padding:8px 20px 0;font-size:12px;font-weight:600;color:${MUTED}}
.sim-empty{padding:24px;color:${MUTED}}
.sim-404{padding:48px;font-size:16px}
`;

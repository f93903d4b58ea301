/**
 * The pages that host a classic form in `iframe#gsft_main`:
 * - UI16 `nav_to.do?uri=…`: the frame sits in the top document.
 * - Next Experience `/now/nav/ui/classic/params/target/<…>`: the frame sits inside the open shadow root of
 *   `<macroponent-…>`, which a script builds after load, like the real (asynchronously rendered) shell.
 * Both expose window.g_ck; the Next Experience one also window.NOW.g_ck.
 */
import { escapeHtml, htmlDocument, jsonForScript, banner } from './html';

/** The real shell's root macroponent tag (its id is fixed across instances). */
export const POLARIS_ROOT_TAG = 'macroponent-f51912f4c700201072b211d4d8c26010';
export const POLARIS_COMPONENT_ID = 'f51912f4c700201072b211d4d8c26010';

const FRAME_CSS = `
html,body{height:100%}
body{display:flex;flex-direction:column}
.navpage-main{flex:1;display:flex}
#gsft_main{flex:1;width:100%;height:calc(100vh - 48px);border:0;background:#f2f3f3}
`;

export function navToHtml(target: string, userName: string, g_ck: string): string {
  const body = `<div class="navpage-layout" id="nav-layout">
${banner(userName, '<nav class="navpage-header-content"><a href="/home.do" target="gsft_main">Home</a></nav>')}
<div class="navpage-main"><iframe id="gsft_main" name="gsft_main" title="Main Content" src="${escapeHtml(target)}"></iframe></div>
</div>`;
  return htmlDocument({ title: 'ServiceNow', body, css: FRAME_CSS, g_ck, bodyClass: 'navpage' });
}

export function polarisHtml(target: string, userName: string, g_ck: string): string {
  const body = `<${POLARIS_ROOT_TAG} component-id="${POLARIS_COMPONENT_ID}" app-id="polaris-shell"></${POLARIS_ROOT_TAG}>
<script>
(function () {
  var target = ${jsonForScript(target)};
  var userName = ${jsonForScript(userName)};
  function build() {
    var host = document.querySelector(${jsonForScript(POLARIS_ROOT_TAG)});
    if (!host || host.shadowRoot) return;
    var root = host.attachShadow({ mode: 'open' });
    var style = document.createElement('style');
    style.textContent = ':host{display:flex!important;flex-direction:column;height:100vh}' +
      'sn-polaris-header{display:block}' +
      '.polaris-main{flex:1;display:flex}#gsft_main{flex:1;border:0;width:100%;background:#f2f3f3}';
    var header = document.createElement('sn-polaris-header');
    var headerRoot = header.attachShadow({ mode: 'open' });
    var bar = document.createElement('div');
    bar.className = 'polaris-header';
    bar.setAttribute('style', 'display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#032d42;color:#fff;font:600 14px Arial,sans-serif');
    var brand = document.createElement('span');
    brand.textContent = 'servicenow';
    var user = document.createElement('span');
    user.setAttribute('style', 'margin-left:auto;font-weight:400');
    user.textContent = userName;
    bar.append(brand, user);
    headerRoot.append(bar);
    var main = document.createElement('div');
    main.className = 'polaris-main';
    var frame = document.createElement('iframe');
    frame.id = 'gsft_main';
    frame.name = 'gsft_main';
    frame.title = 'Main Content';
    frame.src = target;
    main.append(frame);
    root.append(style, header, main);
  }
  // The real shell renders once its bundles have loaded, well after DOMContentLoaded.
  function later() { setTimeout(build, 50); }
  if (document.readyState === 'complete') later(); else window.addEventListener('load', later);
})();
</script>`;
  return htmlDocument({ title: 'ServiceNow', body, g_ck, now: true, bodyClass: 'polaris' });
}

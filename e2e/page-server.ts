import { escapeHtml, listen, type Running } from '../sim/server';

/**
 * A plain HTTPS site for tests that only care *where* the extension runs: every host gets a page with a
 * same-origin iframe (like the Next Experience shell's gsft_main), and /frame is the inner document.
 * `/embed?src=<https URL>` frames any page, e.g. a ServiceNow record form inside a site that is not an instance.
 */
export function startPageServer(tls: { key: string; cert: string }): Promise<Running> {
  return listen(
    ({ res, url, publicOrigin }) => {
      const frame = url.pathname === '/frame';
      const src = url.pathname === '/embed' ? url.searchParams.get('src') : null;
      const body = frame
        ? `<p>Inner frame of ${escapeHtml(publicOrigin)}</p>`
        : src && /^https:\/\//.test(src)
          ? `<h1>${escapeHtml(publicOrigin)} embeds a page</h1><iframe id="embedded" src="${escapeHtml(src)}" title="embedded" width="1000" height="600"></iframe>`
          : `<h1>${escapeHtml(publicOrigin)}</h1><iframe id="gsft_main" name="gsft_main" src="/frame" title="inner"></iframe>`;
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head><title>${escapeHtml(url.host)}</title></head><body>${body}</body></html>`);
    },
    { tls },
  );
}

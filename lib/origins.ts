/** Which product a configured site runs. */
export type Product = 'servicenow' | 'mattermost';

export interface SiteAddress {
  /** scheme://host[:port], lower-case */
  origin: string;
  /** origin plus the install subpath (Mattermost may live under /mm); no trailing slash */
  base: string;
  /** what to ask `permissions.request` for: the whole host, as match patterns carry no port */
  permissionPattern: string;
  /** where the content script runs: the base and everything below it */
  matchPattern: string;
}

export type ParseResult = { ok: true; site: SiteAddress } | { ok: false; error: string };

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
// A host name of labels, or an IPv4 address; a bare word ("intranet") is almost always a typo for a real name.
const HOST = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;
const SUBPATH_SEGMENT = /^[A-Za-z0-9._~-]+$/;

const examples: Record<Product, string> = {
  servicenow: 'https://acme.service-now.com',
  mattermost: 'https://chat.example.com',
};

/**
 * Turns what a user typed into a site address, or says plainly what is wrong with it.
 * `ACME.service-now.com/` → `https://acme.service-now.com`. https only (http for loopback),
 * no credentials, query or fragment; ServiceNow is an origin, Mattermost may carry a subpath.
 */
export function parseSiteAddress(input: string, product: Product): ParseResult {
  const fail = (error: string): ParseResult => ({ ok: false, error });
  const text = input.trim();
  if (!text) return fail(`Enter an address, for example ${examples[product]}`);
  if (/\s/.test(text)) return fail('An address cannot contain spaces.');

  const schemeMatch = /^([a-z][a-z0-9+.-]*):/i.exec(text);
  const hasAuthority = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let candidate = text;
  if (schemeMatch && hasAuthority) {
    const scheme = schemeMatch[1]!.toLowerCase();
    if (scheme !== 'https' && scheme !== 'http') return fail(`Only https:// addresses are supported, not ${scheme}:.`);
  } else if (schemeMatch && !/^[^:/]+:\d+(\/|$)/.test(text)) {
    // "javascript:alert(1)", "mailto:x" — a scheme without //, and not host:port
    return fail(`Only https:// addresses are supported, not ${schemeMatch[1]!.toLowerCase()}:.`);
  } else {
    candidate = `https://${text}`;
  }

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return fail(`That is not a web address. Try ${examples[product]}`);
  }
  if (url.username || url.password) return fail('Remove the user name or password from the address.');
  if (url.search || text.includes('?')) return fail('Remove the query (the part after "?") from the address.');
  if (url.hash || text.includes('#')) return fail('Remove the fragment (the part after "#") from the address.');

  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK.test(host);
  if (url.protocol === 'http:' && !loopback) return fail('Use https:// — plain http is only allowed for this computer (localhost).');
  if (!loopback && !HOST.test(host)) return fail(`"${host}" is not a full host name. Try ${examples[product]}`);

  const path = url.pathname.replace(/\/+$/, '');
  if (product === 'servicenow' && path) {
    return fail(`Enter the instance address only, without a path, for example ${examples.servicenow}`);
  }
  if (path && !path.split('/').slice(1).every((s) => SUBPATH_SEGMENT.test(s))) {
    return fail('The path may only hold plain folder names, like /mattermost.');
  }

  const origin = url.origin.toLowerCase();
  const base = origin + path;
  return {
    ok: true,
    site: {
      origin,
      base,
      permissionPattern: `${url.protocol}//${host}/*`,
      matchPattern: `${url.protocol}//${host}${path}/*`,
    },
  };
}

/** Re-derives the address details of a stored (already normalised) base. */
export function siteOf(base: string, product: Product): SiteAddress {
  const r = parseSiteAddress(base, product);
  if (!r.ok) throw new Error(`invalid stored site ${base}: ${r.error}`);
  return r.site;
}

/** Is `url` on this site (same origin, under the base path)? Ports count here, unlike in match patterns. */
export function isOnSite(url: string, site: SiteAddress): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.origin.toLowerCase() !== site.origin) return false;
  const prefix = site.base.slice(site.origin.length);
  return !prefix || u.pathname === prefix || u.pathname.startsWith(`${prefix}/`);
}

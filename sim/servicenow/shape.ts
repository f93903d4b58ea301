/**
 * Turns stored rows into Table API result objects: sysparm_fields (dotted paths keep the dotted key),
 * field ACLs (unreadable fields are absent), and the three sysparm_display_value shapes (ServiceNow docs, "Table API"):
 *
 * | mode    | plain  | reference (set)                          | reference (empty) |
 * | false   | "1"    | {"link","value"}  or "<id>" when excluded | ""                |
 * | true    | "New"  | {"display_value","link"} or "Beth Anglin" | ""                |
 * | all     | {"display_value","value"} for every field; references add "link" unless excluded |
 */
import type { SnRow, SnUser } from './types';
import type { SimStore } from './store';

export type DisplayMode = 'false' | 'true' | 'all';

export interface ShapeOptions {
  mode: DisplayMode;
  excludeLink: boolean;
  /** the instance's own base URL for reference links */
  origin: string;
  /** explicit (already validated) field paths; undefined = every field of the table */
  fields?: readonly string[];
}

export function parseDisplayMode(v: string | null): DisplayMode {
  const l = (v ?? '').toLowerCase();
  return l === 'true' || l === 'all' ? l : 'false';
}

/**
 * sysparm_fields minus the paths that do not exist (ignored, as on a real instance). When every listed field
 * is invalid the rows come back as `{}` (unconfirmed against a real instance; it never falls back to all fields).
 */
export function validFields(store: SimStore, table: string, param: string | null): string[] | undefined {
  if (param === null || param === '') return undefined;
  const seen = new Set<string>();
  for (const f of param.split(',')) if (f && !seen.has(f) && store.resolve(table, undefined, f)) seen.add(f);
  return [...seen];
}

/** A path is readable when every hop's field passes the field ACL and every walked-to row the row ACL. */
function readable(store: SimStore, table: string, row: SnRow, path: string, user: SnUser): boolean {
  const parts = path.split('.');
  let t = table;
  let r: SnRow | undefined = row;
  for (let i = 0; i < parts.length; i++) {
    const field = parts[i]!;
    if (!store.canReadField(t, field, user)) return false;
    const def = store.def(t)?.fields[field];
    if (!def) return false;
    if (i < parts.length - 1) {
      t = def.ref ?? '';
      r = r?.[field] ? store.get(t, r[field]!) : undefined;
      if (r && !store.canRead(t, r, user)) return false;
    }
  }
  return true;
}

export function shapeRow(store: SimStore, table: string, row: SnRow, user: SnUser, o: ShapeOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const paths = o.fields ?? Object.keys(store.def(table)?.fields ?? {});
  for (const path of paths) {
    if (!readable(store, table, row, path, user)) continue;
    const res = store.resolve(table, row, path);
    if (!res) continue;
    const journal = res.def.type === 'journal' || res.def.type === 'journal_list';
    const value = journal ? '' : res.value;
    const isRef = res.def.type === 'reference' && !!res.def.ref;
    const link = isRef ? `${o.origin}/api/now/table/${res.def.ref}/${value}` : '';
    const withLink = isRef && value !== '' && !o.excludeLink;
    if (o.mode === 'false') {
      out[path] = withLink ? { link, value } : value;
      continue;
    }
    const display = store.display(table, row, path, user);
    if (o.mode === 'true') out[path] = withLink ? { display_value: display, link } : display;
    else out[path] = withLink ? { display_value: display, link, value } : { display_value: display, value };
  }
  return out;
}

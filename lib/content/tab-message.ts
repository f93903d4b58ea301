import type { ShareSubjectMessage } from '../messages';

const str = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const web = (v: unknown): v is string => str(v, 4096) && /^https?:\/\//i.test(v);
const name = (v: unknown): v is string => str(v, 80) && /^[a-z0-9_]+$/.test(v);

/**
 * The one message a content script takes from the background (context menu → open the share dialog), checked
 * field by field. Written by hand rather than with zod to keep zod out of the content scripts (size budget);
 * it mirrors `shareSubject` in lib/messages.ts, and its test holds the two together.
 */
export function openShareSubject(message: unknown): ShareSubjectMessage | undefined {
  if (typeof message !== 'object' || !message) return undefined;
  const { type, subject } = message as { type?: unknown; subject?: Record<string, unknown> };
  if (type !== 'nowbridge/open-share' || typeof subject !== 'object' || !subject) return undefined;
  const s = subject;
  if (s.kind === 'record' && web(s.instance) && typeof s.ref === 'object' && s.ref) {
    const r = s.ref as Record<string, unknown>;
    if (name(r.table) && str(r.sys_id, 32) && /^[0-9a-f]{32}$/.test(r.sys_id)) return { kind: 'record', instance: s.instance, ref: { table: r.table, sys_id: r.sys_id } };
    if ((r.table === undefined || name(r.table)) && str(r.number, 40) && /^[A-Za-z0-9]{2,40}$/.test(r.number)) {
      return { kind: 'record', instance: s.instance, ref: r.table === undefined ? { number: r.number } : { table: r.table, number: r.number } };
    }
    return undefined;
  }
  const title = s.title === undefined || str(s.title, 500) ? (s.title as string | undefined) : null;
  if (title === null || !web(s.url)) return undefined;
  const titled = title !== undefined ? { title } : {};
  if (s.kind === 'link') return { kind: 'link', url: s.url, ...titled };
  if (s.kind === 'quote' && str(s.text, 20_000) && s.text.length > 0) return { kind: 'quote', text: s.text, url: s.url, ...titled };
  return undefined;
}

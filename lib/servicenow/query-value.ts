/** Literal values in encoded queries; no dependencies, so extension pages can use it without the Table client. */

/** One or more `javascript:` prefixes, in any case and spacing, at the start of a value. */
const SCRIPT_PREFIX = /^(?:\s*javascript\s*:)+\s*/i;
/** `v` without what would make an encoded query run it as a script (see escapeQueryValue). */
export const withoutScriptPrefix = (v: string): string => v.replace(SCRIPT_PREFIX, '');

/**
 * A literal value for an encoded query (ServiceNow docs, "Encoded query strings"). `^` separates conditions, so
 * inside a value it is doubled. A value starting with `javascript:` is not literal: the instance runs it as a
 * script and compares with the result (that is how `assigned_to=javascript:gs.getUserID()` works), so search
 * text such as `javascript:gs.getUser()…` would run on the instance as the user. The prefix is dropped: the
 * rest is searched for as typed.
 */
export const escapeQueryValue = (v: string): string => withoutScriptPrefix(v).replace(/\^/g, '^^');

import { shareSubject, type ShareSubjectMessage } from './messages';

/** Reads the share window's subject from its URL fragment, validated like any message. */
export function readShareSubject(fragment: string): ShareSubjectMessage | undefined {
  try {
    const parsed = shareSubject.safeParse(JSON.parse(decodeURIComponent(fragment)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

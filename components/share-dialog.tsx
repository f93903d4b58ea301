import { fromUser } from '@/components/user-event';
import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { ChannelPicker, type ChannelPickerProps, type PickerTarget } from './channel-picker';
import { trapFocus } from './focus-trap';
import { safeHttpUrl } from './record-card';
import { AllowAccess } from './allow-access';

/**
 * "Share to Mattermost" (issue 5): the record card, a channel picker, a message and Post. A pure view — the
 * integrator renders the card, performs the post through the background and restores focus after onClose.
 * The dialog stays open on failure with the message and target intact, and never calls onPost twice at once.
 */

export interface PostAction {
  label: string;
  onClick(): void;
}

export type PostResult =
  | { ok: true; channelLabel: string; postUrl: string }
  | { ok: false; error: string; action?: PostAction };

export interface ShareDialogProps extends Omit<ChannelPickerProps, 'onChange'> {
  /** the RecordCard element (or any preview) */
  card: ComponentChildren;
  /**
   * `value` is the remembered target. The dialog keeps the user's choice itself and adopts a new `value` when its
   * key changes (the remembered target may arrive after the dialog opened); onChange reports user choices.
   */
  onChange?(target: PickerTarget | undefined): void;
  initialMessage?: string;
  /** a rejection is shown like `{ ok: false }` with the error's message */
  onPost(target: PickerTarget, message: string): Promise<PostResult>;
  onClose(): void;
  /** Mattermost needs signing in again: shown above the form, Post is unavailable */
  needsSignIn?: { message: string; onReconnect(): void };
}

export function ShareDialog(props: ShareDialogProps) {
  const { card, onClose, needsSignIn, value, onChange, initialMessage, onPost, ...picker } = props;
  const id = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const [target, setTarget] = useState(value);
  const [message, setMessage] = useState(initialMessage ?? '');
  const [posting, setPosting] = useState(false);
  const [failure, setFailure] = useState<{ error: string; action?: PostAction }>();
  const [done, setDone] = useState<{ channelLabel: string; postUrl: string }>();
  // state updates are not synchronous: two clicks in one frame would both see posting === false
  const inFlight = useRef(false);

  useEffect(() => {
    if (value) setTarget(value);
  }, [value?.key]);

  const focusPicker = () => rootRef.current?.querySelector<HTMLElement>('[role="combobox"]')?.focus();
  // Only a document that has focus takes it: an extension frame over a page (loaded ahead of the click, see
  // lib/content/servicenow/share-prewarm.ts) must never pull focus out of the form the user types in. A frame
  // puts focus on this field when it is given focus (components/frame/frame-app.tsx, keepFocus).
  useEffect(() => {
    if (document.hasFocus()) focusPicker();
  }, []);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const choose = (t: PickerTarget | undefined) => {
    setTarget(t);
    setFailure(undefined);
    onChange?.(t);
  };

  const post = async () => {
    if (inFlight.current || needsSignIn || done) return;
    if (!target) {
      setFailure({ error: 'Choose a channel or person first.' });
      focusPicker();
      return;
    }
    inFlight.current = true;
    setPosting(true);
    setFailure(undefined);
    let r: PostResult;
    try {
      r = await onPost(target, message);
    } catch (err) {
      r = { ok: false, error: (err instanceof Error && err.message) || 'Could not post to Mattermost.' };
    }
    inFlight.current = false;
    setPosting(false);
    if (r.ok) setDone(r);
    else setFailure(r);
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      // defaultPrevented: the picker used this Esc to close its list
      if (e.defaultPrevented) return;
      e.preventDefault();
      e.stopPropagation(); // the host page (ServiceNow) must not act on it too
      onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (fromUser(e)) void post();
    } else if (e.key === 'Tab') {
      trapFocus(e, e.currentTarget);
    }
  };

  const href = done && safeHttpUrl(done.postUrl);
  const unavailable = posting || !!needsSignIn;

  return (
    <div ref={rootRef} class="nb-share" role="dialog" aria-modal="true" aria-labelledby={`${id}-t`} onKeyDown={onKeyDown}>
      <h2 id={`${id}-t`} class="nb-share__title">
        Share to Mattermost
      </h2>
      {needsSignIn && (
        <div class="nb-share__signin" role="alert">
          <span>{needsSignIn.message}</span>
          <button type="button" class="nb-share__btn" onClick={needsSignIn.onReconnect}>
            Reconnect
          </button>
        </div>
      )}
      <div class="nb-share__card">{card}</div>
      {done ? (
        <div class="nb-share__done">
          <p ref={doneRef} tabIndex={-1} class="nb-share__success" role="status">
            Posted to {done.channelLabel}
          </p>
          <div class="nb-share__footer">
            {href && (
              <a class="nb-share__link" href={href} target="_blank" rel="noopener noreferrer">
                Open post
              </a>
            )}
            <button type="button" class="nb-share__btn nb-share__btn--primary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <>
          <ChannelPicker {...picker} value={target} onChange={choose} />
          <div class="nb-share__field">
            <label class="nb-share__label" for={`${id}-m`}>
              Message
            </label>
            <textarea
              id={`${id}-m`}
              class="nb-share__input nb-share__message"
              rows={3}
              placeholder="Add a message (optional)"
              value={message}
              onInput={(e) => setMessage(e.currentTarget.value)}
            />
          </div>
          <div class="nb-share__footer">
            {/* beside Post, always present so the text is announced when it appears */}
            <div class="nb-share__error" role="alert">
              {failure && <span>{failure.error}</span>}
              {failure && <AllowAccess message={failure.error} />}
              {failure?.action && (
                <button type="button" class="nb-share__btn" onClick={failure.action.onClick}>
                  {failure.action.label}
                </button>
              )}
            </div>
            <span class="nb-share__status" role="status">
              {posting ? 'Posting…' : ''}
            </span>
            <button type="button" class="nb-share__btn" onClick={onClose}>
              Cancel
            </button>
            {/* aria-disabled, not disabled: a disabled button would drop focus out of the dialog mid-post */}
            <button
              type="button"
              class="nb-share__btn nb-share__btn--primary"
              aria-disabled={unavailable}
              aria-keyshortcuts="Control+Enter Meta+Enter"
              // A page script's synthetic click (isTrusted false) must not post as the user.
              onClick={(e) => fromUser(e) && void post()}
            >
              Post
            </button>
          </div>
        </>
      )}
    </div>
  );
}

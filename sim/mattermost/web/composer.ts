/**
 * One message box wired as the web app's AdvancedTextEditor (webapp/channels/src/components/advanced_text_editor/):
 * React-like state that follows `input` events only; the send paths of use_key_handler.tsx (sending on `keypress`,
 * Ctrl/⌘+Enter on `keydown`), the send button, the form's submit and, for the rich-text box, wysiwyg_editor.tsx's
 * keydown; use_submit.tsx's slash-command path with MessageSubmitError. Embedded in the page script by its source
 * text: self-contained, no imports, no outer variables.
 */

/** What a failed call answered: a server error has an id (Client4's server_error_id); a network failure has none. */
export interface SubmitError {
  id?: string;
  message?: string;
  status_code?: number;
}

export interface ComposerOptions {
  box: HTMLElement;
  form: HTMLElement;
  send: HTMLButtonElement;
  /** #postCreateFooter: MessageSubmitError goes in here */
  footer: HTMLElement;
  /** the `send_on_ctrl_enter` preference */
  ctrlSend: boolean;
  /** creates the post; the box clears at once (redux createPost is optimistic and not awaited) */
  post(message: string): void;
  /** POST commands/execute; undefined when it succeeded */
  command(message: string): Promise<SubmitError | undefined>;
  track(p: Promise<unknown>): void;
}

export function bindComposer(doc: Document, o: ComposerOptions): void {
  const NOT_FOUND = 'api.command.execute_command.not_found.app_error';
  const box = o.box;
  const isArea = box.tagName === 'TEXTAREA';
  const area = box as HTMLTextAreaElement;
  let draft = '';
  let serverError: (SubmitError & { submitted: string }) | null = null;
  const invalidSlash = () => !!serverError && serverError.id === NOT_FOUND;

  function setDraft(message: string): void {
    draft = message;
    // advanced_text_editor.tsx disableSendButton: nothing but whitespace
    const off = !message.trim();
    o.send.disabled = off;
    o.send.classList.toggle('disabled', off);
  }
  function setBox(message: string): void {
    if (isArea) area.value = message;
    else box.textContent = message;
  }
  /** components/message_submit_error.tsx, first in the footer */
  function renderError(): void {
    o.footer.querySelector(':scope > .has-error')?.remove();
    if (!serverError) return;
    const wrap = doc.createElement('div');
    wrap.className = 'has-error';
    if (invalidSlash()) {
      const label = doc.createElement('div');
      label.className = 'control-label';
      label.append(`Command with a trigger of '${serverError.submitted.split(' ')[0]}' not found. `);
      const a = doc.createElement('a');
      a.href = '#';
      a.setAttribute('role', 'button');
      a.textContent = 'Click here to send as a message.';
      a.addEventListener('click', (e) => {
        // the real link has no preventDefault; here the '#' would reach the page's popstate navigation
        e.preventDefault();
        o.track(submit());
      });
      label.append(a);
      wrap.append(label);
    } else {
      const text = (serverError.message ?? '').trim();
      if (!text) return;
      const label = doc.createElement('label');
      label.className = 'control-label';
      label.textContent = text;
      wrap.append(label);
    }
    o.footer.prepend(wrap);
  }

  /** use_submit.tsx doSubmit */
  async function submit(): Promise<void> {
    const message = draft;
    if (message.trim().length === 0) return;
    if (serverError && !invalidSlash()) return;
    const ignoreSlash = invalidSlash() && serverError!.submitted === message;
    serverError = null;
    renderError();
    // actions/views/create_comment.tsx onSubmit
    if (message.indexOf('/') === 0 && !ignoreSlash) {
      const err = await o.command(message);
      if (err) {
        // only a server error is shown; the draft stays either way (it is cleared on success only)
        if (err.id !== undefined) serverError = { ...err, submitted: message };
        renderError();
        return;
      }
    } else {
      o.post(message);
    }
    setDraft('');
    setBox('');
  }

  /** utils/post_utils.ts postMessageOnKeyPress, with code_block_ctrl_enter on (its default) */
  function allowSending(e: KeyboardEvent): { send: boolean; message?: string } {
    if (e.key !== 'Enter' || e.shiftKey || e.altKey) return { send: false };
    if (draft.trim() === '') return { send: true };
    const ctrl = e.ctrlKey || e.metaKey;
    const caret = isArea ? area.selectionStart ?? draft.length : draft.length;
    const open = (draft.slice(0, caret).match(/```/g) ?? []).length % 2 !== 0;
    if (!open && (!o.ctrlSend || ctrl)) return { send: true };
    if (ctrl && open) {
      // canAutomaticallyCloseBackticks
      const lines = draft.split('\n').filter((l) => l.trim() !== '');
      if (lines.length > 1 && !lines[lines.length - 1]!.includes('```')) {
        return { send: true, message: draft.endsWith('\n') ? draft + '```' : draft + '\n```' };
      }
      return { send: true };
    }
    return { send: false };
  }
  /** use_key_handler.tsx postMsgKeyPress: allowSending && isDraftSendable → preventDefault, submit */
  function keyPress(e: KeyboardEvent): void {
    if (e.isComposing) return;
    const r = allowSending(e);
    if (!r.send || !draft.trim()) return;
    e.preventDefault();
    if (r.message) setDraft(r.message);
    o.track(submit());
  }

  // advanced_text_editor.tsx handleChange / handleWysiwygChange: an invalid-command error outlives typing
  box.addEventListener('input', () => {
    if (serverError && !invalidSlash()) {
      serverError = null;
      renderError();
    }
    setDraft(isArea ? area.value : box.textContent ?? '');
  });
  if (isArea) {
    box.addEventListener('keydown', (e) => {
      const ctrl = e.ctrlKey || e.metaKey;
      if (e.key !== 'Enter' || e.isComposing) return;
      // Utils.isUnhandledLineBreakKeyCombo: Alt+Enter inserts a line break itself
      if (e.altKey && !e.shiftKey && !ctrl) {
        e.preventDefault();
        const at = area.selectionStart ?? area.value.length;
        area.value = area.value.slice(0, at) + '\n' + area.value.slice(area.selectionEnd ?? at);
        setDraft(area.value);
        return;
      }
      // ctrlEnterKeyCombo (send_on_ctrl_enter or code_block_ctrl_enter): browsers send no keypress for Ctrl+Enter
      if (ctrl) keyPress(e);
    });
    box.addEventListener('keypress', keyPress);
  } else {
    // wysiwyg_editor.tsx handleKeyDown (ProseMirror acts on keydown); lists, quotes and code blocks not modelled
    box.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.isComposing) return;
      const ctrl = e.ctrlKey || e.metaKey;
      const sends = o.ctrlSend ? ctrl && !e.shiftKey && !e.altKey : !(e.shiftKey || ctrl || e.altKey);
      if (!sends) return;
      e.preventDefault();
      o.track(submit());
    });
  }
  o.send.addEventListener('click', (e) => {
    // send_button.tsx sendMessage
    e.stopPropagation();
    e.preventDefault();
    o.track(submit());
  });
  o.form.addEventListener('submit', (e) => {
    // advanced_text_editor.tsx handleSubmitWithEvent
    e.preventDefault();
    o.track(submit());
  });
  setDraft('');
}

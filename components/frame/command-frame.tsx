import { useEffect, useState } from 'preact/hooks';
import { COMMANDS, parseCommand } from '@/lib/commands/servicenow-command';
import type { PostWhere } from '@/lib/messages/message-actions';
import { send } from '@/lib/send';
import { AddToRecord } from '../add-to-record';
import { CreateIncident } from '../create-incident';
import type { FrameViewProps } from './frame-app';
import { Overlay, SearchDialog } from './message-frame';
import { AllowAccess } from '../allow-access';

type Outcome = { state: 'running' } | { state: 'done'; text: string } | { state: 'error'; text: string; help?: boolean };

/** The commands, as `/servicenow help` lists them. */
function HelpList() {
  return (
    <dl class="nb-command__help">
      {COMMANDS.map((c) => (
        <div key={c.verb}>
          <dt>
            <code>
              /servicenow {c.verb}
              {c.args ? ` ${c.args}` : ''}
            </code>
          </dt>
          <dd>{c.hint}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * A `/servicenow` (or `/sn`) command typed in a Mattermost message box (lib/content/mattermost/slash-commands.ts
 * kept it from Mattermost). Answers only the user should see (help, errors, "not found") are a panel under the
 * box; `search`, `create` and `add` are dialogs. The box is cleared ('ran') only once the command did its work;
 * a failure leaves the text where it was typed.
 */
export function CommandFrame({ spec, emit }: FrameViewProps<'command'>) {
  const close = () => emit({ type: 'close', refocus: true });
  const cmd = parseCommand(spec.text) ?? { verb: 'help', arg: '' };
  const where: PostWhere = spec.rootId ? { postId: spec.rootId } : { page: spec.page ?? '' };
  const [outcome, setOutcome] = useState<Outcome>({ state: 'running' });
  const ran = () => emit({ type: 'ran' });

  useEffect(() => {
    if (cmd.verb === 'share' || cmd.verb === 'connect' || cmd.verb === 'watch' || cmd.verb === 'unwatch') {
      if (cmd.verb !== 'connect' && !cmd.arg) return setOutcome({ state: 'error', text: `Which record? Type its number: /servicenow ${cmd.verb} INC0010001` });
      send({ type: 'command/run', server: spec.server, where, text: spec.text, submissionId: spec.submissionId ?? Date.now() }).then(
        (a) => {
          ran();
          if (a.kind === 'posted') close();
          else if (a.kind === 'watched') {
            setOutcome({
              state: 'done',
              text: a.watching
                ? `Watching ${a.number}: you’ll be told who changes what (NowBridge’s toolbar button → Activity).`
                : `No longer watching ${a.number}.`,
            });
          } else setOutcome({ state: 'done', text: 'NowBridge’s settings are open in a new tab: connect ServiceNow and Mattermost there.' });
        },
        (err: Error) => setOutcome({ state: 'error', text: err.message }),
      );
    } else if (cmd.verb === '' || cmd.verb === 'help') {
      ran();
      setOutcome({ state: 'done', text: 'NowBridge commands — handled in your browser, never sent to Mattermost:' });
    } else if (!cmd.spec) setOutcome({ state: 'error', text: `Unknown command “${cmd.verb}”. NowBridge knows these:`, help: true });
    else if (cmd.verb === 'search') ran();
    else if (cmd.verb === 'add' && !spec.rootId) setOutcome({ state: 'error', text: 'Type /servicenow add in a thread’s reply box, or use “Add thread to a record” on a message.' });
  }, []);

  if (cmd.verb === 'search') return <SearchDialog emit={emit} close={close} initialText={cmd.arg} />;
  if (cmd.verb === 'create') {
    return (
      <Overlay close={close}>
        <CreateIncident send={send} server={spec.server} where={where} shortDescription={cmd.arg.slice(0, 160)} description="" onClose={close} onCreated={ran} />
      </Overlay>
    );
  }
  if (cmd.verb === 'add' && spec.rootId) {
    return (
      <Overlay close={close}>
        <AddToRecord send={send} server={spec.server} postId={spec.rootId} scope="thread" number={cmd.arg} onClose={close} onAdded={ran} />
      </Overlay>
    );
  }
  const help = outcome.state === 'done' ? cmd.verb === '' || cmd.verb === 'help' : outcome.state === 'error' && outcome.help;
  return (
    <div
      class="nb-command"
      role="region"
      aria-label="ServiceNow command"
      tabIndex={-1}
      onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), close())}
    >
      <p class={outcome.state === 'error' ? 'nb-command__error' : 'nb-command__text'} role={outcome.state === 'error' ? 'alert' : 'status'}>
        {outcome.state === 'running' ? `Running ${spec.text.trim().slice(0, 80)}…` : outcome.text}
      </p>
      {outcome.state === 'error' && <AllowAccess message={outcome.text} />}
      {help && <HelpList />}
      <button type="button" class="nb-share__btn nb-command__close" onClick={close}>
        Close
      </button>
    </div>
  );
}

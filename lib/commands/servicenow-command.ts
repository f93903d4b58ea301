/**
 * `/servicenow` (or `/sn`) typed in a Mattermost message box. NowBridge has no server plugin, so Mattermost knows no
 * such command: sent to it, `POST /api/v4/commands/execute` answers 404 and a second Enter posts the text to the
 * channel (records-and-watch-contracts.md D.3). The content script (lib/content/mattermost/slash-commands.ts) keeps
 * every such line in the browser; the command frame runs it.
 */
export const COMMAND_LINE = /^\/(?:servicenow|sn)(?=\s|$)/i;

export interface CommandSpec {
  verb: string;
  /** what follows the verb, as the suggestion list shows it */
  args: string;
  hint: string;
  /** opens a dialog (a form or the search) rather than a panel under the box */
  dialog?: boolean;
}

/** In the order the suggestion list shows them. */
export const COMMANDS: readonly CommandSpec[] = [
  { verb: 'share', args: '<number>', hint: 'Post a record’s card here' },
  { verb: 'search', args: '<text>', hint: 'Search ServiceNow', dialog: true },
  { verb: 'create', args: '<short description>', hint: 'Create an incident', dialog: true },
  { verb: 'add', args: '<number>', hint: 'Add this thread to a record', dialog: true },
  { verb: 'watch', args: '<number>', hint: 'Be told when a record changes' },
  { verb: 'unwatch', args: '<number>', hint: 'Stop watching a record' },
  { verb: 'connect', args: '', hint: 'Connect to ServiceNow and Mattermost' },
  { verb: 'help', args: '', hint: 'What these commands do' },
];

export interface ParsedCommand {
  /** a known verb, '' for none, or the unknown word typed */
  verb: string;
  arg: string;
  spec?: CommandSpec;
}

/** The command in a line, or undefined when the line is not a NowBridge command. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const line = text.trim();
  const head = COMMAND_LINE.exec(line);
  if (!head) return undefined;
  const rest = line.slice(head[0].length).trim();
  const [word = '', ...args] = rest.split(/\s+/);
  const verb = word.toLowerCase();
  return { verb, arg: args.join(' ').trim(), spec: COMMANDS.find((c) => c.verb === verb) };
}

/**
 * The suggestions while the command word is being typed (`/servicenow `, `/sn sh`): the verbs it could become.
 * None once an argument is being typed, or for any other text.
 */
export function suggestions(text: string): readonly CommandSpec[] {
  const m = /^\/(?:servicenow|sn)\s+(\S*)$/i.exec(text);
  if (!m) return [];
  const typed = m[1]!.toLowerCase();
  return COMMANDS.filter((c) => c.verb.startsWith(typed) && c.verb !== typed);
}

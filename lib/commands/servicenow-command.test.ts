import { describe, expect, it } from 'vitest';
import { COMMAND_LINE, parseCommand, suggestions } from './servicenow-command';

describe('servicenow command', () => {
  it('is /servicenow or /sn, any case, alone or followed by a space', () => {
    for (const t of ['/servicenow', '/sn', '/SN share INC0010001', '/ServiceNow  help', '/sn\tsearch x']) expect(COMMAND_LINE.test(t)).toBe(true);
    for (const t of ['/servicenowx', '/snow', 'servicenow', ' x /sn', '/s', '/shrug']) expect(COMMAND_LINE.test(t)).toBe(false);
  });

  it('parses the verb and its argument', () => {
    expect(parseCommand('/sn share  INC0010001 ')).toMatchObject({ verb: 'share', arg: 'INC0010001', spec: { verb: 'share' } });
    expect(parseCommand('/servicenow create mail is down for finance')).toMatchObject({ verb: 'create', arg: 'mail is down for finance', spec: { dialog: true } });
    expect(parseCommand('/servicenow')).toMatchObject({ verb: '', arg: '' });
    expect(parseCommand('/servicenow frobnicate')).toMatchObject({ verb: 'frobnicate', spec: undefined });
    expect(parseCommand('hello /sn help')).toBeUndefined();
  });

  it('suggests the verbs while the command word is typed, none once an argument follows', () => {
    expect(suggestions('/servicenow ').map((c) => c.verb)).toEqual(['share', 'search', 'create', 'add', 'watch', 'unwatch', 'connect', 'help']);
    expect(suggestions('/sn s').map((c) => c.verb)).toEqual(['share', 'search']);
    expect(suggestions('/sn w').map((c) => c.verb)).toEqual(['watch']);
    expect(suggestions('/sn share')).toEqual([]);
    expect(suggestions('/sn share INC')).toEqual([]);
    expect(suggestions('/servicenow')).toEqual([]);
    expect(suggestions('/shrug ')).toEqual([]);
  });
});

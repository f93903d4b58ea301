import type { MattermostClient, MmPost } from '../mattermost/client';
import { markdownLink } from '../mattermost/markdown-link';
import { newPendingPostId } from '../mattermost/post-format';
import { createPostOnce } from '../mattermost/post-once';
import type { PostRef } from '../mattermost/post-refs';
import { threadEntries } from '../mattermost/thread-entry';
import type { Response } from '../messages';
import type { IncidentFields, PostWhere } from '../messages/message-actions';
import { parseCommand } from '../commands/servicenow-command';
import { neutraliseJournalMarkup } from '../servicenow/journal-markup';
import { MATTERMOST_CORRELATION } from '../servicenow/incident-create';
import type { RecordKeyRef } from '../servicenow/record';
import type { PickerTarget } from '../mattermost/channels';
import type { Clients } from './clients';
import type { WatchService } from './watch-service';
import type { IncidentService } from './incident-service';
import { callerFor, mattermostUserFor, mattermostUsersFor } from './people-map';
import type { RecordService } from './record-service';
import type { RecordWork } from './record-work';
import { UserFacingError } from './router';
import type { ShareService } from './share-service';

type Context = Response<'message/context'>;
type Place = { channel_id: string; root_id?: string };

export interface MessageActionDeps {
  clients: Pick<Clients, 'mattermost' | 'servicenow'>;
  records: Pick<RecordService, 'card'>;
  work: Pick<RecordWork, 'journal'>;
  share: Pick<ShareService, 'cardTo'>;
  incidents: Pick<IncidentService, 'create' | 'choices' | 'fromPost'>;
  /** the record references in a message (the post check's parser: the user's instances and numbering) */
  refsParser(): Promise<(message: string) => PostRef[]>;
  /** the configured ServiceNow instances, connected ones first */
  instances(): Promise<string[]>;
  /** the configured Mattermost servers, connected ones first */
  servers(): Promise<string[]>;
  openSettings(): Promise<void>;
  /** `/servicenow watch|unwatch <number>` */
  watching: Pick<WatchService, 'watchRecord' | 'ofRecord' | 'unwatch'>;
}

const ELEMENT_WORDS = { comments: 'a comment', work_notes: 'a work note' } as const;

/** Team and channel names in a Mattermost path below the server's base (webapp/channels/src/components/channel_layout/channel_identifier_router). */
const CHANNEL_PATH = /^\/([^/]+)\/channels\/([^/?#]+)/;
const DM_PATH = /^\/([^/]+)\/messages\/@([^/?#]+)/;
const POST_PATH = /^\/([^/]+)\/(?:pl|threads)\/([a-z0-9]{26})/;

/**
 * From a Mattermost message to ServiceNow (issue 13), as the user on both sides: what a post (or its thread) says
 * and what ServiceNow would hold of it, attaching it to a record as a comment or work note, creating an incident
 * from it, and the `/servicenow` commands that act. Every Mattermost write here is a post made once per submission
 * (post-once.ts); every ServiceNow write is at most once per submission (record-work.ts, incident-service.ts).
 */
export function createMessageActions(deps: MessageActionDeps) {
  const mm = (server: string) => deps.clients.mattermost(server);

  async function teamName(client: MattermostClient, teamId: string): Promise<string> {
    const teams = await client.myTeams();
    return (teams.find((t) => t.id === teamId) ?? teams[0])?.name ?? 'x';
  }

  /** Where a card or reply goes: a post's thread (its root: D.4), or the channel of the page the user is on. */
  async function place(server: string, where: PostWhere): Promise<Place> {
    const client = await mm(server);
    if ('postId' in where) {
      const post = await client.getPost(where.postId);
      return { channel_id: post.channel_id, root_id: post.root_id || post.id };
    }
    const base = server.replace(/\/+$/, '');
    const path = where.page.startsWith(`${base}/`) ? where.page.slice(base.length) : '';
    const channel = CHANNEL_PATH.exec(path);
    if (channel) return { channel_id: (await client.channelByName(decodeURIComponent(channel[1]!), decodeURIComponent(channel[2]!))).id };
    const dm = DM_PATH.exec(path);
    if (dm) return { channel_id: (await client.directChannel((await client.userByUsername(decodeURIComponent(dm[2]!))).id)).id };
    const post = POST_PATH.exec(path);
    if (post) return { channel_id: (await client.getPost(post[2]!)).channel_id };
    throw new UserFacingError('Open a channel, a direct message or a thread, then type the command there.');
  }

  async function context(server: string, postId: string, scope: 'message' | 'thread'): Promise<Context> {
    const client = await mm(server);
    const post = await client.getPost(postId);
    const rootId = post.root_id || post.id;
    const posts: MmPost[] = scope === 'thread' ? await client.postThread(rootId) : [post];
    const [users, channel, refsOf] = await Promise.all([client.usersByIds([...new Set(posts.map((p) => p.user_id))]), client.channel(post.channel_id), deps.refsParser()]);
    const team = await teamName(client, channel.team_id);
    const byId = new Map(users.map((u) => [u.id, u]));
    const name = (id: string) => {
      const u = byId.get(id);
      return u ? `${u.first_name} ${u.last_name}`.trim() || u.username : 'someone';
    };
    const permalink = (id: string): string => `${server.replace(/\/+$/, '')}/${team}/pl/${id}`;
    const shown = posts.filter((p) => !p.type || !p.type.startsWith('system_'));
    const entries = threadEntries({
      posts: shown,
      users: Object.fromEntries(users.map((u) => [u.id, { username: u.username, fullName: `${u.first_name} ${u.last_name}`.trim() }])),
      channel: channel.display_name || channel.name,
      team,
      server,
    });
    const seen = new Set<string>();
    const records = shown
      .slice()
      .reverse()
      .flatMap((p) => refsOf(p.message))
      .flatMap((r) => ('number' in r.ref && !seen.has(`${r.instance} ${r.ref.number}`) && seen.add(`${r.instance} ${r.ref.number}`) ? [{ instance: r.instance, number: r.ref.number }] : []));
    const author = byId.get(post.user_id);
    return {
      post: {
        id: post.id,
        rootId,
        channel: channel.display_name || channel.name,
        team,
        author: { id: post.user_id, username: author?.username ?? '', name: name(post.user_id) },
        at: post.create_at,
        message: post.message,
        permalink: permalink(post.id),
      },
      count: shown.length,
      authors: [...new Set(shown.map((p) => name(p.user_id)))],
      entries,
      records,
    };
  }

  /** A reply in the post's thread, once per submission: "Added to INC0010001 as a work note." */
  async function reply(server: string, postId: string, message: string, submissionId: number) {
    const client = await mm(server);
    const [me, at] = await Promise.all([client.me(), place(server, { postId })]);
    const post = await createPostOnce(client, { ...at, message, props: {}, pending_post_id: newPendingPostId(me.id, submissionId) }, { firstSentAt: submissionId, userId: me.id });
    return { postUrl: `${server.replace(/\/+$/, '')}/${await teamName(client, (await client.channel(at.channel_id)).team_id)}/pl/${post.id}` };
  }

  const failure = (err: unknown) => (err instanceof Error && err.message) || 'Mattermost did not take the reply.';

  /** The first instance where the number names a record the user can read. */
  async function findRecord(number: string) {
    const instances = await deps.instances();
    if (!instances.length) throw new UserFacingError('Add a ServiceNow instance in NowBridge’s settings first.');
    let last = '';
    for (const instance of instances) {
      const card = await deps.records.card(instance, { number });
      if (card.lookup.ok) return { instance, ref: { table: card.lookup.record.table, sys_id: card.lookup.record.sys_id } as RecordKeyRef };
      last = card.lookup.message;
    }
    throw new UserFacingError(last || `${number} was not found.`);
  }

  /** The Mattermost user of a ServiceNow person, or why there is none, in words. */
  async function mattermostPerson(server: string, instance: string, sysId: string) {
    const client = await mm(server);
    const user = await mattermostUserFor(client, await deps.clients.servicenow(instance), sysId);
    return { client, user };
  }

  return {
    context,

    /** "Message <name> in Mattermost": the DM (made if need be, so it is in the sidebar) and where it is. */
    async dm(instance: string, sysId: string, server?: string): Promise<Response<'people/dm'>> {
      const on = server ?? (await deps.servers())[0];
      if (!on) throw new UserFacingError('Add your Mattermost server in NowBridge’s settings first.');
      const { client, user } = await mattermostPerson(on, instance, sysId);
      if (!user) throw new UserFacingError('No Mattermost user has this person’s email address or user name.');
      await client.directChannel(user.id);
      const base = new URL(on);
      const path = `${base.pathname.replace(/\/+$/, '')}/${await teamName(client, '')}/messages/@${user.username}`;
      return { server: on, url: `${base.origin}${path}`, path };
    },

    /** The share dialog's people: the record's assignee and caller, as DM targets on this server (none found: none). */
    async targets(server: string, instance: string, ref: RecordKeyRef): Promise<PickerTarget[]> {
      const card = await deps.records.card(instance, ref);
      if (!card.lookup.ok) return [];
      const fields = card.lookup.record.fields;
      const people = [
        ['assigned_to', 'Message the assignee'],
        ['caller_id', 'Message the caller'],
        ['requested_for', 'Message the requester'],
      ] as const;
      const named = people.flatMap(([field, typeLabel]) => {
        const sysId = fields[field]?.value;
        return sysId && /^[0-9a-f]{32}$/.test(sysId) ? [{ sysId, typeLabel }] : [];
      });
      // one sys_user read for all of them, then each one's Mattermost user
      const users = await mattermostUsersFor(await mm(server), await deps.clients.servicenow(instance), named.map((n) => n.sysId)).catch(() => new Map<string, undefined>());
      const found = named.map(({ sysId, typeLabel }) => {
        const user = users.get(sysId);
        if (!user) return undefined;
        const name = `${user.first_name} ${user.last_name}`.trim();
        return { key: `user:${user.id}`, kind: 'user' as const, label: name ? `${name} (@${user.username})` : `@${user.username}`, typeLabel, server };
      });
      return found.filter((t): t is NonNullable<typeof t> => !!t);
    },

    async attach(server: string, postId: string, scope: 'message' | 'thread', instance: string, ref: RecordKeyRef, element: 'comments' | 'work_notes', submissionId: number) {
      const card = await deps.records.card(instance, ref);
      if (!card.lookup.ok) throw new UserFacingError(card.lookup.message);
      const { number, url } = card.lookup.record;
      const { entries } = await context(server, postId, scope);
      // each part once: a retry of this submission asks the same ids again and gets their first answers
      for (const [i, text] of entries.entries()) await deps.work.journal(instance, ref, element, text, submissionId + i);
      const words = `Added ${scope === 'thread' ? 'this thread' : 'this message'} to ${markdownLink(number, url)} as ${ELEMENT_WORDS[element]}.`;
      const answer = { number, url, parts: entries.length };
      try {
        return { ...answer, reply: await reply(server, postId, words, submissionId) };
      } catch (err) {
        return { ...answer, replyError: failure(err) };
      }
    },

    async form(server: string, instance: string, postId?: string): Promise<Response<'incident/form'>> {
      const [choices, caller, existing] = await Promise.all([
        deps.incidents.choices(instance),
        postId
          ? (async () => {
              const post = await (await mm(server)).getPost(postId);
              return callerFor(await mm(server), await deps.clients.servicenow(instance), post.user_id);
            })().catch((err: unknown) => ({ kind: 'choose' as const, why: 'error' as const, hint: `The caller could not be looked up: ${failure(err)}`, candidates: [] }))
          : undefined,
        postId ? deps.incidents.fromPost(instance, postId).catch(() => undefined) : undefined,
      ]);
      const card = existing && (await deps.records.card(instance, { table: 'incident', sys_id: existing.sys_id }).catch(() => undefined));
      return {
        impact: choices.impact,
        urgency: choices.urgency,
        category: choices.category,
        ...(caller ? { caller } : {}),
        ...(existing ? { existing: { number: existing.number, url: card?.lookup.ok ? card.lookup.record.url : '', openedBy: existing.opened_by } } : {}),
      };
    },

    async create(server: string, instance: string, fields: IncidentFields, postId: string | undefined, where: PostWhere, submissionId: number): Promise<Response<'incident/create'>> {
      const answer = await deps.incidents.create(
        instance,
        {
          ...fields,
          // Mattermost text bound for ServiceNow: no working [code] tag (A.2)
          short_description: neutraliseJournalMarkup(fields.short_description),
          description: neutraliseJournalMarkup(fields.description),
          ...(postId ? { correlation_id: postId, correlation_display: MATTERMOST_CORRELATION } : {}),
        },
        submissionId,
      );
      if (answer.outcome === 'refused') throw new UserFacingError(answer.message);
      const { incident, card } = answer;
      const made = { number: incident.number, sys_id: incident.sys_id, url: card?.lookup.ok ? card.lookup.record.url : '', dropped: incident.dropped };
      try {
        const posted = await deps.share.cardTo(server, await place(server, where), instance, { table: 'incident', sys_id: incident.sys_id }, submissionId);
        return { ...made, reply: { postUrl: posted.postUrl } };
      } catch (err) {
        return { ...made, replyError: failure(err) };
      }
    },

    async run(server: string, where: PostWhere, text: string, submissionId: number): Promise<Response<'command/run'>> {
      const cmd = parseCommand(text);
      if (cmd?.verb === 'connect') {
        await deps.openSettings();
        return { kind: 'settings' };
      }
      const known = cmd?.verb === 'share' || cmd?.verb === 'watch' || cmd?.verb === 'unwatch';
      if (!known || !cmd.arg) throw new UserFacingError('That command does not run here.');
      const number = cmd.arg.split(/\s+/)[0]!.toUpperCase();
      const { instance, ref } = await findRecord(number);
      if (cmd.verb === 'watch' && 'sys_id' in ref) {
        await deps.watching.watchRecord(instance, { table: ref.table, sys_id: ref.sys_id });
        return { kind: 'watched', number, watching: true };
      }
      if (cmd.verb === 'unwatch' && 'sys_id' in ref) {
        const w = await deps.watching.ofRecord(instance, ref.sys_id);
        if (w) await deps.watching.unwatch(w.id);
        return { kind: 'watched', number, watching: false };
      }
      const posted = await deps.share.cardTo(server, await place(server, where), instance, ref, submissionId);
      return { kind: 'posted', number: posted.number || number, postUrl: posted.postUrl };
    },
  };
}

export type MessageActions = ReturnType<typeof createMessageActions>;

import { loadStatuses } from '../connections/status';
import { HttpError } from '../http';
import { type PickerTarget, searchTargets, toPickerTarget } from '../mattermost/channels';
import { type MattermostClient, type MmChannel, type MmTeam, type MmUser } from '../mattermost/client';
import { postErrorMessage, postErrorReason } from '../mattermost/errors';
import { markdownLink } from '../mattermost/markdown-link';
import { neutralizeBlock } from '../mattermost/neutralize';
import { formatShare, newPendingPostId } from '../mattermost/post-format';
import { createPostOnce } from '../mattermost/post-once';
import type { ShareChoices, ShareSubjectMessage } from '../messages';
import type { RecordKeyRef } from '../servicenow/records';
import { loadSettings } from '../settings';
import type { Clients } from './clients';
import { recentTargets, rememberTarget } from './recent-targets';
import type { RecordService } from './record-service';

/** What is being shared: a record, or (from the context menu) a link or a quoted selection. */
export type ShareSubject = ShareSubjectMessage;

export interface ShareRequest {
  server: string;
  target: PickerTarget;
  subject: ShareSubject;
  message: string;
  /**
   * Epoch ms of the submission's first attempt, reused by every retry of it: the post's pending_post_id, and
   * how old the submission is (past 25 s a retry looks for the post before sending: post-once.ts).
   */
  submissionId: number;
}

export interface ShareResult {
  channelLabel: string;
  postUrl: string;
}

/** The message for a link or a quote: the user's words, then the shared content, neutralised. */
export function messageFor(subject: Exclude<ShareSubject, { kind: 'record' }>, typed: string): string {
  const body =
    subject.kind === 'link'
      ? markdownLink(subject.title ?? '', subject.url)
      : `${neutralizeBlock(subject.text, { maxLength: 4000 })
          .split('\n')
          .map((l) => `> ${l}`)
          .join('\n')}\n\n— ${markdownLink(subject.title ?? '', subject.url)}`;
  return typed.trim() ? `${typed.trim()}\n\n${body}` : body;
}

/** Channel pickers, recent targets and posting to Mattermost, as the user. */
export function createShareService(clients: Pick<Clients, 'mattermost'>, records: RecordService) {
  const clientFor = clients.mattermost;
  /** Asked once per server and kept; a failure is forgotten, so the next ask tries again. */
  const perServer = <T,>(ask: (client: MattermostClient) => Promise<T>) => {
    const held = new Map<string, Promise<T>>();
    const get = (server: string, client: MattermostClient) => {
      let p = held.get(server);
      if (!p) {
        p = ask(client);
        held.set(server, p);
        p.catch(() => held.delete(server));
      }
      return p;
    };
    return Object.assign(get, { forget: (server: string) => void held.delete(server) });
  };
  const teams = perServer<MmTeam[]>((client) => client.myTeams());
  /** who the user is on a server, asked once (DM and GM rows are named from the user's point of view) */
  const me = perServer<MmUser>((client) => client.me());

  /** The share format of a record, from the card the viewer just saw (no second ServiceNow request). */
  async function recordPost(instance: string, ref: RecordKeyRef, message?: string, description?: string) {
    const card = await records.card(instance, ref);
    if (!card.lookup.ok) throw new HttpError('http', card.lookup.message);
    const record = card.lookup.record;
    return formatShare(record, {
      message,
      color: card.accent,
      fields: card.fields.map((f) => ({ title: f.title, value: record.fields[f.name] ?? '' })),
      ...(description ? { description } : {}),
    });
  }

  /** configured Mattermost servers and whether each is connected, the first being the default */
  async function servers(): Promise<ShareChoices['servers']> {
    const [settings, statuses] = await Promise.all([loadSettings(), loadStatuses()]);
    return settings.mattermost.map(({ base }) => ({
      base,
      label: new URL(base).host + new URL(base).pathname.replace(/\/$/, ''),
      connected: statuses[`mattermost:${base}`]?.state === 'connected',
    }));
  }

  async function channelFor(client: MattermostClient, target: PickerTarget): Promise<MmChannel> {
    const [kind, id] = target.key.split(':');
    if (!id) throw new HttpError('http', 'Choose a channel or person first.');
    return kind === 'user' ? client.directChannel(id) : client.channel(id);
  }

  return {
    servers,

    recent: recentTargets,

    /** a record's card as a post: `message` above it (sent as is), `description` (record text) inside it */
    recordPost,

    /** what a share dialog opens with: the servers, and each one's recent targets */
    async choices(): Promise<ShareChoices> {
      const all = await servers();
      const recent = Object.fromEntries(await Promise.all(all.map(async (s) => [s.base, await recentTargets(s.base)] as const)));
      return { servers: all, recent };
    },

    async search(server: string, term: string): Promise<PickerTarget[]> {
      if (!term.trim()) return recentTargets(server);
      const client = await clientFor(server);
      const [all, user] = await Promise.all([teams(server, client), me(server, client)]);
      const found = await searchTargets(client, all, term, user);
      return found.map((t) => toPickerTarget(t, server));
    },

    async post(req: ShareRequest): Promise<ShareResult> {
      const client = await clientFor(req.server);
      let payload: { message: string; props?: Record<string, unknown> };
      if (req.subject.kind === 'record') {
        payload = await recordPost(req.subject.instance, req.subject.ref, req.message);
      } else {
        payload = { message: messageFor(req.subject, req.message) };
      }
      const [me, channel] = await Promise.all([client.me(), channelFor(client, req.target)]);
      try {
        const post = await createPostOnce(
          client,
          { channel_id: channel.id, message: payload.message, props: payload.props ?? {}, pending_post_id: newPendingPostId(me.id, req.submissionId) },
          { firstSentAt: req.submissionId, userId: me.id },
        );
        await rememberTarget(req.target);
        const all = await teams(req.server, client);
        const team = all.find((t) => t.id === channel.team_id) ?? all[0];
        return { channelLabel: req.target.label, postUrl: `${req.server}/${team?.name ?? 'x'}/pl/${post.id}` };
      } catch (err) {
        if (postErrorReason(err) === 'cannot-post') {
          // Read-only and "not a member" answer alike; membership tells them apart.
          const mine = channel.team_id ? await client.myChannels(channel.team_id).catch(() => []) : [];
          throw new HttpError('forbidden', postErrorMessage(err, { delete_at: channel.delete_at, member: mine.some((c) => c.id === channel.id) }));
        }
        throw new HttpError(err instanceof HttpError ? err.kind : 'http', postErrorMessage(err, { delete_at: channel.delete_at }));
      }
    },

    /**
     * A record's card posted as the user to a channel, or as a reply in a thread (`root_id`: a thread's root, D.4),
     * once per submission (post-once.ts): "Post card to channel", `/servicenow share`, a created incident's card.
     */
    async cardTo(server: string, place: { channel_id: string; root_id?: string }, instance: string, ref: RecordKeyRef, submissionId: number): Promise<ShareResult & { number: string }> {
      const client = await clientFor(server);
      const [me, payload] = await Promise.all([client.me(), recordPost(instance, ref)]);
      const post = await createPostOnce(
        client,
        { ...place, message: payload.message, props: payload.props, pending_post_id: newPendingPostId(me.id, submissionId) },
        { firstSentAt: submissionId, userId: me.id },
      ).catch((err: unknown) => {
        // the two outcomes of posting once that need words of their own; other failures keep their message
        const reason = postErrorReason(err);
        throw reason === 'still-posting' || reason === 'maybe-posted' || reason === 'cannot-post' ? new HttpError('http', postErrorMessage(err)) : err;
      });
      const all = await teams(server, client);
      const channel = await client.channel(place.channel_id).catch(() => undefined);
      const team = all.find((t) => t.id === channel?.team_id) ?? all[0];
      const card = await records.card(instance, ref);
      return { channelLabel: place.root_id ? 'this thread' : 'this channel', postUrl: `${server}/${team?.name ?? 'x'}/pl/${post.id}`, number: card.lookup.ok ? card.lookup.record.number : '' };
    },

    /**
     * "Post card to channel" from under a Mattermost post: the card as a real reply in that post's thread, for
     * colleagues without ServiceNow access. Explicit, never automatic.
     */
    async replyWithCard(server: string, postId: string, instance: string, ref: RecordKeyRef, submissionId: number): Promise<ShareResult> {
      const parent = await (await clientFor(server)).getPost(postId);
      const { channelLabel, postUrl } = await this.cardTo(server, { channel_id: parent.channel_id, root_id: parent.root_id || parent.id }, instance, ref, submissionId);
      return { channelLabel, postUrl };
    },

    forget(server: string): void {
      teams.forget(server);
      me.forget(server);
    },
  };
}

export type ShareService = ReturnType<typeof createShareService>;

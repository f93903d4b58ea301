import type { messageActionMessages } from '../../messages/message-actions';
import type { IncidentService } from '../incident-service';
import type { MessageActions } from '../message-actions';
import type { HandlersOf } from '../router';

export interface MessageActionHandlerDeps {
  messageActions: MessageActions;
  incidents: Pick<IncidentService, 'configurationItems'>;
}

export function createMessageActionHandlers({ messageActions: m, incidents }: MessageActionHandlerDeps): HandlersOf<typeof messageActionMessages> {
  return {
    'message/context': ({ server, postId, scope }) => m.context(server, postId, scope),
    'message/attach': ({ server, postId, scope, instance, ref, element, submissionId }) => m.attach(server, postId, scope, instance, ref, element, submissionId),
    'incident/form': ({ server, instance, postId }) => m.form(server, instance, postId),
    'incident/ci': async ({ instance, query }) => ({ options: await incidents.configurationItems(instance, query) }),
    'incident/create': ({ server, instance, fields, postId, where, submissionId }) => m.create(server, instance, fields, postId, where, submissionId),
    'people/dm': ({ instance, sys_id, server }) => m.dm(instance, sys_id, server),
    'people/targets': async ({ server, instance, ref }) => ({ targets: await m.targets(server, instance, ref) }),
    'command/run': ({ server, where, text, submissionId }) => m.run(server, where, text, submissionId),
  };
}

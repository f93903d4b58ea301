import { loadSettings } from '../../settings';
import { listenForShareRequests } from '../open-share-listener';
import { hoverCards } from './hover-card';
import { recordCards } from './record-cards';
import { searchButton } from './search-button';

/** Everything NowBridge adds to a Mattermost page, each feature in its own file. */
export async function mattermostFeatures(signal: AbortSignal, server: string): Promise<void> {
  const instances = (await loadSettings()).servicenow.map((s) => s.base);
  if (signal.aborted) return;
  listenForShareRequests(signal);
  if (!instances.length) return;
  if (window === window.top) searchButton(signal);
  hoverCards(signal, instances);
  await recordCards(signal, server, instances);
}

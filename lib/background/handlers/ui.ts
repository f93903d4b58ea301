import browser from 'webextension-polyfill';
import type { uiMessages } from '../../messages/ui';
import type { HandlersOf } from '../router';

export function createUiHandlers(): HandlersOf<typeof uiMessages> {
  return {
    'ui/open-settings': async () => {
      await browser.runtime.openOptionsPage();
      return {};
    },
  };
}

import { render } from 'preact';
import { ShareFlow } from '@/components/share-flow';
import { readShareSubject } from '@/lib/share-subject';
import { send } from '@/lib/send';
import '@/components/theme.css';
import '@/components/record-card.css';
import '@/components/share-dialog.css';

// The context menu's dialog for pages where NowBridge has no content script: a small window of its own.
const subject = readShareSubject(location.hash.slice(1));
const app = document.getElementById('app')!;
if (subject) render(<ShareFlow subject={subject} send={send} onClose={() => window.close()} />, app);
else app.textContent = 'Nothing to share.';

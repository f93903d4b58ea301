import { render } from 'preact';
import { PopupApp } from '@/components/popup-app';
import '@/components/theme.css';
import '@/components/record-card.css';
import '@/components/share-dialog.css';
import '@/components/search/search.css';
import '@/components/approvals.css';
import '@/components/record-panel.css';
import '@/components/activity.css';

render(<PopupApp />, document.getElementById('app')!);

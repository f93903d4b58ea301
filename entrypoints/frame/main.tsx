import { startFrame } from '@/components/frame/frame-app';

// The in-page frame (share dialog, search, hover card) for the session named in the URL's fragment.
void startFrame(document.getElementById('app')!, location.hash.slice(1));

import 'fake-indexeddb/auto';
import { vi } from 'vitest';

// happy-dom's events are never trusted; in unit tests every event stands for the user's own input, unless a
// test says otherwise (`vi.mocked(fromUser).mockReturnValue(false)`: a page script's synthetic event).
vi.mock('@/components/user-event', () => ({ fromUser: vi.fn(() => true) }));

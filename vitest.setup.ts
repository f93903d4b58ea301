import 'fake-indexeddb/auto';
import { vi } from 'vitest';

// happy-dom's events are never trusted; in unit tests every event stands for the user's own input.
vi.mock('@/components/user-event', () => ({ fromUser: () => true }));

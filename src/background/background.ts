// Background entry: a service worker in Chrome, an event page in Firefox.
// Listeners are registered synchronously at start-up so that a restarted
// service worker receives the connection that woke it.
import { startRelay } from './relay';

startRelay();

// View choices a person makes once and expects to stay for the rest of the panel
// session, across connections and between the live tab and an imported HAR
// (which has a store of its own, so these do not live in the store).
import { signal } from '@preact/signals';

/** The frames list's time column: wall clock, or the gap since the previous frame shown. */
export const timeMode = signal<'clock' | 'delta'>('clock');

/** How a text frame that parses as a JSON object or array is shown. */
export const jsonView = signal<'tree' | 'text'>('tree');

// One clock for the panel's time-dependent views (reconnect verdicts that turn from
// "waiting for reconnect…" into a judgement when the window passes, the outage
// countdown). Only components that read `now.value` re-render on its tick.
import { signal } from '@preact/signals';

export const now = signal(Date.now());

let timer: ReturnType<typeof setInterval> | null = null;

export function startClock(periodMs = 500) {
  if (timer !== null) return;
  timer = setInterval(() => {
    now.value = Date.now();
  }, periodMs);
}

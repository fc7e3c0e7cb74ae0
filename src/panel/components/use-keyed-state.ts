// State that belongs to one connection and starts over when another is shown.
// Resetting it from an effect raced the person: Preact runs effects after paint,
// and in a background DevTools window (no animation frames) that is up to 100 ms
// later, long enough for a click on the new view to be undone by the reset.
import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';

export interface KeyedState<T> {
  value: T;
}

export function useKeyedState<T>(key: string, initial: () => T): KeyedState<T> {
  const held = useRef<{ key: string; v: T } | null>(null);
  const changed = useSignal(0);
  changed.value; // subscribe: writes below re-render this component
  if (held.current === null || held.current.key !== key) held.current = { key, v: initial() };
  const slot = held.current;
  return {
    get value() {
      return slot.v;
    },
    set value(v: T) {
      if (held.current !== slot || Object.is(slot.v, v)) return;
      slot.v = v;
      changed.value++;
    },
  };
}

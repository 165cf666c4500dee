/** Keeps a screen's playlist shift (an operator's next/previous) in its local storage across reloads. */
import type { PlaylistShift, ShiftMemory } from './playlist-player.svelte';

export function localShiftMemory(
  screenKey: string,
  storage: Storage | undefined = globalThis.localStorage,
): ShiftMemory {
  const key = `ioc.playlist-shift.${screenKey}`;
  return {
    load() {
      try {
        const kept = JSON.parse(storage?.getItem(key) ?? 'null') as Partial<PlaylistShift> | null;
        const valid =
          kept !== null &&
          typeof kept.playlist === 'string' &&
          Number.isFinite(kept.delta) &&
          Number.isFinite(kept.until);
        return valid ? (kept as PlaylistShift) : null;
      } catch {
        return null; // storage off or a damaged entry: the schedule as configured
      }
    },
    save(shift) {
      try {
        if (shift) storage?.setItem(key, JSON.stringify(shift));
        else storage?.removeItem(key);
      } catch {
        // A full or disabled storage only costs the shift after a reload.
      }
    },
  };
}

/**
 * The colour of a category (a slice, a stacked series), from its key and never from its place:
 * the social dashboard's donut sorts its slices by size while the stacked bars beside it keep the
 * feed's order, and "Tiêu cực" must be the same colour in both. Categories that carry a judgement
 * (a post's sentiment) take the palette of meanings (widgets/meaning.ts), as the posts table
 * colours them; the rest share the series palette, which has no red, amber or green.
 */
import { MEANING_COLOURS, meaningOfTone, type Meaning } from '../meaning';
import { SERIES_PALETTE } from './series-palette';

/** Category keys whose colour is a meaning: negative sentiment is the tone `bad`, never green. */
const MEANING_OF_KEY: Readonly<Record<string, Meaning>> = {
  positive: meaningOfTone('good'),
  neutral: meaningOfTone('neutral'),
  negative: meaningOfTone('bad'),
};

/** A stable small number from a key (FNV-1a), so one key starts at the same palette colour in every widget. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * One colour per key, in the keys' order. Keys with a meaning take its colour; the others take the
 * palette colour their key points at, moving on to the next free one on a clash among these keys
 * (decided in sorted key order, so the same set of keys gets the same colours whatever its order).
 * A missing key (no key in the data) takes the first free colour by position.
 */
export function categoryColours(keys: readonly (string | null | undefined)[]): string[] {
  const taken = new Set<string>();
  const colours = new Map<string, string>();
  for (const key of keys) {
    const meaning = key ? MEANING_OF_KEY[key] : undefined;
    if (key && meaning) colours.set(key, MEANING_COLOURS[meaning]);
  }
  const free = (start: number) => {
    for (let step = 0; step < SERIES_PALETTE.length; step++) {
      const colour = SERIES_PALETTE[(start + step) % SERIES_PALETTE.length]!;
      if (!taken.has(colour)) return colour;
    }
    return SERIES_PALETTE[start % SERIES_PALETTE.length]!;
  };
  const plain = [...new Set(keys.filter((key): key is string => Boolean(key) && !colours.has(key!)))].sort();
  for (const key of plain) {
    const colour = free(hash(key) % SERIES_PALETTE.length);
    taken.add(colour);
    colours.set(key, colour);
  }
  return keys.map((key, index) => {
    if (key) return colours.get(key)!;
    const colour = free(index);
    taken.add(colour);
    return colour;
  });
}

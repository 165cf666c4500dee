/**
 * Series colours only tell lines apart: no red, amber or green, which belong to the palette of
 * meanings (widgets/meaning.ts), so that no line is "red" by accident.
 */
export const SERIES_PALETTE = ['#38bdf8', '#c084fc', '#e2e8f0', '#818cf8', '#f0abfc', '#67e8f9', '#94a3b8'];

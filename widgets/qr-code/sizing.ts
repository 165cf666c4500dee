/**
 * How large a QR code must be drawn to be scanned at a distance, and whether a box can hold it.
 * Pure, and free of Svelte and of the browser: the widget sizes its code with it, and the server's
 * config check refuses a panel too small for its code before any panel shows a code no one scans.
 *
 * The rule: a phone reads a code from about ten times its width (the "10:1" rule of the QR
 * trade, e.g. https://delivr.com/faq/1539/what-are-the-qr-code-guidelines-for-social-distancing;
 * it assumes good contrast, which an LED panel's lit quiet zone gives). The width counted is the
 * symbol's modules only, the quiet zone left out: the stricter reading.
 */
import type { PhysicalSize } from '../../config/schema/screen';

/** The blank margin around a symbol, in modules (ISO/IEC 18004: four modules). */
export const QUIET_ZONE_MODULES = 4;
/** Scanning distance over symbol width. */
const DISTANCE_TO_WIDTH = 10;

export interface QrSizing {
  /** Modules per side, without the quiet zone. */
  modules: number;
  /** What the distance and the floor ask for, in whole pixels per module. */
  neededPixelsPerModule: number;
  /** What the box holds: the largest whole number of pixels per module (0: not even one). */
  pixelsPerModule: number;
  fits: boolean;
  /** The symbol's physical width at `neededPixelsPerModule` and the least the rule allows, in mm (no pitch known: null). */
  neededWidthMm: number | null;
}

/** Whole pixels per module: fractions would blur modules, and a panel has whole LEDs. */
export function neededPixelsPerModule(
  modules: number,
  physical: PhysicalSize | null,
  minPixelsPerModule: number,
): number {
  if (!physical) return minPixelsPerModule;
  const widthMm = (physical.viewingDistanceM * 1000) / DISTANCE_TO_WIDTH;
  return Math.max(minPixelsPerModule, Math.ceil(widthMm / (modules * physical.pixelPitchMm)));
}

/** Sizes a symbol of `modules` per side (quiet zone added) in a square of `squarePx` pixels. */
export function sizeQr(
  modules: number,
  squarePx: number,
  physical: PhysicalSize | null,
  minPixelsPerModule: number,
): QrSizing {
  const needed = neededPixelsPerModule(modules, physical, minPixelsPerModule);
  const pixelsPerModule = Math.max(0, Math.floor(squarePx / (modules + 2 * QUIET_ZONE_MODULES)));
  return {
    modules,
    neededPixelsPerModule: needed,
    pixelsPerModule,
    fits: pixelsPerModule >= needed,
    neededWidthMm: physical ? (physical.viewingDistanceM * 1000) / DISTANCE_TO_WIDTH : null,
  };
}

export interface Box {
  width: number;
  height: number;
}

/**
 * Where the caption goes and the square left for the code, in a widget's box. A wide box puts
 * the caption beside the code (an LED panel is wide and low), any other under it. `fontPx` is the
 * widget's type size: the caption takes about eight ems' width beside, four and a half under.
 */
export function qrLayout(box: Box, fontPx: number): { captionAt: 'beside' | 'under'; squarePx: number } {
  const besideSquare = Math.min(box.height, box.width - 8 * fontPx);
  const underSquare = Math.min(box.width, box.height - 4.3 * fontPx);
  return besideSquare >= underSquare
    ? { captionAt: 'beside', squarePx: Math.max(0, Math.floor(besideSquare)) }
    : { captionAt: 'under', squarePx: Math.max(0, Math.floor(underSquare)) };
}

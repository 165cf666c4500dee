/**
 * The QR symbol of an address, from the maintained `qrcode` library (ISO/IEC 18004 encoder: it
 * picks the smallest version and mixes byte, alphanumeric and numeric segments to fit), drawn as
 * an SVG path of whole modules. Error correction M (15 %): the usual choice for a clean, lit code;
 * H would make the symbol larger on a panel with few LEDs to spare.
 */
import QRCode from 'qrcode';
import { QUIET_ZONE_MODULES } from './sizing';

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  version: number;
  /** The dark modules as one SVG path, one unit per module, the quiet zone included in the offsets. */
  path: string;
}

export function qrSymbol(text: string): QrSymbol {
  const code = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const { size, data } = code.modules;
  const runs: string[] = [];
  for (let row = 0; row < size; row++) {
    let column = 0;
    while (column < size) {
      if (!data[row * size + column]) {
        column++;
        continue;
      }
      const start = column;
      while (column < size && data[row * size + column]) column++;
      // One rectangle per horizontal run of dark modules: a short path, whole units only.
      runs.push(`M${start + QUIET_ZONE_MODULES} ${row + QUIET_ZONE_MODULES}h${column - start}v1h${start - column}z`);
    }
  }
  return { size, version: code.version, path: runs.join('') };
}

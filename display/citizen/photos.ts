/**
 * Photos are made small on the phone before they travel over 3G: turned upright from their EXIF
 * orientation, the longest side at most 1600 px, re-encoded as JPEG. Drawing on a canvas also drops
 * the EXIF block (GPS, device); the server strips metadata again regardless.
 */
const LONGEST_SIDE = 1600;
const QUALITY = 0.8;

export function fitWithin(width: number, height: number, longest = LONGEST_SIDE): { width: number; height: number } {
  const scale = Math.min(1, longest / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export async function shrinkPhoto(file: Blob): Promise<Blob> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const { width, height } = fitWithin(bitmap.width, bitmap.height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  context.drawImage(bitmap, 0, 0, width, height);
  bitmap.close();
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('photo not encoded'))), 'image/jpeg', QUALITY),
  );
}

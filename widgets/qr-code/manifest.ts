import { defineWidget } from '../widget';
import { options } from './options';
import { bindQrCode } from './bind';

export default defineWidget({
  type: 'qr-code',
  version: 1,
  title: { vi: 'Mã QR', en: 'QR code' },
  options,
  topics: () => [],
  reads: () => [],
  bind: bindQrCode,
  load: () => import('./QrCode.svelte'),
});

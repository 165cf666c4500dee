/**
 * A screen that shows a QR code must hold it at the size its viewing distance asks for: refused at
 * the config check (and when an operator assigns the dashboard), not found out by a citizen whose
 * phone will not read a code of a few LEDs.
 */
import { Value } from 'typebox/value';
import type { Dashboard } from '../../config/schema/dashboard';
import { physicalSizeOf, type Screen } from '../../config/schema/screen';
import { citizenPageUrl, type AppConfig } from '../../config/schema/app-config';
import { options as qrOptions, type QrCodeOptions } from '../../widgets/qr-code/options';
import { qrSymbol } from '../../widgets/qr-code/symbol';
import { qrLayout, sizeQr } from '../../widgets/qr-code/sizing';
import { widgetBodyBox } from '../../display/wall/widget-box';
import { formatNumber } from '../protocol/format/format';

export interface QrFitProblem {
  path: string;
  reason: string;
  reasonVi: string;
}

export function checkQrFit(screen: Screen, shown: Dashboard[], app: Pick<AppConfig, 'citizen'>): QrFitProblem[] {
  const problems: QrFitProblem[] = [];
  const at = screen.playlist ? '/playlist' : '/dashboard';
  const physical = physicalSizeOf(screen);
  for (const dashboard of shown) {
    for (const placement of dashboard.widgets) {
      if (placement.type !== 'qr-code') continue;
      const options = Value.Default(qrOptions, structuredClone(placement.options ?? {})) as QrCodeOptions;
      const where = `dashboard "${dashboard.id}", widget "${placement.id}"`;
      const whereVi = `bảng "${dashboard.id}", ô "${placement.id}"`;
      const url = options.url ?? citizenPageUrl(app);
      if (!url) {
        problems.push({
          path: at,
          reason: `${where}: the QR code has no address: set citizen.publicUrl in config/app.yaml or the widget's url`,
          reasonVi: `${whereVi}: mã QR chưa có địa chỉ: đặt citizen.publicUrl trong config/app.yaml hoặc url của ô`,
        });
        continue;
      }
      const box = widgetBodyBox(screen.resolution, screen.profile, dashboard.grid, placement);
      const { squarePx } = qrLayout(box, box.fontPx);
      const sizing = sizeQr(qrSymbol(url).size, squarePx, physical, options.minPixelsPerModule);
      if (sizing.fits) continue;
      const distance = physical?.viewingDistanceM ?? 0;
      const metres = (locale: 'vi' | 'en') => formatNumber(distance, locale, Number.isInteger(distance) ? 0 : 1);
      problems.push({
        path: at,
        reason:
          `${where}: on this ${screen.resolution.join('×')} screen the QR code gets ${sizing.pixelsPerModule} pixels per module; ` +
          `scanning it from ${metres('en')} m needs ${sizing.neededPixelsPerModule} (a symbol of ${sizing.modules} modules at least a tenth of the distance wide): ` +
          `give it a larger area, a shorter address, or set the screen's physical size`,
        reasonVi:
          `${whereVi}: trên màn hình ${screen.resolution.join('×')} này mã QR chỉ được ${sizing.pixelsPerModule} điểm ảnh/ô; ` +
          `quét từ ${metres('vi')} m cần ${sizing.neededPixelsPerModule} (mã ${sizing.modules} ô rộng ít nhất một phần mười khoảng cách): ` +
          `cho ô rộng hơn, địa chỉ ngắn hơn, hoặc khai báo kích thước thật của màn hình`,
      });
    }
  }
  return problems;
}

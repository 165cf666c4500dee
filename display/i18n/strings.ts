/** Every user-visible string of the shell, Vietnamese first. Widgets keep their own next to them. */
import type { Locale } from '../../widgets/widget';

export type { Locale };

export interface Localized {
  vi: string;
  en: string;
}

export const STRINGS = {
  iocTitle: { vi: 'Trung tâm Điều hành Thông minh', en: 'Intelligent Operations Center' },
  waiting: { vi: 'Đang chờ dữ liệu…', en: 'Waiting for data…' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  simulated: { vi: 'Dữ liệu mô phỏng', en: 'Simulated data' },
  updated: { vi: 'cập nhật', en: 'updated' },
  /** After the age of data that is not live (offline, or kept from before a reboot): "5 phút trước". */
  ago: { vi: 'trước', en: 'ago' },
  connectionLost: { vi: 'Mất kết nối — đang kết nối lại…', en: 'Connection lost — reconnecting…' },
  connecting: { vi: 'Đang kết nối…', en: 'Connecting…' },
  widgetFailed: { vi: 'Không hiển thị được ô này', en: 'This panel could not be shown' },
  unknownWidget: { vi: 'Loại ô không tồn tại', en: 'Unknown widget type' },
  screenNotFound: { vi: 'Không tìm thấy màn hình', en: 'Screen not found' },
  serverUnreachable: { vi: 'Không kết nối được máy chủ — đang thử lại', en: 'Cannot reach the server — retrying' },
  live: { vi: 'Trực tuyến', en: 'Live' },
  notPaired: {
    vi: 'Màn hình nội bộ này chưa được ghép nối: mở bằng đường dẫn có mã màn hình do trung tâm cấp',
    en: 'This internal screen is not paired: open it with the link and screen token from the operations centre',
  },
  signInToView: {
    vi: 'Bảng này chỉ dành cho nội bộ: đăng nhập tại /console rồi mở lại trang',
    en: 'This dashboard is internal: sign in at /console, then open this page again',
  },
} satisfies Record<string, Localized>;

export type StringKey = keyof typeof STRINGS;

export function t(key: StringKey, locale: Locale): string {
  return STRINGS[key][locale];
}

/**
 * The one message of the promotion (quảng bá): report a problem from your phone in three steps.
 * The ward leaflets, the LED and website slide (`config/dashboards/led-768-phan-anh.yaml`, checked
 * against this by its test) and the notice for the ward loudspeakers and Zalo groups all say it in
 * these words, Vietnamese first.
 */
import type { LocalizedText } from '../protocol/topics';

export const PROMOTION_TITLE: LocalizedText = {
  vi: 'Phản ánh hiện trường bằng điện thoại',
  en: 'Report a problem from your phone',
};

export const PROMOTION_STEPS: readonly LocalizedText[] = [
  {
    vi: 'Quét mã QR bằng camera điện thoại (hoặc mở địa chỉ bên dưới).',
    en: "Scan the QR code with your phone's camera (or open the address below).",
  },
  {
    vi: 'Chụp ảnh, chọn vị trí trên bản đồ và ghi vài dòng mô tả.',
    en: 'Take a photo, pick the place on the map and write a few words.',
  },
  {
    vi: 'Bấm Gửi và giữ mã theo dõi để xem kết quả xử lý.',
    en: 'Press Send and keep the tracking code to follow the result.',
  },
];

/** The citizens' page a leaflet's QR code leads to (the page takes no ward parameter: it finds the ward by the place). */
export function reportPageUrl(publicUrl: string): string {
  return `${publicUrl}/phan-anh`;
}

/**
 * The short text for loudspeakers and Zalo groups (at most 500 characters, a notice's limit):
 * read aloud, so the address is spelled and the hotline said; no QR code in sound.
 */
export function announcementText(options: {
  url: string;
  hotline: string | null;
  wardName: LocalizedText | null;
}): LocalizedText {
  const where = options.wardName;
  const vi =
    `${where ? `${where.vi} thông báo: ` : ''}Người dân có thể phản ánh hiện trường bằng điện thoại. ` +
    `Bước 1: mở ${options.url} hoặc quét mã QR trên tờ rơi, bảng LED. ` +
    'Bước 2: chụp ảnh, chọn vị trí, ghi mô tả. Bước 3: bấm Gửi và giữ mã theo dõi.' +
    (options.hotline ? ` Đường dây nóng: ${options.hotline}.` : '');
  const en =
    `${where ? `${where.en}: ` : ''}Residents can report problems from their phones. ` +
    `Step 1: open ${options.url} or scan the QR code on leaflets and LED panels. ` +
    'Step 2: take a photo, pick the place, describe it. Step 3: press Send and keep the tracking code.' +
    (options.hotline ? ` Hotline: ${options.hotline}.` : '');
  return { vi, en };
}

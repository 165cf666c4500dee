/** Every word the citizens' app shows, Vietnamese first. */
import type { Localized } from '../i18n/strings';

export const S = {
  appName: { vi: 'Phản ánh hiện trường – Lạng Sơn', en: 'Street reports – Lạng Sơn' },
  intro: {
    vi: 'Gửi phản ánh về hạ tầng, môi trường, trật tự đô thị tới chính quyền thành phố.',
    en: 'Report a problem with roads, lighting, waste or public order to the city.',
  },
  category: { vi: 'Loại việc', en: 'What is it about' },
  servicesFailed: {
    vi: 'Không tải được danh mục — kiểm tra mạng rồi mở lại trang',
    en: 'The categories could not be loaded — check the network and open the page again',
  },
  description: { vi: 'Mô tả', en: 'Description' },
  descriptionHint: { vi: 'Việc gì, ở đâu, từ khi nào…', en: 'What, where exactly, since when…' },
  photos: { vi: 'Ảnh (tối đa 3)', en: 'Photos (up to 3)' },
  addPhoto: { vi: 'Chụp / chọn ảnh', en: 'Take / choose a photo' },
  removePhoto: { vi: 'Bỏ ảnh', en: 'Remove photo' },
  photoFailed: { vi: 'Không đọc được ảnh này', en: 'This photo could not be read' },
  tooManyPhotos: { vi: 'Chỉ gửi được 3 ảnh', en: 'Only 3 photos can be sent' },
  place: { vi: 'Địa điểm', en: 'Place' },
  openMap: { vi: 'Chọn trên bản đồ', en: 'Pick on the map' },
  tapMap: { vi: 'Chạm vào bản đồ để đánh dấu vị trí', en: 'Tap the map to mark the place' },
  myLocation: { vi: 'Dùng vị trí của tôi', en: 'Use my location' },
  locating: { vi: 'Đang xác định vị trí…', en: 'Finding your location…' },
  locationDenied: {
    vi: 'Bạn chưa cho phép dùng vị trí. Hãy chọn trên bản đồ hoặc nhập địa chỉ.',
    en: 'Location permission was refused. Pick the place on the map or type an address.',
  },
  locationFailed: {
    vi: 'Không xác định được vị trí. Hãy chọn trên bản đồ hoặc nhập địa chỉ.',
    en: 'Your location could not be found. Pick the place on the map or type an address.',
  },
  marked: { vi: 'Đã đánh dấu', en: 'Marked' },
  clearPlace: { vi: 'Bỏ vị trí', en: 'Clear' },
  address: { vi: 'Địa chỉ (nếu có)', en: 'Address (optional)' },
  addressHint: { vi: 'Số nhà, tên đường, phường', en: 'House number, street, ward' },
  mapLoading: { vi: 'Đang tải bản đồ…', en: 'Loading the map…' },
  mapFailed: { vi: 'Không tải được bản đồ', en: 'The map could not be loaded' },
  contactTitle: { vi: 'Thông tin liên hệ (không bắt buộc)', en: 'Contact (optional)' },
  name: { vi: 'Họ tên', en: 'Name' },
  contact: { vi: 'Số điện thoại hoặc email', en: 'Phone or email' },
  consent: {
    vi: 'Tôi đồng ý để cơ quan chức năng dùng thông tin liên hệ này chỉ để trao đổi về phản ánh. Thông tin không được công khai.',
    en: 'I agree that the authorities use this contact only to reach me about this report. It is never published.',
  },
  consentNeeded: { vi: 'Hãy đánh dấu đồng ý nếu để lại liên hệ', en: 'Tick the consent box to leave a contact' },
  submit: { vi: 'Gửi phản ánh', en: 'Send report' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  needCategory: { vi: 'Hãy chọn loại việc', en: 'Choose what it is about' },
  needDescription: { vi: 'Hãy mô tả việc cần phản ánh', en: 'Describe the problem' },
  needPlace: {
    vi: 'Hãy chọn vị trí trên bản đồ, dùng vị trí của bạn hoặc nhập địa chỉ',
    en: 'Pick the place on the map, use your location or type an address',
  },
  notKept: {
    vi: 'Không lưu được phản ánh trên điện thoại (bộ nhớ trình duyệt bị tắt?). Hãy thử lại.',
    en: 'The report could not be saved on the phone (browser storage off?). Please try again.',
  },
  savedOffline: { vi: 'Đã lưu, sẽ gửi khi có mạng', en: 'Saved — it will be sent when you are online' },
  savedOfflineNote: {
    vi: 'Bạn có thể đóng trang. Khi điện thoại có mạng trở lại, phản ánh sẽ tự gửi đi.',
    en: 'You may close the page. The report goes out by itself when the phone is back online.',
  },
  sentTitle: { vi: 'Đã gửi phản ánh', en: 'Report sent' },
  yourCode: { vi: 'Mã theo dõi của bạn', en: 'Your tracking code' },
  keepCode: {
    vi: 'Hãy lưu lại mã này: dùng nó để xem kết quả xử lý và đánh giá.',
    en: 'Keep this code: use it to follow the handling and rate the result.',
  },
  copy: { vi: 'Sao chép', en: 'Copy' },
  copied: { vi: 'Đã sao chép', en: 'Copied' },
  follow: { vi: 'Theo dõi phản ánh', en: 'Follow the report' },
  newReport: { vi: 'Gửi phản ánh khác', en: 'Send another report' },
  duplicate: { vi: 'Đã có người phản ánh việc này — theo dõi', en: 'Someone already reported this — follow it' },
  myReports: { vi: 'Phản ánh của tôi', en: 'My reports' },
  waitingToSend: { vi: 'Chờ gửi', en: 'Waiting to send' },
  notSent: { vi: 'Không gửi được', en: 'Not sent' },
  discard: { vi: 'Bỏ', en: 'Discard' },
  status: { vi: 'Tình trạng', en: 'Status' },
  sentOn: { vi: 'Gửi lúc', en: 'Sent on' },
  timeline: { vi: 'Quá trình xử lý', en: 'Handling so far' },
  response: { vi: 'Trả lời của cơ quan xử lý', en: "The department's response" },
  noResponse: { vi: 'Chưa có trả lời', en: 'No response yet' },
  rateTitle: { vi: 'Bạn đánh giá kết quả thế nào?', en: 'How was it handled?' },
  stars: { vi: 'sao', en: 'stars' },
  comment: { vi: 'Nhận xét (không bắt buộc)', en: 'Comment (optional)' },
  reopen: {
    vi: 'Chưa được giải quyết — đề nghị xử lý lại',
    en: 'Not resolved — ask for it to be handled again',
  },
  sendRating: { vi: 'Gửi đánh giá', en: 'Send rating' },
  ratingThanks: { vi: 'Cảm ơn bạn đã đánh giá', en: 'Thank you for your rating' },
  yourRating: { vi: 'Đánh giá của bạn', en: 'Your rating' },
  notFound: { vi: 'Không tìm thấy phản ánh với mã này', en: 'No report with this code' },
  loading: { vi: 'Đang tải…', en: 'Loading…' },
  offline: { vi: 'Không có mạng', en: 'Offline' },
  back: { vi: '← Gửi phản ánh', en: '← Send a report' },
  followOnly: {
    vi: 'Bạn đang theo dõi phản ánh của người khác.',
    en: "You are following someone else's report.",
  },
  photoAlt: { vi: 'Ảnh phản ánh', en: 'Report photo' },
  responsePhotoAlt: { vi: 'Ảnh kết quả xử lý', en: 'Photo of the result' },
} satisfies Record<string, Localized>;

export type Locale = 'vi' | 'en';

export function say(key: keyof typeof S, locale: Locale): string {
  return S[key][locale];
}

/** Date and time as people in the city read them: vi-VN, in the city's time zone. */
export function formatWhen(at: string | number, locale: Locale, timeZone = 'Asia/Ho_Chi_Minh'): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(date);
}

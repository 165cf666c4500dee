/** The screen console's words, Vietnamese first. */
import type { CommandOutcome, ScreenCommandKind } from '../../server/protocol/index';

export const S = {
  live: { vi: 'Màn hình trực tiếp', en: 'Live screens' },
  online: { vi: 'Trực tuyến', en: 'Online' },
  offline: { vi: 'Ngoại tuyến', en: 'Offline' },
  since: { vi: 'từ', en: 'since' },
  neverSeen: { vi: 'chưa kết nối từ khi máy chủ khởi động', en: 'not seen since the server started' },
  showing: { vi: 'Đang hiển thị', en: 'Showing' },
  lastMessage: { vi: 'Tin mới nhất', en: 'Last message' },
  latency: { vi: 'Độ trễ', en: 'Latency' },
  memory: { vi: 'Bộ nhớ', en: 'Memory' },
  fps: { vi: 'Khung hình/giây', en: 'Frames/s' },
  version: { vi: 'Phiên bản', en: 'Version' },
  uptime: { vi: 'Chạy được', en: 'Up for' },
  ago: { vi: 'trước', en: 'ago' },
  noThumbnail: { vi: 'Chưa có ảnh chụp', en: 'No thumbnail yet' },
  thumbnailAt: { vi: 'Ảnh chụp lúc', en: 'Thumbnail at' },
  dimmed: { vi: 'Đang làm mờ', en: 'Dimmed' },
  blanked: { vi: 'Đang tắt hình', en: 'Blanked' },
  takenOver: { vi: 'Đang hiện thông báo khẩn', en: 'Showing an emergency' },
  takeoverNotVisible: { vi: 'Thông báo khẩn KHÔNG hiển thị', en: 'Emergency NOT visible' },
  lastCommand: { vi: 'Lệnh gần nhất', en: 'Last command' },
  groupActions: { vi: 'Thao tác theo nhóm', en: 'Group actions' },
  everyScreen: { vi: 'Tất cả màn hình', en: 'Every screen' },
  byGroup: { vi: 'Theo nhóm', en: 'By group' },
  byScreen: { vi: 'Chọn màn hình', en: 'Pick screens' },
  dashboard: { vi: 'Bảng', en: 'Dashboard' },
  takeOver: { vi: 'Chiếm màn hình', en: 'Take over' },
  takeover: { vi: 'Thông báo khẩn — chiếm màn hình', en: 'Emergency takeover' },
  textVi: { vi: 'Nội dung tiếng Việt', en: 'Vietnamese text' },
  textEn: { vi: 'Nội dung tiếng Anh', en: 'English text' },
  optional: { vi: 'không bắt buộc', en: 'optional' },
  enFromVi: { vi: 'Để trống: dùng nội dung tiếng Việt', en: 'Left empty: the Vietnamese text is used' },
  severity: { vi: 'Mức độ', en: 'Severity' },
  duration: { vi: 'Thời gian (phút)', en: 'Duration (minutes)' },
  send: { vi: 'Phát thông báo khẩn', en: 'Send the emergency' },
  confirmAll: { vi: 'Phát thông báo khẩn lên TẤT CẢ màn hình?', en: 'Send the emergency to EVERY screen?' },
  active: { vi: 'Đang phát', en: 'On air' },
  noneActive: { vi: 'Không có thông báo khẩn nào đang phát', en: 'No emergency on air' },
  until: { vi: 'đến', en: 'until' },
  untilCancelled: { vi: 'đến khi hủy', en: 'until cancelled' },
  acknowledged: { vi: 'đã xác nhận', en: 'acknowledged' },
  notAcknowledged: { vi: 'chưa xác nhận', en: 'not acknowledged' },
  notVisible: { vi: 'đã nhận, KHÔNG hiển thị', en: 'received, not visible' },
  shownAfter: { vi: 'hiện sau', en: 'shown after' },
  cancel: { vi: 'Hủy thông báo', en: 'Cancel' },
  targets: { vi: 'Gửi tới', en: 'Send to' },
  publicNote: {
    vi: 'Thông báo khẩn là thông tin công khai: màn hình công cộng và trang công khai đều nhận được.',
    en: 'An emergency is public information: public screens and pages receive it too.',
  },
  results: { vi: 'Kết quả', en: 'Result' },
  pickTargets: { vi: 'Chọn nhóm hoặc màn hình trước', en: 'Pick groups or screens first' },
  careBlank: { vi: 'màn hình đang tắt theo lịch đêm', en: 'screen off for the night schedule' },
  careNight: { vi: 'màn hình đang giảm độ sáng theo lịch đêm', en: 'screen dimmed by the night schedule' },
  careUntil: { vi: 'đến', en: 'until' },
  watchRefused: { vi: 'Không xem được trạng thái màn hình', en: 'Cannot watch the screens' },
} satisfies Record<string, { vi: string; en: string }>;

/** "Every screen" for commands that take screens away from people: asked first, like a takeover of all. */
export const CONFIRM_ALL: Partial<Record<ScreenCommandKind, { vi: string; en: string }>> = {
  reload: { vi: 'Tải lại TẤT CẢ màn hình?', en: 'Reload EVERY screen?' },
  blank: { vi: 'Tắt hình TẤT CẢ màn hình?', en: 'Blank EVERY screen?' },
  dim: { vi: 'Làm mờ TẤT CẢ màn hình?', en: 'Dim EVERY screen?' },
};

export const COMMAND_LABEL: Record<ScreenCommandKind, { vi: string; en: string }> = {
  identify: { vi: 'Nhận diện', en: 'Identify' },
  reload: { vi: 'Tải lại', en: 'Reload' },
  dim: { vi: 'Làm mờ', en: 'Dim' },
  blank: { vi: 'Tắt hình', en: 'Blank' },
  wake: { vi: 'Bật lại', en: 'Restore' },
  previous: { vi: 'Trước', en: 'Previous' },
  next: { vi: 'Sau', en: 'Next' },
  'switch-dashboard': { vi: 'Chuyển bảng', en: 'Switch' },
  thumbnail: { vi: 'Chụp ảnh', en: 'Snapshot' },
};

export const OUTCOME_LABEL: Record<CommandOutcome['status'] | 'pending', { vi: string; en: string }> = {
  acked: { vi: 'đã xác nhận', en: 'acknowledged' },
  refused: { vi: 'từ chối', en: 'refused' },
  offline: { vi: 'ngoại tuyến', en: 'offline' },
  timeout: { vi: 'không phản hồi', en: 'no answer' },
  pending: { vi: 'đang chờ…', en: 'waiting…' },
};

export { SEVERITY_LABEL as SEVERITY } from '../screen-control/takeover-choice';

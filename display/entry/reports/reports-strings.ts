/** Every string of the report-handling pages: Vietnamese first, English second. */
import type { Locale } from '../../../widgets/widget';
import { formatDate, formatTime } from '../../../server/protocol/format/format';

export const L = {
  dispatchTitle: { vi: 'Điều phối phản ánh', en: 'Dispatch board' },
  inboxTitle: { vi: 'Hộp thư phản ánh', en: 'Department inbox' },
  moderationTitle: { vi: 'Kiểm duyệt phản ánh', en: 'Moderation queue' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  mustChange: {
    vi: 'Hãy đổi mật khẩu dùng một lần ở trang quản trị trước.',
    en: 'Change your one-time password in the console first.',
  },
  noneWaiting: { vi: 'Không có phản ánh nào đang chờ.', en: 'Nothing waiting.' },
  notAllowedDispatch: {
    vi: 'Chỉ cán bộ điều hành mới điều phối và kiểm duyệt phản ánh.',
    en: 'Only operators dispatch and moderate reports.',
  },
  noUnits: {
    vi: 'Tài khoản chưa được giao đơn vị hay phường nào để xử lý phản ánh.',
    en: 'This account has no department or ward to handle reports for.',
  },
  refresh: { vi: 'Làm mới', en: 'Refresh' },
  category: { vi: 'Lĩnh vực', en: 'Category' },
  ward: { vi: 'Phường/xã', en: 'Ward' },
  received: { vi: 'Tiếp nhận', en: 'Received' },
  due: { vi: 'Hạn xử lý', en: 'Due' },
  department: { vi: 'Đơn vị xử lý', en: 'Department' },
  suggested: { vi: 'gợi ý', en: 'suggested' },
  assign: { vi: 'Giao xử lý', en: 'Assign' },
  merge: { vi: 'Gộp trùng', en: 'Merge duplicate' },
  duplicateOf: { vi: 'Trùng với phản ánh (mã)', en: 'Duplicate of (id)' },
  notResponsible: { vi: 'Không thuộc thẩm quyền', en: "Not the city's business" },
  reason: { vi: 'Lý do', en: 'Reason' },
  confirm: { vi: 'Xác nhận', en: 'Confirm' },
  cancel: { vi: 'Hủy', en: 'Cancel' },
  accept: { vi: 'Tiếp nhận', en: 'Accept' },
  transfer: { vi: 'Chuyển đơn vị', en: 'Transfer' },
  transferTo: { vi: 'Chuyển cho', en: 'Transfer to' },
  askExtension: { vi: 'Xin gia hạn', en: 'Ask for more time' },
  newDue: { vi: 'Hạn mới', en: 'New deadline' },
  extensionAsked: { vi: 'Đã xin gia hạn đến', en: 'Extension asked until' },
  grant: { vi: 'Cho gia hạn', en: 'Grant' },
  respond: { vi: 'Trả lời kết quả', en: 'Respond' },
  responseText: { vi: 'Kết quả xử lý (công khai sau kiểm duyệt)', en: 'Result (public after moderation)' },
  photoLinks: { vi: 'Ảnh kết quả (đường dẫn, mỗi dòng một ảnh)', en: 'Result photos (links, one a line)' },
  close: { vi: 'Đóng phản ánh', en: 'Close' },
  fieldNote: { vi: 'Ghi chú hiện trường', en: 'Field note' },
  addNote: { vi: 'Thêm ghi chú', en: 'Add note' },
  timeline: { vi: 'Diễn biến xử lý', en: 'Timeline' },
  pickUnit: { vi: 'Đơn vị / phường', en: 'Department / ward' },
  response: { vi: 'Kết quả', en: 'Response' },
  sla: {
    ok: { vi: 'Trong hạn', en: 'On time' },
    'due-soon': { vi: 'Sắp đến hạn', en: 'Due soon' },
    overdue: { vi: 'Quá hạn', en: 'Overdue' },
    done: { vi: 'Đã xử lý', en: 'Handled' },
  },
  publication: {
    waiting: { vi: 'Chờ duyệt', en: 'Waiting' },
    approved: { vi: 'Đã công khai', en: 'Published' },
    rejected: { vi: 'Không công khai', en: 'Not published' },
  },
  approve: { vi: 'Duyệt công khai', en: 'Approve' },
  reject: { vi: 'Từ chối', en: 'Reject' },
  undo: { vi: 'Hoàn tác', en: 'Undo' },
  willApprove: { vi: 'Sẽ duyệt sau', en: 'Approving in' },
  willReject: { vi: 'Sẽ từ chối sau', en: 'Rejecting in' },
  publicTitle: { vi: 'Tiêu đề công khai', en: 'Public title' },
  save: { vi: 'Lưu', en: 'Save' },
  hidePhoto: { vi: 'Ẩn ảnh', en: 'Hide photo' },
  makePrivate: { vi: 'Không công khai (riêng tư)', en: 'Private' },
  photoHidden: { vi: 'ảnh đã ẩn với công chúng', en: 'photo hidden from the public' },
  seconds: { vi: 'giây', en: 's' },
  noPhoto: { vi: 'Không có ảnh', en: 'No photo' },
  openPhoto: { vi: 'Mở ảnh phản ánh', en: 'Open the photo' },
  map: { vi: 'Vị trí trên bản đồ (sơ đồ)', en: 'Place on the map (schematic)' },
} satisfies Record<string, unknown>;


/** "14:05 28/11": a deadline two days ahead must not read like one today. City time zone, from config. */
export function when(ms: number, locale: Locale, timeZone: string): string {
  return `${formatTime(ms, locale, timeZone)} ${formatDate(ms, locale, timeZone).slice(0, 5)}`;
}

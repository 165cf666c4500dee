/** Every string of the entry pages: Vietnamese first, English second. */
import type { SubmissionState } from '../../server/protocol/topics';

export const T = {
  app: { vi: 'Nhập liệu IOC', en: 'IOC data entry' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  mustChange: {
    vi: 'Đổi mật khẩu trước khi tiếp tục (ít nhất 12 ký tự)',
    en: 'Change your password to continue (12 characters or more)',
  },
  current: { vi: 'Mật khẩu hiện tại', en: 'Current password' },
  next: { vi: 'Mật khẩu mới', en: 'New password' },
  change: { vi: 'Đổi mật khẩu', en: 'Change password' },
  nav: { vi: 'Điều hướng nhập liệu', en: 'Entry navigation' },
  home: { vi: 'Việc của tôi', en: 'My tasks' },
  reports: { vi: 'Báo cáo định kỳ', en: 'Periodic reports' },
  reminders: { vi: 'Nhắc nộp báo cáo', en: 'Report reminders' },
  scope: { vi: 'Đơn vị làm việc', en: 'Acting for' },
  allScopes: { vi: 'Tất cả đơn vị của tôi', en: 'All my units' },
  roleEntry: { vi: 'Nhập liệu', en: 'Entry' },
  roleApprover: { vi: 'Phê duyệt', en: 'Approval' },
  roleHandler: { vi: 'Xử lý phản ánh', en: 'Report handling' },
  toEnter: { vi: 'Cần nhập và nộp', en: 'To enter and submit' },
  toApprove: { vi: 'Chờ tôi duyệt', en: 'Awaiting my approval' },
  nothing: { vi: 'Không có việc nào.', en: 'Nothing to do.' },
  noScope: {
    vi: 'Tài khoản chưa được giao đơn vị nào; hãy liên hệ quản trị viên.',
    en: 'This account has no unit yet; ask an administrator.',
  },
  due: { vi: 'Hạn nộp', en: 'Due' },
  late: { vi: 'trễ {n} ngày', en: '{n} days late' },
  period: { vi: 'Kỳ', en: 'Period' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  state: { vi: 'Trạng thái', en: 'State' },
  open: { vi: 'Mở', en: 'Open' },
  required: { vi: 'bắt buộc', en: 'required' },
  range: { vi: 'từ {min} đến {max}', en: 'from {min} to {max}' },
  saveDraft: { vi: 'Lưu nháp', en: 'Save draft' },
  submit: { vi: 'Nộp báo cáo', en: 'Submit' },
  saved: { vi: 'Đã lưu nháp.', en: 'Draft saved.' },
  submitted: { vi: 'Đã nộp, chờ phê duyệt.', en: 'Submitted for approval.' },
  approve: { vi: 'Duyệt và công bố', en: 'Approve and publish' },
  approved: { vi: 'Đã duyệt và công bố lên màn hình IOC.', en: 'Approved and published to the IOC wall.' },
  returnIt: { vi: 'Trả lại', en: 'Return' },
  reason: { vi: 'Lý do trả lại (bắt buộc)', en: 'Reason for returning (required)' },
  returned: { vi: 'Đã trả lại đơn vị.', en: 'Returned to the unit.' },
  returnedBecause: { vi: 'Bị trả lại', en: 'Returned' },
  excel: { vi: 'Excel', en: 'Excel' },
  download: { vi: 'Tải mẫu Excel', en: 'Download the Excel template' },
  downloadCsv: { vi: 'Tải CSV', en: 'Download CSV' },
  uploadExcel: { vi: 'Nộp bằng tệp Excel (.xlsx)', en: 'Submit an Excel file (.xlsx)' },
  uploaded: { vi: 'Đã nộp từ tệp Excel, chờ phê duyệt.', en: 'Submitted from the Excel file, awaiting approval.' },
  badCells: { vi: 'Các ô không hợp lệ (chưa lưu gì):', en: 'Cells refused (nothing was saved):' },
  cell: { vi: 'Ô', en: 'Cell' },
  value: { vi: 'Giá trị', en: 'Value' },
  why: { vi: 'Lý do', en: 'Why' },
  history: { vi: 'Lịch sử', en: 'History' },
  correctTitle: { vi: 'Điều chỉnh số liệu đã công bố', en: 'Correct a published figure' },
  correctWhich: { vi: 'Chỉ tiêu', en: 'Indicator' },
  correctValue: { vi: 'Giá trị đúng', en: 'Correct value' },
  correctIt: { vi: 'Điều chỉnh', en: 'Correct it' },
  corrected: {
    vi: 'Đã điều chỉnh; lịch sử giữ cả giá trị cũ và lý do.',
    en: 'Corrected; the history keeps the old value and the reason.',
  },
  notNumber: { vi: 'phải là số (ví dụ 1.234,5)', en: 'must be a number (e.g. 1.234,5)' },
  fixFirst: { vi: 'Hãy sửa các ô được đánh dấu trước khi nộp.', en: 'Fix the marked fields before submitting.' },
  approvedBy: { vi: 'Người duyệt', en: 'Approved by' },
  whoLate: {
    vi: 'Đơn vị chưa nộp hoặc bị trả lại, trễ nhất trước',
    en: 'Units that have not submitted or were returned, latest first',
  },
  readOnly: { vi: 'Báo cáo đã nộp — chỉ xem.', en: 'Submitted — read only.' },
} as const;

export const STATE: Record<SubmissionState, { vi: string; en: string }> = {
  missing: { vi: 'Chưa nộp', en: 'Not submitted' },
  draft: { vi: 'Bản nháp', en: 'Draft' },
  submitted: { vi: 'Chờ duyệt', en: 'Awaiting approval' },
  returned: { vi: 'Bị trả lại', en: 'Returned' },
  approved: { vi: 'Đã duyệt', en: 'Approved' },
  published: { vi: 'Đã công bố', en: 'Published' },
};

export const HISTORY: Record<string, { vi: string; en: string }> = {
  'figures.saved': { vi: 'lưu nháp', en: 'saved a draft' },
  'figures.submitted': { vi: 'nộp báo cáo', en: 'submitted' },
  'figures.approved': { vi: 'duyệt', en: 'approved' },
  'figures.returned': { vi: 'trả lại', en: 'returned' },
  'figures.published': { vi: 'công bố', en: 'published' },
  'figures.corrected': { vi: 'đính chính', en: 'corrected' },
};

export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ''));
}

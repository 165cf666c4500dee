/** The leader's guide: the dashboards at /view, the detail panel, the briefing pack. */
import type { Guide } from '../guide-schema';

export const leaderGuide: Guide = {
  role: 'leader',
  title: { vi: 'Hướng dẫn cho lãnh đạo', en: 'Guide for leaders' },
  who: {
    vi: 'Lãnh đạo thành phố, sở, ngành, phường, xã đọc số liệu của IOC theo từng lĩnh vực, trên máy tính hoặc điện thoại.',
    en: "Leaders of the city, departments and wards who read the IOC's figures by area, on a computer or a phone.",
  },
  sections: [
    {
      id: 'xem-so-lieu',
      title: { vi: 'Xem bảng số liệu', en: 'Reading a dashboard' },
      intro: {
        vi: 'Mọi bảng số liệu của tường màn hình mở được trong trình duyệt tại /view/<tên bảng>, số liệu cập nhật trực tiếp.',
        en: 'Every dashboard of the wall opens in a browser at /view/<name>, its figures live.',
      },
      steps: [
        {
          title: { vi: 'Mở bảng tổng hợp', en: 'Open the overview' },
          page: '/view/main',
          press: { vi: 'Đăng nhập tại /console, rồi mở /view/main', en: 'Sign in at /console, then open /view/main' },
          text: {
            vi: 'Màu có nghĩa: đỏ là vượt ngưỡng báo động hoặc không đạt kế hoạch, vàng là cần chú ý, xanh là đạt. Số "lũy kế" so với kế hoạch năm.',
            en: 'Colours mean something: red is an alarm or a missed target, amber needs attention, green is met. A year-to-date figure is compared with the annual plan.',
          },
          image: 'view-main.jpg',
        },
        {
          title: { vi: 'Xem chi tiết một con số', en: 'Open the detail of a figure' },
          page: '/view/main',
          press: {
            vi: 'Bấm vào một ô chỉ tiêu hoặc một phường trên bản đồ; Esc để đóng',
            en: 'Click a KPI tile or a ward on the map; Esc closes it',
          },
          text: {
            vi: 'Bảng chi tiết hiện Diễn biến, phân theo phường và đơn vị, danh sách phản ánh liên quan; chọn So sánh với Cùng kỳ năm trước, Kỳ trước hoặc Kế hoạch.',
            en: 'The detail panel shows the history, the split by ward and department and the reports behind it; choose Compare with the same period last year, the previous period or the plan.',
          },
        },
        {
          title: { vi: 'Tìm phản ánh quá hạn của một phường', en: "Find a ward's overdue reports" },
          page: '/view/reports',
          press: {
            vi: 'Mở /view/reports, bấm vào phường trên bản đồ',
            en: 'Open /view/reports, click the ward on the map',
          },
          text: {
            vi: 'Số phản ánh quá hạn tô đỏ; danh sách trong bảng chi tiết cho biết đơn vị nào đang giữ.',
            en: 'Overdue reports are shown in red; the list in the detail panel says which department holds each.',
          },
          image: 'view-reports.jpg',
        },
      ],
    },
    {
      id: 'giao-ban',
      title: { vi: 'Tài liệu giao ban', en: 'The briefing pack' },
      intro: {
        vi: 'Mỗi bảng số liệu xuất được thành PDF để họp giao ban, hoặc số liệu từng ô ra Excel.',
        en: "Each dashboard exports to a PDF for the briefing meeting, or each widget's data to Excel.",
      },
      steps: [
        {
          title: { vi: 'Xuất PDF', en: 'Export a PDF' },
          page: '/view/main',
          press: { vi: 'Bấm Xuất → Xuất PDF (tài liệu giao ban)', en: 'Press Export → Export PDF (briefing pack)' },
          text: {
            vi: 'Tệp PDF ghi thời điểm lấy số liệu; Số liệu từng ô tải bảng .xlsx hoặc .csv của từng ô.',
            en: "The PDF says when its figures were taken; Data of each widget downloads each widget's table as .xlsx or .csv.",
          },
          image: 'view-export.jpg',
        },
      ],
    },
  ],
};

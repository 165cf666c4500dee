/** The ward officer's guide: the month's figures by form or Excel, and field notes on reports in the ward. */
import type { Guide } from '../guide-schema';

export const wardOfficerGuide: Guide = {
  role: 'ward-officer',
  title: { vi: 'Hướng dẫn cho cán bộ phường, xã', en: 'Guide for ward and commune officers' },
  who: {
    vi: 'Cán bộ phường, xã nhập số liệu định kỳ của đơn vị và ghi chú hiện trường cho phản ánh trên địa bàn.',
    en: "Ward and commune officers who enter their unit's periodic figures and add field notes to reports in their area.",
  },
  sections: [
    {
      id: 'nhap-so-lieu',
      title: { vi: 'Nhập và nộp số liệu tháng', en: "Entering and submitting the month's figures" },
      intro: {
        vi: 'Trang /entry dùng được trên điện thoại và máy tính. Số liệu sau khi được duyệt lên màn hình IOC ngay.',
        en: 'The /entry page works on a phone and a computer. Once approved, the figures reach the IOC screens at once.',
      },
      steps: [
        {
          title: { vi: 'Xem việc của tôi', en: 'See my tasks' },
          page: '/entry',
          press: { vi: 'Đăng nhập, bấm Việc của tôi', en: 'Sign in, press My tasks' },
          text: {
            vi: 'Mục Cần nhập và nộp liệt kê báo cáo chưa nộp, đang nháp hoặc Bị trả lại, kèm hạn nộp. Người phụ trách nhiều đơn vị chọn Đơn vị làm việc ở đầu trang.',
            en: 'To enter and submit lists the reports not yet submitted, drafts and returned ones, with the due date. Someone with several units picks one under Acting for at the top.',
          },
          image: 'entry-tasks-phone.jpg',
        },
        {
          title: { vi: 'Điền số liệu', en: 'Fill in the figures' },
          page: '/entry/bao-cao',
          press: {
            vi: 'Bấm Mở, điền từng chỉ tiêu, bấm Lưu nháp',
            en: 'Press Open, fill in each indicator, press Save draft',
          },
          text: {
            vi: 'Gõ số kiểu Việt Nam: 1.234,5. Ô sai (ngoài khoảng cho phép, thiếu ô bắt buộc) được tô đỏ và ghi lý do ngay.',
            en: 'Type numbers the Vietnamese way: 1.234,5. A wrong field (out of range, a required one missing) is marked at once with the reason.',
          },
          image: 'entry-form-phone.jpg',
        },
        {
          title: { vi: 'Nộp báo cáo', en: 'Submit' },
          page: '/entry/bao-cao',
          press: { vi: 'Bấm Nộp báo cáo', en: 'Press Submit' },
          text: {
            vi: 'Trang báo "Đã nộp, chờ phê duyệt". Nếu người duyệt Trả lại, báo cáo trở về Việc của tôi kèm lý do.',
            en: 'The page says "Submitted, awaiting approval". If the approver returns it, it comes back to My tasks with the reason.',
          },
        },
      ],
    },
    {
      id: 'excel',
      title: { vi: 'Nộp bằng tệp Excel', en: 'Submitting an Excel file' },
      intro: {
        vi: 'Có thể nhập số liệu vào mẫu Excel rồi nộp cả tệp.',
        en: 'The figures can be typed into the Excel template and the whole file submitted.',
      },
      steps: [
        {
          title: { vi: 'Tải mẫu', en: 'Download the template' },
          page: '/entry/bao-cao',
          press: { vi: 'Trong báo cáo, bấm Tải mẫu Excel', en: 'In the report, press Download the Excel template' },
          text: {
            vi: 'Mẫu đã ghi sẵn đơn vị, kỳ và chỉ tiêu. Chỉ gõ vào cột Giá trị màu vàng, không dùng công thức.',
            en: 'The template has the unit, period and indicators filled in. Type only in the yellow Value column, no formulas.',
          },
        },
        {
          title: { vi: 'Nộp tệp', en: 'Submit the file' },
          page: '/entry/bao-cao',
          press: {
            vi: 'Bấm Nộp bằng tệp Excel (.xlsx), chọn tệp',
            en: 'Press Submit an Excel file (.xlsx), choose the file',
          },
          text: {
            vi: 'Nếu có ô sai, không có gì được lưu và trang liệt kê từng ô sai (trang tính, ô, giá trị, lý do). Sửa rồi nộp lại.',
            en: 'If a cell is wrong nothing is saved, and the page lists each bad cell (sheet, cell, value, why). Fix it and submit again.',
          },
        },
      ],
    },
    {
      id: 'ghi-chu-hien-truong',
      title: { vi: 'Ghi chú hiện trường cho phản ánh', en: 'Field notes on reports' },
      intro: {
        vi: 'Cán bộ phường, xã xem phản ánh trên địa bàn và ghi lại điều thấy tại hiện trường cho đơn vị xử lý.',
        en: 'Ward officers see the reports in their area and note what they found on the spot for the department handling it.',
      },
      steps: [
        {
          title: { vi: 'Thêm ghi chú', en: 'Add a note' },
          page: '/entry/hop-thu',
          press: {
            vi: 'Bấm Hộp thư phản ánh, chọn phản ánh, bấm Ghi chú hiện trường → Thêm ghi chú',
            en: 'Press Department inbox, pick the report, press Field note → Add note',
          },
          text: {
            vi: 'Ghi chú chỉ dùng trong nội bộ, không công khai.',
            en: 'Notes stay internal, never published.',
          },
        },
      ],
    },
    {
      id: 'tap-huan',
      title: { vi: 'Làm bài tập huấn', en: 'Doing the training exercises' },
      intro: {
        vi: 'Trong buổi tập huấn, bạn đăng nhập vào môi trường tập huấn bằng tài khoản thực hành được phát. Mọi trang ở đó có dải vàng "TẬP HUẤN — dữ liệu thực hành": không việc gì làm ở đây ảnh hưởng đến hệ thống thật.',
        en: 'In a training session you sign in to the practice space with the practice account handed out. Every page there wears the yellow band "TRAINING — practice data": nothing done there touches the live system.',
      },
      steps: [
        {
          title: { vi: 'Xem bài tập', en: 'See your exercises' },
          page: '/entry/tap-huan',
          press: {
            vi: 'Đăng nhập bằng tài khoản thực hành, bấm Bài tập thực hành',
            en: 'Sign in with the practice account, press Practice exercises',
          },
          text: {
            vi: 'Mỗi bài nêu việc cần làm và trang để làm. Người hướng dẫn thấy tiến độ của bạn ngay khi bạn làm xong.',
            en: 'Each exercise says what to do and on which page. The trainer sees your progress as soon as you finish.',
          },
        },
        {
          title: { vi: 'Làm và kiểm tra', en: 'Do it and check' },
          page: '/entry/tap-huan',
          press: {
            vi: 'Bấm Mở trang để làm, làm theo đề bài, quay lại và bấm Kiểm tra lại; bài hỏi số liệu thì nhập số rồi bấm Trả lời',
            en: 'Press Open the page, do the task, come back and press Check again; for a question, type the figure and press Answer',
          },
          text: {
            vi: 'Bài đúng được đánh dấu Đã hoàn thành; bài chưa xong ghi rõ còn thiếu gì hoặc sai ở đâu.',
            en: 'A right result is marked Done; one not done yet says what is missing or wrong.',
          },
        },
      ],
    },
  ],
};

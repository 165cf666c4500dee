/** The department officer's guide: the department's report inbox, and its monthly figures. */
import type { Guide } from '../guide-schema';

export const departmentOfficerGuide: Guide = {
  role: 'department-officer',
  title: { vi: 'Hướng dẫn cho cán bộ sở, ngành', en: 'Guide for department officers' },
  who: {
    vi: 'Cán bộ của sở, phòng, đơn vị được giao xử lý phản ánh của người dân và nhập số liệu định kỳ của đơn vị.',
    en: "Officers of a department who handle citizens' reports given to it and enter its periodic figures.",
  },
  sections: [
    {
      id: 'hop-thu',
      title: { vi: 'Xử lý phản ánh trong hộp thư', en: 'Handling reports in the inbox' },
      intro: {
        vi: 'Phản ánh do Trung tâm IOC giao cho đơn vị nằm ở trang /entry/hop-thu, dùng được trên điện thoại.',
        en: 'Reports the IOC gives to your department wait on the /entry/hop-thu page, which works on a phone.',
      },
      steps: [
        {
          title: { vi: 'Mở hộp thư phản ánh', en: 'Open the inbox' },
          page: '/entry/hop-thu',
          press: { vi: 'Đăng nhập, bấm Hộp thư phản ánh', en: 'Sign in, press Department inbox' },
          text: {
            vi: 'Mỗi phản ánh hiện hạn xử lý: Trong hạn, Sắp đến hạn hoặc Quá hạn. Làm những việc Quá hạn trước.',
            en: 'Each report shows its deadline: On time, Due soon or Overdue. Do the overdue ones first.',
          },
          image: 'hop-thu-phone.jpg',
        },
        {
          title: { vi: 'Tiếp nhận', en: 'Accept' },
          page: '/entry/hop-thu',
          press: { vi: 'Bấm Tiếp nhận', en: 'Press Accept' },
          text: {
            vi: 'Người dân thấy phản ánh đã được đơn vị tiếp nhận. Nếu không phải việc của đơn vị, bấm Chuyển đơn vị, chọn Chuyển cho và ghi Lý do.',
            en: 'The citizen sees that your department has taken it. If it is not yours, press Transfer, choose the department and write the reason.',
          },
        },
        {
          title: { vi: 'Xin gia hạn khi cần', en: 'Ask for more time if needed' },
          page: '/entry/hop-thu',
          press: {
            vi: 'Bấm Xin gia hạn, chọn Hạn mới, ghi Lý do',
            en: 'Press Ask for more time, pick the new deadline, write the reason',
          },
          text: {
            vi: 'Trung tâm IOC cho gia hạn; đến lúc đó phản ánh vẫn tính theo hạn cũ.',
            en: 'The IOC grants the extension; until then the old deadline counts.',
          },
        },
        {
          title: { vi: 'Trả lời kết quả', en: 'Respond with the result' },
          page: '/entry/hop-thu',
          press: {
            vi: 'Bấm Trả lời kết quả, ghi Kết quả xử lý, thêm ảnh, gửi',
            en: 'Press Respond, write the result, add photos, send',
          },
          text: {
            vi: 'Kết quả được công khai sau kiểm duyệt; không ghi tên, số điện thoại của người dân. Người gửi có thể đánh giá kết quả.',
            en: "The result is published after moderation; never write a citizen's name or phone number. The sender may rate the result.",
          },
        },
        {
          title: { vi: 'Xem diễn biến', en: 'See the history' },
          page: '/entry/hop-thu',
          press: { vi: 'Bấm Diễn biến xử lý', en: 'Press Timeline' },
          text: {
            vi: 'Mỗi bước (tiếp nhận, giao, chuyển, trả lời) có thời gian và người thực hiện.',
            en: 'Every step (received, assigned, transferred, answered) has its time and who did it.',
          },
        },
      ],
    },
    {
      id: 'so-lieu-don-vi',
      title: { vi: 'Nhập số liệu của đơn vị', en: "Entering the department's figures" },
      intro: {
        vi: 'Báo cáo định kỳ của sở, ngành được nhập tại /entry như của phường, xã.',
        en: "A department's periodic reports are entered at /entry, as a ward's are.",
      },
      steps: [
        {
          title: { vi: 'Tìm báo cáo cần nộp', en: 'Find the report to submit' },
          page: '/entry',
          press: {
            vi: 'Bấm Việc của tôi, chọn báo cáo trong mục Cần nhập và nộp',
            en: 'Press My tasks, open the report under To enter and submit',
          },
          text: {
            vi: 'Danh sách ghi hạn nộp và số ngày trễ. Cách nhập như hướng dẫn cho cán bộ phường, xã.',
            en: "The list shows the due date and the days late. Entering works as in the ward officers' guide.",
          },
          image: 'entry-department.jpg',
        },
      ],
    },
  ],
};

/** The operator's guide (điều phối viên): the console, dispatching and moderating reports, reminders. */
import type { Guide } from '../guide-schema';

export const operatorGuide: Guide = {
  role: 'operator',
  title: { vi: 'Hướng dẫn cho cán bộ điều hành (điều phối viên)', en: 'Guide for operators (dispatchers)' },
  who: {
    vi: 'Cán bộ trực Trung tâm IOC: theo dõi màn hình, điều phối và kiểm duyệt phản ánh của người dân, nhắc đơn vị nộp báo cáo.',
    en: "The IOC's duty officers: they watch the screens, dispatch and moderate citizens' reports, and remind units to report.",
  },
  sections: [
    {
      id: 'bang-dieu-khien',
      title: { vi: 'Bảng điều khiển vận hành', en: 'The operator console' },
      intro: {
        vi: 'Trang /console là nơi làm việc hằng ngày: các màn hình đang chạy, phản ánh mới nhất và thông báo khẩn.',
        en: 'The /console page is the daily workplace: the screens that run, the latest reports, and emergency messages.',
      },
      steps: [
        {
          title: { vi: 'Đăng nhập', en: 'Sign in' },
          page: '/console',
          press: { vi: 'Nhập Tên đăng nhập, Mật khẩu, bấm Đăng nhập', en: 'Type Username and Password, press Sign in' },
          text: {
            vi: 'Lần đầu, hệ thống yêu cầu đổi mật khẩu dùng một lần (ít nhất 12 ký tự) trước khi làm việc.',
            en: 'The first time, the system asks you to change the one-time password (12 characters or more) before anything else.',
          },
          image: 'console-operator.jpg',
        },
        {
          title: { vi: 'Xem các màn hình', en: 'Watch the screens' },
          page: '/console#screens',
          press: { vi: 'Bấm Màn hình trên thanh điều hướng', en: 'Press Screens in the navigation bar' },
          text: {
            vi: 'Mỗi thẻ là một màn hình (tường, LED) với trạng thái trực tuyến và ảnh thu nhỏ. Có thể đổi bảng số liệu đang chiếu.',
            en: 'Each card is a screen (wall, LED) with its online status and a thumbnail. You can change the dashboard it shows.',
          },
        },
        {
          title: { vi: 'Phát thông báo khẩn', en: 'Send an emergency message' },
          page: '/console#emergency',
          press: {
            vi: 'Bấm Thông báo khẩn, nhập nội dung tiếng Việt và tiếng Anh, chọn màn hình, gửi',
            en: 'Press Emergency, type the Vietnamese and English text, pick the screens, send',
          },
          text: {
            vi: 'Nội dung chiếm toàn màn hình đã chọn cho đến khi bạn kết thúc; bảng điều khiển cho biết màn hình nào đã nhận.',
            en: 'The message takes over the chosen screens until you end it; the console shows which screens acknowledged it.',
          },
        },
      ],
    },
    {
      id: 'dieu-phoi',
      title: { vi: 'Điều phối phản ánh', en: 'Dispatching reports' },
      intro: {
        vi: 'Phản ánh mới của người dân chờ được giao cho đơn vị xử lý tại trang /entry/dieu-phoi.',
        en: "New citizens' reports wait to be given to a department on the /entry/dieu-phoi page.",
      },
      steps: [
        {
          title: { vi: 'Mở bảng điều phối', en: 'Open the dispatch board' },
          page: '/entry/dieu-phoi',
          press: {
            vi: 'Mở địa chỉ /entry/dieu-phoi (hoặc bấm Điều phối phản ánh)',
            en: 'Open /entry/dieu-phoi (or press Dispatch board)',
          },
          text: {
            vi: 'Mỗi phản ánh hiện lĩnh vực, phường/xã, thời điểm tiếp nhận và hạn xử lý; đơn vị gợi ý được chọn sẵn.',
            en: 'Each report shows its category, ward, when it came in and its deadline; the suggested department is preselected.',
          },
          image: 'dieu-phoi.jpg',
        },
        {
          title: { vi: 'Giao cho đơn vị', en: 'Assign to a department' },
          page: '/entry/dieu-phoi',
          press: { vi: 'Chọn Đơn vị xử lý, bấm Giao xử lý', en: 'Choose the Department, press Assign' },
          text: {
            vi: 'Phản ánh rời bảng điều phối và vào Hộp thư phản ánh của đơn vị đó.',
            en: "The report leaves the board and goes to that department's inbox.",
          },
        },
        {
          title: { vi: 'Gộp trùng hoặc trả lại', en: 'Merge a duplicate or decline' },
          page: '/entry/dieu-phoi',
          press: {
            vi: 'Bấm Gộp trùng (nhập mã phản ánh trùng) hoặc Không thuộc thẩm quyền (nhập Lý do), rồi Xác nhận',
            en: "Press Merge duplicate (type the other report's code) or Not the city's business (type the Reason), then Confirm",
          },
          text: {
            vi: 'Người gửi thấy kết quả này khi theo dõi phản ánh; hãy ghi lý do rõ ràng.',
            en: 'The sender sees this when following the report; write the reason clearly.',
          },
        },
      ],
    },
    {
      id: 'kiem-duyet',
      title: { vi: 'Kiểm duyệt phản ánh', en: 'Moderating reports' },
      intro: {
        vi: 'Không nội dung nào của người dân lên màn hình công cộng nếu chưa được kiểm duyệt.',
        en: 'Nothing a citizen wrote reaches a public screen before it is moderated.',
      },
      steps: [
        {
          title: { vi: 'Mở hàng đợi kiểm duyệt', en: 'Open the moderation queue' },
          page: '/entry/kiem-duyet',
          press: { vi: 'Bấm Kiểm duyệt phản ánh', en: 'Press Moderation queue' },
          text: {
            vi: 'Mỗi phản ánh chờ duyệt hiện mô tả, ảnh và vị trí.',
            en: 'Each waiting report shows its description, photos and place.',
          },
          image: 'kiem-duyet.jpg',
        },
        {
          title: { vi: 'Sửa tiêu đề công khai', en: 'Edit the public title' },
          page: '/entry/kiem-duyet',
          press: { vi: 'Sửa ô Tiêu đề công khai, bấm Lưu', en: 'Edit Public title, press Save' },
          text: {
            vi: 'Bỏ tên người, số điện thoại, biển số xe khỏi tiêu đề. Ẩn ảnh có mặt người bằng nút Ẩn ảnh.',
            en: "Remove people's names, phone numbers and number plates from the title. Hide a photo showing faces with Hide photo.",
          },
        },
        {
          title: { vi: 'Duyệt hoặc từ chối', en: 'Approve or reject' },
          page: '/entry/kiem-duyet',
          press: {
            vi: 'Bấm Duyệt công khai hoặc Từ chối; bấm Hoàn tác nếu nhầm',
            en: 'Press Approve or Reject; press Undo if you were wrong',
          },
          text: {
            vi: 'Có vài giây để hoàn tác trước khi quyết định có hiệu lực. Không công khai (riêng tư) giữ phản ánh chỉ trong nội bộ.',
            en: 'You have a few seconds to undo before the decision takes effect. Private keeps the report internal.',
          },
        },
      ],
    },
    {
      id: 'nhac-nop',
      title: { vi: 'Nhắc nộp báo cáo định kỳ', en: 'Reminding units to report' },
      intro: {
        vi: 'Trang /entry/nhac-nop cho biết đơn vị nào chưa nộp số liệu của kỳ.',
        en: "The /entry/nhac-nop page shows which units have not handed in the period's figures.",
      },
      steps: [
        {
          title: { vi: 'Xem đơn vị chậm nộp', en: 'See who is late' },
          page: '/entry/nhac-nop',
          press: { vi: 'Bấm Nhắc nộp báo cáo', en: 'Press Report reminders' },
          text: {
            vi: 'Danh sách xếp theo số ngày trễ; gọi điện hoặc nhắn cho đơn vị đứng đầu danh sách trước.',
            en: 'The list is ordered by days late; call or message the unit at the top first.',
          },
        },
      ],
    },
    {
      id: 'quang-ba',
      title: { vi: 'Quảng bá: tờ rơi, loa phường, Zalo', en: 'Promotion: leaflets, loudspeakers, Zalo' },
      intro: {
        vi: 'Cùng một lời nhắn "phản ánh bằng điện thoại trong ba bước" trên tờ rơi, bảng LED, loa phường và nhóm Zalo.',
        en: 'The same message, "report from your phone in three steps", on leaflets, LED panels, loudspeakers and Zalo groups.',
      },
      steps: [
        {
          title: { vi: 'In tờ rơi của phường', en: "Print a ward's leaflet" },
          page: '/console#promotion',
          press: {
            vi: 'Ở mục Quảng bá phản ánh hiện trường, chọn phường, xã, bấm Tải tờ rơi A5 (PDF) để in',
            en: 'Under Promoting citizen reports, pick the ward, press Download the A5 leaflet (PDF) to print',
          },
          text: {
            vi: 'Tờ rơi có ba bước, mã QR đến trang /phan-anh và số đường dây nóng trong cấu hình.',
            en: 'The leaflet has the three steps, the QR code to /phan-anh and the configured hotline.',
          },
        },
        {
          title: { vi: 'Đăng lên loa phường và Zalo', en: 'Publish to loudspeakers and Zalo' },
          page: '/console#promotion',
          press: {
            vi: 'Chọn phường (hoặc toàn địa bàn), số ngày hiệu lực, bấm Đăng lên loa phường và nhóm Zalo',
            en: 'Pick the ward (or the whole area) and the days, press Publish to the ward loudspeakers and Zalo groups',
          },
          text: {
            vi: 'Bài ngắn hiện trên /thong-bao và được gửi qua webhook đến cổng loa phường và Zalo.',
            en: 'The short text shows on /thong-bao and goes through the webhooks to the loudspeaker and Zalo gateways.',
          },
        },
      ],
    },
  ],
};

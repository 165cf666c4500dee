/** The citizens' guide: report a problem from a phone, follow it and rate it; the city's notices. */
import type { Guide } from '../guide-schema';

export const citizenGuide: Guide = {
  role: 'citizen',
  title: { vi: 'Hướng dẫn cho người dân', en: 'Guide for citizens' },
  who: {
    vi: 'Người dân, du khách gửi phản ánh về hạ tầng, môi trường, trật tự đô thị bằng điện thoại, không cần cài ứng dụng hay tài khoản.',
    en: 'Residents and visitors who report problems with roads, the environment or public order from a phone, with no app and no account.',
  },
  sections: [
    {
      id: 'gui-phan-anh',
      title: { vi: 'Gửi phản ánh', en: 'Sending a report' },
      intro: {
        vi: 'Quét mã QR trên màn hình LED, tờ rơi, hoặc mở trang /phan-anh.',
        en: 'Scan the QR code on an LED screen or a leaflet, or open the /phan-anh page.',
      },
      steps: [
        {
          title: { vi: 'Chọn loại việc và mô tả', en: 'Choose what it is about and describe it' },
          page: '/phan-anh',
          press: {
            vi: 'Chạm một ô Loại việc, viết Mô tả: việc gì, ở đâu, từ khi nào',
            en: 'Tap a tile under What is it about, write the Description: what, where, since when',
          },
          text: {
            vi: 'Thêm tối đa 3 ảnh bằng nút Chụp / chọn ảnh. Thông tin vị trí trong ảnh được xóa trước khi lưu.',
            en: 'Add up to 3 photos with Take / choose a photo. Location data inside the photos is removed before they are kept.',
          },
          image: 'phan-anh-phone.jpg',
        },
        {
          title: { vi: 'Chọn địa điểm', en: 'Mark the place' },
          page: '/phan-anh',
          press: {
            vi: 'Bấm Chọn trên bản đồ, Dùng vị trí của tôi, hoặc nhập Địa chỉ',
            en: 'Press Pick on the map, Use my location, or type the Address',
          },
          text: {
            vi: 'Vị trí giúp giao phản ánh đúng phường và đúng đơn vị xử lý.',
            en: 'The place lets the report reach the right ward and the right department.',
          },
        },
        {
          title: { vi: 'Gửi và giữ mã theo dõi', en: 'Send and keep the tracking code' },
          page: '/phan-anh',
          press: { vi: 'Bấm Gửi phản ánh; lưu Mã theo dõi của bạn', en: 'Press Send report; keep Your tracking code' },
          text: {
            vi: 'Họ tên và số điện thoại không bắt buộc và không bao giờ được công khai. Mất mạng thì phản ánh được lưu và tự gửi khi có mạng.',
            en: 'Name and phone are optional and never published. Offline, the report is kept and sent by itself when the network returns.',
          },
        },
      ],
    },
    {
      id: 'theo-doi',
      title: { vi: 'Theo dõi và đánh giá', en: 'Following and rating' },
      intro: {
        vi: 'Mã theo dõi mở trang kết quả xử lý của phản ánh.',
        en: "The tracking code opens the page of the report's handling.",
      },
      steps: [
        {
          title: { vi: 'Xem kết quả', en: 'See the result' },
          page: '/phan-anh',
          press: {
            vi: 'Mở /phan-anh, chọn phản ánh trong danh sách của bạn (hoặc mở đường dẫn kèm mã)',
            en: 'Open /phan-anh and pick the report from your list (or open the link with the code)',
          },
          text: {
            vi: 'Trang ghi trạng thái, đơn vị xử lý, câu trả lời kèm ảnh và diễn biến.',
            en: 'The page shows the status, the department, its answer with photos, and the timeline.',
          },
        },
        {
          title: { vi: 'Đánh giá', en: 'Rate it' },
          page: '/phan-anh',
          press: {
            vi: 'Chọn 1 đến 5 sao, viết nhận xét; nếu chưa được giải quyết, bấm đề nghị xử lý lại',
            en: 'Pick 1 to 5 stars, write a comment; if it is not solved, ask for it to be handled again',
          },
          text: {
            vi: 'Đánh giá của người dân hiện trên màn hình IOC như chỉ số hài lòng.',
            en: "Citizens' ratings appear on the IOC screens as the satisfaction figure.",
          },
        },
      ],
    },
    {
      id: 'thong-bao',
      title: { vi: 'Thông báo của thành phố', en: "The city's notices" },
      intro: {
        vi: 'Thông báo về giao thông, mất điện, thời tiết được đăng tại /thong-bao.',
        en: 'Notices about traffic, power cuts and weather are published at /thong-bao.',
      },
      steps: [
        {
          title: { vi: 'Đọc thông báo', en: 'Read the notices' },
          page: '/thong-bao',
          press: { vi: 'Mở /thong-bao, chọn phường của bạn', en: 'Open /thong-bao, choose your ward' },
          text: {
            vi: 'Thông báo mới nhất ở trên cùng; cũng được đọc trên loa phường và nhóm Zalo.',
            en: 'The newest notice is on top; the same is read on the ward loudspeakers and in Zalo groups.',
          },
          image: 'thong-bao-phone.jpg',
        },
      ],
    },
  ],
};

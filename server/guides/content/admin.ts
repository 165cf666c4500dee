/** The administrator's guide: accounts and their units, training sessions, feed keys and the audit log. */
import type { Guide } from '../guide-schema';

export const adminGuide: Guide = {
  role: 'admin',
  title: { vi: 'Hướng dẫn cho quản trị viên', en: 'Guide for administrators' },
  who: {
    vi: 'Quản trị hệ thống: tạo tài khoản, giao đơn vị, mở buổi tập huấn, quản lý khóa API và xem nhật ký.',
    en: 'System administrators: they create accounts, give units, open training sessions, manage feed keys and read the audit log.',
  },
  sections: [
    {
      id: 'nguoi-dung',
      title: { vi: 'Tài khoản và đơn vị', en: 'Accounts and their units' },
      intro: {
        vi: 'Mỗi người có một vai trò; cán bộ nhập liệu, người duyệt và cán bộ xử lý phản ánh được giao thêm đơn vị.',
        en: 'Each person has one role; data entry officers, approvers and report handlers are also given their units.',
      },
      steps: [
        {
          title: { vi: 'Mở danh sách người dùng', en: 'Open the people list' },
          page: '/console#people',
          press: { vi: 'Bấm Người dùng trên thanh điều hướng', en: 'Press People in the navigation bar' },
          text: {
            vi: 'Mỗi dòng là một tài khoản: Vai trò, Đơn vị được giao và Trạng thái.',
            en: 'Each row is an account: its role, its units and its status.',
          },
          image: 'console-people.jpg',
        },
        {
          title: { vi: 'Giao đơn vị', en: 'Give a unit' },
          page: '/console#people',
          press: {
            vi: 'Ở dòng tài khoản, chọn vai trò (nhập liệu, phê duyệt, xử lý phản ánh) và đơn vị, bấm Giao',
            en: "On the account's row, pick the role (entry, approver, handler) and the unit, press Add",
          },
          text: {
            vi: 'Quyền có hiệu lực ngay. Bấm Bỏ để thu hồi; bấm Khóa khi cán bộ chuyển công tác.',
            en: 'It takes effect at once. Remove takes it back; Disable an account when the officer leaves.',
          },
        },
        {
          title: { vi: 'Tạo tài khoản mới', en: 'Create an account' },
          page: '/console#people',
          press: {
            vi: 'Nhập tên đăng nhập, chọn vai trò, tạo; trao mật khẩu dùng một lần cho người dùng',
            en: 'Type the username, pick the role, create; hand the one-time password to the person',
          },
          text: {
            vi: 'Mật khẩu chỉ hiện một lần. Người dùng phải đổi mật khẩu khi đăng nhập lần đầu.',
            en: 'The password is shown once. The person must change it at the first sign-in.',
          },
        },
      ],
    },
    {
      id: 'tap-huan',
      title: { vi: 'Mở buổi tập huấn', en: 'Opening a training session' },
      intro: {
        vi: 'Môi trường tập huấn có dữ liệu thực hành riêng, không ảnh hưởng hệ thống thật.',
        en: 'The practice space has its own practice data and never touches the live system.',
      },
      steps: [
        {
          title: { vi: 'Mở buổi', en: 'Open a session' },
          page: '/console#training',
          press: {
            vi: 'Bấm Tập huấn → Mở buổi tập huấn, nhập Tên buổi, thêm Học viên với Vai trò và Đơn vị',
            en: 'Press Training → Open a training session, type the name, add trainees with their role and unit',
          },
          text: {
            vi: 'Mỗi học viên nhận một tài khoản thực hành, mật khẩu hiện một lần để in phát. Trang theo dõi cho thấy tiến độ từng học viên.',
            en: "Each trainee gets a practice account, its password shown once to print. The progress page shows each trainee's exercises.",
          },
          image: 'console-training.jpg',
        },
        {
          title: { vi: 'Làm mới dữ liệu và lưu kết quả', en: 'Reset the data and keep the record' },
          page: '/console#training',
          press: {
            vi: 'Bấm Làm mới dữ liệu thực hành; tải danh sách kết quả .xlsx hoặc CSV',
            en: 'Press Reset the practice data; download the record as .xlsx or CSV',
          },
          text: {
            vi: 'Tài khoản và kết quả của buổi được giữ lại khi làm mới dữ liệu.',
            en: "The session's accounts and record stay when the data is reset.",
          },
        },
      ],
    },
    {
      id: 'khoa-nhat-ky',
      title: { vi: 'Khóa API, luồng dữ liệu và nhật ký', en: 'Feed keys, feeds and the audit log' },
      intro: {
        vi: 'Các hệ thống của sở, ngành gửi số liệu bằng khóa API riêng; mọi thao tác quản trị được ghi nhật ký.',
        en: "Departments' systems send data with their own API key; every administrative action is logged.",
      },
      steps: [
        {
          title: { vi: 'Tạo khóa cho một nguồn', en: 'Create a key for a source' },
          page: '/console#keys',
          press: {
            vi: 'Bấm Khóa API, nhập tên nguồn, chọn lĩnh vực, bấm Tạo khóa',
            en: 'Press Keys, type the source name, pick its domains, press Create key',
          },
          text: {
            vi: 'Khóa chỉ hiện một lần; bấm Thu hồi khi nguồn ngừng gửi. Luồng dữ liệu cho biết mỗi kết nối còn hoạt động không.',
            en: 'The key is shown once; Revoke it when the source stops. Feeds shows whether each connector is healthy.',
          },
        },
        {
          title: { vi: 'Xem nhật ký', en: 'Read the audit log' },
          page: '/console#audit',
          press: { vi: 'Bấm Nhật ký', en: 'Press Audit' },
          text: {
            vi: 'Ai đã làm gì, khi nào: đăng nhập, giao quyền, kiểm duyệt, thông báo khẩn.',
            en: 'Who did what and when: sign-ins, grants, moderation, emergency messages.',
          },
        },
      ],
    },
  ],
};

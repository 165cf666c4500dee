/** The approver's guide: approving, returning and correcting a unit's figures. */
import type { Guide } from '../guide-schema';

export const approverGuide: Guide = {
  role: 'approver',
  title: { vi: 'Hướng dẫn cho người phê duyệt số liệu', en: 'Guide for approvers of figures' },
  who: {
    vi: 'Lãnh đạo hoặc cán bộ được giao duyệt số liệu định kỳ của phường, xã, sở, ngành trước khi công bố.',
    en: "Leaders or officers who approve a ward's or department's periodic figures before they are published.",
  },
  sections: [
    {
      id: 'phe-duyet',
      title: { vi: 'Duyệt và công bố số liệu', en: 'Approving and publishing figures' },
      intro: {
        vi: 'Báo cáo đã nộp chờ bạn tại /entry, mục Chờ tôi duyệt.',
        en: 'Submitted reports wait for you at /entry, under Awaiting my approval.',
      },
      steps: [
        {
          title: { vi: 'Mở báo cáo chờ duyệt', en: 'Open a report awaiting approval' },
          page: '/entry',
          press: {
            vi: 'Bấm Việc của tôi, chọn báo cáo trong mục Chờ tôi duyệt',
            en: 'Press My tasks, open the report under Awaiting my approval',
          },
          text: {
            vi: 'Báo cáo hiện từng chỉ tiêu với số đã nộp, đơn vị tính và khoảng cho phép.',
            en: 'The report shows each indicator with the figure submitted, its unit and allowed range.',
          },
          image: 'entry-form-approver.jpg',
        },
        {
          title: { vi: 'Duyệt và công bố', en: 'Approve and publish' },
          page: '/entry/bao-cao',
          press: { vi: 'Bấm Duyệt và công bố', en: 'Press Approve and publish' },
          text: {
            vi: 'Số liệu gắn với chỉ tiêu KPI thay đổi trên màn hình IOC ngay lập tức.',
            en: 'Figures that feed a KPI change on the IOC screens at once.',
          },
        },
        {
          title: { vi: 'Trả lại khi chưa đúng', en: 'Return it when it is not right' },
          page: '/entry/bao-cao',
          press: { vi: 'Bấm Trả lại, ghi Lý do trả lại (bắt buộc)', en: 'Press Return, write the reason (required)' },
          text: {
            vi: 'Đơn vị thấy báo cáo Bị trả lại cùng lý do trong Việc của tôi.',
            en: 'The unit sees the report as Returned, with the reason, in My tasks.',
          },
        },
      ],
    },
    {
      id: 'dieu-chinh',
      title: { vi: 'Điều chỉnh số liệu đã công bố', en: 'Correcting a published figure' },
      intro: {
        vi: 'Số đã công bố chỉ được sửa bằng một lần điều chỉnh có lý do; lịch sử giữ cả giá trị cũ.',
        en: 'A published figure is changed only by a correction with a reason; the history keeps the old value.',
      },
      steps: [
        {
          title: { vi: 'Điều chỉnh', en: 'Correct' },
          page: '/entry/bao-cao',
          press: {
            vi: 'Mở báo cáo đã công bố, trong Điều chỉnh số liệu đã công bố chọn Chỉ tiêu, nhập Giá trị đúng và Lý do, bấm Điều chỉnh',
            en: 'Open the published report; under Correct a published figure pick the indicator, type the correct value and the reason, press Correct it',
          },
          text: {
            vi: 'Màn hình IOC cập nhật ngay; mục Lịch sử ghi ai sửa, khi nào, giá trị cũ và mới.',
            en: 'The IOC screens follow at once; History records who, when, the old and new value.',
          },
        },
      ],
    },
  ],
};

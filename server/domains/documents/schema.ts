/**
 * Electronic documents (văn bản điện tử): incoming documents (văn bản đến) received by a unit, some
 * with a handling deadline, processed later; outgoing documents (văn bản đi) issued by a unit,
 * digitally signed or not. The events carry no subject line (trích yếu) and no names: the wall
 * shows counts.
 */
import Type, { type Static } from 'typebox';
import type { LocalizedText } from '../../protocol/topics';

/** Kinds of administrative documents (Nghị định 30/2020/NĐ-CP, Điều 7), plus legal normative documents from higher levels. */
export const DOCUMENT_KINDS = {
  'nghi-quyet': { vi: 'Nghị quyết', en: 'Resolution' },
  'quyet-dinh': { vi: 'Quyết định', en: 'Decision' },
  'chi-thi': { vi: 'Chỉ thị', en: 'Directive' },
  'quy-che': { vi: 'Quy chế', en: 'Regulation' },
  'quy-dinh': { vi: 'Quy định', en: 'Rules' },
  'thong-cao': { vi: 'Thông cáo', en: 'Communiqué' },
  'thong-bao': { vi: 'Thông báo', en: 'Notice' },
  'huong-dan': { vi: 'Hướng dẫn', en: 'Guidance' },
  'chuong-trinh': { vi: 'Chương trình', en: 'Programme' },
  'ke-hoach': { vi: 'Kế hoạch', en: 'Plan' },
  'phuong-an': { vi: 'Phương án', en: 'Scheme' },
  'de-an': { vi: 'Đề án', en: 'Proposal' },
  'du-an': { vi: 'Dự án', en: 'Project' },
  'bao-cao': { vi: 'Báo cáo', en: 'Report' },
  'bien-ban': { vi: 'Biên bản', en: 'Minutes' },
  'to-trinh': { vi: 'Tờ trình', en: 'Submission' },
  'hop-dong': { vi: 'Hợp đồng', en: 'Contract' },
  'cong-van': { vi: 'Công văn', en: 'Official letter' },
  'cong-dien': { vi: 'Công điện', en: 'Official dispatch' },
  'ban-ghi-nho': { vi: 'Bản ghi nhớ', en: 'Memorandum' },
  'ban-thoa-thuan': { vi: 'Bản thỏa thuận', en: 'Agreement' },
  'giay-uy-quyen': { vi: 'Giấy ủy quyền', en: 'Authorisation' },
  'giay-moi': { vi: 'Giấy mời', en: 'Invitation' },
  'giay-gioi-thieu': { vi: 'Giấy giới thiệu', en: 'Letter of introduction' },
  'giay-nghi-phep': { vi: 'Giấy nghỉ phép', en: 'Leave permit' },
  'phieu-gui': { vi: 'Phiếu gửi', en: 'Dispatch slip' },
  'phieu-chuyen': { vi: 'Phiếu chuyển', en: 'Transfer slip' },
  'phieu-bao': { vi: 'Phiếu báo', en: 'Advice slip' },
  'thu-cong': { vi: 'Thư công', en: 'Official mail' },
  'van-ban-qppl': { vi: 'Văn bản quy phạm pháp luật', en: 'Legal normative document' },
  khac: { vi: 'Văn bản khác', en: 'Other document' },
} as const satisfies Record<string, LocalizedText>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

/** Urgency (độ khẩn, Nghị định 30/2020/NĐ-CP); `thuong` = none. */
export const URGENCIES = {
  thuong: { vi: 'Thường', en: 'Normal' },
  khan: { vi: 'Khẩn', en: 'Urgent' },
  'thuong-khan': { vi: 'Thượng khẩn', en: 'Very urgent' },
  'hoa-toc': { vi: 'Hỏa tốc', en: 'Flash' },
} as const satisfies Record<string, LocalizedText>;
export type Urgency = keyof typeof URGENCIES;

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Agency = Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z0-9][a-z0-9-]*$' });
const Kind = Type.Union((Object.keys(DOCUMENT_KINDS) as DocumentKind[]).map((kind) => Type.Literal(kind)));
const UrgencyField = Type.Union((Object.keys(URGENCIES) as Urgency[]).map((urgency) => Type.Literal(urgency)));
/** ISO 8601 or epoch ms (from 2000-01-01 to 2100-01-01). */
const Instant = Type.Union([
  Type.String({ format: 'date-time', maxLength: 40 }),
  Type.Integer({ minimum: 946_684_800_000, maximum: 4_102_444_800_000 }),
]);
export type Instant = Static<typeof Instant>;

export const DocumentReceived = Type.Object(
  {
    documentId: Id,
    /** The unit in charge of handling it. */
    agency: Agency,
    kind: Kind,
    urgency: UrgencyField,
    receivedAt: Instant,
    /** The handling deadline (hạn xử lý), when the document asks for action. */
    dueAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type DocumentReceived = Static<typeof DocumentReceived>;

export const DocumentIssued = Type.Object(
  {
    documentId: Id,
    /** The issuing unit. */
    agency: Agency,
    kind: Kind,
    urgency: UrgencyField,
    issuedAt: Instant,
    /** Signed with a digital signature (ký số). */
    signed: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type DocumentIssued = Static<typeof DocumentIssued>;

export const DocumentProcessed = Type.Object({ documentId: Id, processedAt: Instant }, { additionalProperties: false });
export type DocumentProcessed = Static<typeof DocumentProcessed>;

export const toMs = (instant: Instant): number => (typeof instant === 'number' ? instant : Date.parse(instant));

/** `fixtures/documents/agencies.json`. */
export interface DocumentAgency {
  code: string;
  weight: number;
  name: LocalizedText;
  short: LocalizedText;
}

/** `fixtures/documents/kinds.json`: how often each kind comes and goes, for the simulator. */
export interface KindMix {
  kind: DocumentKind;
  incoming: number;
  outgoing: number;
  /** Share of incoming ones with a handling deadline. */
  dueShare: number;
}

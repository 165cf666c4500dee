import Type, { type Static } from 'typebox';

const Caption = Type.String({ minLength: 1, maxLength: 80 });

/**
 * A QR code to a web address, with a call to action beside or under it. It reads no topic. The
 * address is `url`, or the citizens' page (`citizen.publicUrl` of `config/app.yaml` + `/phan-anh`).
 */
export const options = Type.Object(
  {
    /** An absolute http(s) address; an upper-case one (`HTTPS://EXAMPLE.VN/PA`) gives a smaller code. */
    url: Type.Optional(Type.String({ pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$', maxLength: 300 })),
    caption: Type.Object(
      { vi: Caption, en: Caption },
      { additionalProperties: false, default: { vi: 'Quét mã để phản ánh', en: 'Scan to report' } },
    ),
    /** The address in words under the caption (where the caption is beside the code), for a phone whose camera reads no codes. */
    showUrl: Type.Boolean({ default: true }),
    /**
     * The fewest LEDs (or pixels) one module may take, whatever the distance: a module of a single
     * LED has the dark gaps of the panel around it, which a camera may read as noise.
     */
    minPixelsPerModule: Type.Integer({ minimum: 1, maximum: 16, default: 2 }),
  },
  { additionalProperties: false },
);
export type QrCodeOptions = Static<typeof options>;

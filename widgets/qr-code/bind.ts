import type { LocalizedText } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { QrCodeOptions } from './options';

export interface QrCodeInput {
  /** The dashboard's own address; null: the citizens' page of the city settings. */
  url: string | null;
  caption: LocalizedText;
}

/** Never null: everything is in the config, so the code is drawn from the first frame. */
export function bindQrCode(_data: TopicData, options: QrCodeOptions): QrCodeInput {
  return { url: options.url ?? null, caption: options.caption };
}

import type { LocalizedText } from '../../server/protocol/topics';
import type { TopicData } from '../widget';
import type { TextOptions } from './options';

export interface TextInput {
  text: LocalizedText;
}

/** Never null: the text is in the config, so the widget is live from the first frame. */
export function bindText(_data: TopicData, options: TextOptions): TextInput {
  return { text: options.text };
}

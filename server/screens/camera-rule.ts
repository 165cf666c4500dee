/**
 * An LED panel never shows a camera: a stream's picture means nothing at 384×192 LEDs seen from
 * the road, and its decoding would take the panel's small player from the text that matters.
 */
import type { Dashboard } from '../../config/schema/dashboard';
import type { Screen } from '../../config/schema/screen';
import type { RuleProblem } from './screen-rules';

export function checkNoCameraOnLed(screen: Screen, dashboards: readonly Dashboard[]): RuleProblem[] {
  if (screen.profile !== 'led') return [];
  return dashboards.flatMap((dashboard) =>
    dashboard.widgets
      .filter((widget) => widget.type === 'camera')
      .map((widget) => ({
        path: screen.playlist ? '/playlist' : '/dashboard',
        reason: `an LED screen cannot show cameras: dashboard "${dashboard.id}" places the camera widget "${widget.id}"`,
        reasonVi: `màn hình LED không hiển thị camera: bảng "${dashboard.id}" có ô camera "${widget.id}"`,
      })),
  );
}

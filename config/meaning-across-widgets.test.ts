/**
 * One figure, one meaning: the education dashboard shows the wards' attendance on a tile, on the
 * map and in a ranking, and 96,3 % must be green in all three (the ranking drew it red). The test
 * reads the shipped dashboard, so a threshold changed on one widget and not the others fails here.
 */
import { describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { loadConfig } from '../server/config/load-config';
import type { Breakdown } from '../server/protocol/topics';
import type { EducationSummary } from '../server/protocol/topics/education';
import type { TopicData } from '../widgets/widget';
import { meaningRgba, type Meaning } from '../widgets/meaning';
import { bindKpiTile } from '../widgets/kpi-tile/bind';
import { options as kpiTileOptions, type KpiTileOptions } from '../widgets/kpi-tile/options';
import { bindRanking } from '../widgets/ranking/bind';
import { options as rankingOptions, type RankingOptions } from '../widgets/ranking/options';
import { options as mapOptions, type MapOptions } from '../widgets/map/options';
import { breakdownChoropleth, choroplethClass } from '../widgets/map/choropleth';
import { CHOROPLETH_COLOURS } from '../widgets/map/legend';

const config = await loadConfig();
const education = config.dashboards.get('education')!;
const widget = (id: string) => education.widgets.find((w) => w.id === id)!;

/** The meaning whose colour the map fills a ward with (its alpha aside), or null for a colour of no meaning. */
function mapMeaning(rgba: readonly number[]): Meaning | null {
  for (const meaning of ['alarm', 'warn', 'met', 'neutral'] as const) {
    const [r, g, b] = meaningRgba(meaning);
    if (rgba[0] === r && rgba[1] === g && rgba[2] === b) return meaning;
  }
  return null;
}

describe('the same figure has the same meaning colour in every widget', () => {
  const tile = Value.Default(kpiTileOptions, structuredClone(widget('attendance-latest').options)) as KpiTileOptions;
  const ranking = Value.Default(
    rankingOptions,
    structuredClone(widget('attendance-by-ward').options),
  ) as RankingOptions;
  const map = Value.Default(
    mapOptions,
    structuredClone(widget(education.widgets.find((w) => w.type === 'map')!.id).options),
  ) as MapOptions;

  it.each([0.963, 0.951, 0.949, 0.93, 0.9, 0.899, 0.7])(
    'attendance %f on the tile, the ranking and the map',
    (rate) => {
      const byWard: Breakdown = {
        unit: { vi: 'chuyên cần', en: 'attendance' },
        format: 'percent',
        higherIsBetter: true,
        rows: [
          { key: '04813', label: { vi: 'Phường Tam Thanh', en: 'Tam Thanh ward' }, value: rate },
          { key: '04816', label: { vi: 'Phường Kỳ Lừa', en: 'Ky Lua ward' }, value: 0.5 },
        ],
      };
      // Only the fields the three widgets read: the rest of the summary is not theirs.
      const summary = { attendanceRateLatest: rate, attendanceByWardLatest: byWard } as unknown as EducationSummary;
      const data: TopicData = { 'education.summary': summary };

      const onTile = bindKpiTile(data, tile)!.meaning;
      const inRanking = bindRanking(data, ranking)!.rows.find((row) => row.key === '04813')!.meaning;
      const targets = map.choroplethOf?.targets;
      expect(targets, 'the map judges the wards against targets').toBeDefined();
      const onMap = mapMeaning(CHOROPLETH_COLOURS[choroplethClass(rate, breakdownChoropleth(byWard, targets))]);

      expect(onTile).not.toBe('neutral');
      expect(inRanking).toBe(onTile);
      expect(onMap).toBe(onTile);
    },
  );

  it('96,3 % attendance is met (green), not an alarm', () => {
    expect(tile.good).toBeLessThanOrEqual(0.963);
    expect(ranking.good).toBe(tile.good);
    expect(ranking.bad).toBe(tile.bad);
  });
});

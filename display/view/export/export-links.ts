/**
 * The addresses of a dashboard's exports, for the /view export menu: the briefing pack and each
 * widget that shows figures, as .xlsx and .csv, at the moment the page shows (`?at=` when it
 * replays the past). The server decides what the viewer may have; these are only links.
 */
import type { Dashboard } from '../../../config/schema/dashboard';
import type { LocalizedText } from '../../../server/protocol/topics';
import { hasTable } from '../../../server/export/widget-table';

export interface WidgetExport {
  id: string;
  title: LocalizedText;
  xlsx: string;
  csv: string;
}

export interface ExportLinks {
  pdf: string;
  widgets: WidgetExport[];
}

const UNTITLED: LocalizedText = { vi: 'Ô không tên', en: 'Untitled widget' };

export function exportLinks(dashboard: Pick<Dashboard, 'id' | 'widgets'>, at: string | null): ExportLinks {
  const base = `/api/v1/export/${encodeURIComponent(dashboard.id)}`;
  const query = at ? `?at=${encodeURIComponent(at)}` : '';
  return {
    pdf: `${base}.pdf${query}`,
    widgets: dashboard.widgets
      .filter((widget) => hasTable(widget.type))
      .map((widget) => ({
        id: widget.id,
        title: widget.title ?? UNTITLED,
        xlsx: `${base}/${encodeURIComponent(widget.id)}.xlsx${query}`,
        csv: `${base}/${encodeURIComponent(widget.id)}.csv${query}`,
      })),
  };
}

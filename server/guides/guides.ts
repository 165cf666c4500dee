/**
 * Every guide, in the order the index lists them, and where their screenshots live: the browser
 * tests write them to `docs/guides/img/` (committed), the pages serve them and the PDFs embed them.
 */
import { fileURLToPath } from 'node:url';
import type { Guide, GuideRole } from './guide-schema';
import { operatorGuide } from './content/operator';
import { departmentOfficerGuide } from './content/department-officer';
import { wardOfficerGuide } from './content/ward-officer';
import { approverGuide } from './content/approver';
import { leaderGuide } from './content/leader';
import { adminGuide } from './content/admin';
import { citizenGuide } from './content/citizen';

export const GUIDES: readonly Guide[] = [
  operatorGuide,
  departmentOfficerGuide,
  wardOfficerGuide,
  approverGuide,
  leaderGuide,
  adminGuide,
  citizenGuide,
];

export const GUIDE_IMAGES_DIR = fileURLToPath(new URL('../../docs/guides/img/', import.meta.url));

export function guideOf(role: GuideRole): Guide {
  return GUIDES.find((guide) => guide.role === role)!;
}

/** Every screenshot the guides show, once each. */
export function guideImages(): string[] {
  const names = GUIDES.flatMap((guide) =>
    guide.sections.flatMap((section) => section.steps.flatMap((step) => (step.image ? [step.image] : []))),
  );
  return [...new Set(names)];
}

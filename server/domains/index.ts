/** Every domain the server runs. Adding a domain: its folder, and one line here. */
import type { Domain } from './domain';
import { reportsDomain } from './reports/index';
import { kpiDomain } from './kpi/index';
import { trafficDomain } from './traffic/index';
import { announcementsDomain } from './announcements/index';
import { educationDomain } from './education/index';
import { tourismDomain } from './tourism/index';
import { socialDomain } from './social/index';
import { securityDomain } from './security/index';
import { adminDomain } from './admin/index';
import { documentsDomain } from './documents/index';
import { reportingDomain } from './reporting/index';
import { exceptionsDomain } from './exceptions/index';

export const domains: Domain[] = [
  reportsDomain,
  kpiDomain,
  trafficDomain,
  announcementsDomain,
  educationDomain,
  tourismDomain,
  socialDomain,
  securityDomain,
  adminDomain,
  documentsDomain,
  reportingDomain,
  // Last: it judges the states the others publish in the same flush.
  exceptionsDomain,
];

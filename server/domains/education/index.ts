/** Education: the city's schools on the map, pupils, classes, teachers, attendance and the national standard. */
import type { Domain } from '../domain';
import Type from 'typebox';
import { EducationSummary } from '../../protocol/topics/education';
import { MapPoint } from '../../protocol/topics/shared';
import { EducationAttendance, EducationSchoolUpdated } from './schema';
import { createEducationAggregator } from './aggregator';
import { createEducationSimulator } from './simulator';

/** Attendance changes on school mornings and at midnight; a weekend is a day or two of quiet. */
const DAY = 24 * 60 * 60_000;

export const educationDomain: Domain = {
  name: 'education',
  title: { vi: 'Giáo dục', en: 'Education' },
  events: {
    'education.attendance': EducationAttendance,
    'education.school-updated': EducationSchoolUpdated,
  },
  topics: [
    {
      name: 'education.summary',
      payload: EducationSummary,
      audience: 'public',
      kind: 'state',
      shape: 'value',
      title: { vi: 'Giáo dục thành phố', en: 'Schools of the city' },
      expectedIntervalMs: DAY,
    },
    {
      name: 'education.schools',
      payload: Type.Array(MapPoint),
      audience: 'public',
      kind: 'state',
      shape: 'collection',
      limit: 200,
      title: { vi: 'Trường học trên bản đồ', en: 'Schools on the map' },
      expectedIntervalMs: DAY,
    },
  ],
  createAggregator: createEducationAggregator,
  createSimulator: createEducationSimulator,
};

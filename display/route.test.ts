import { describe, expect, it } from 'vitest';
import { parseRoute } from './route';

describe('parseRoute', () => {
  it('finds the screen id and the language', () => {
    expect(parseRoute({ pathname: '/wall/main', search: '' })).toEqual({
      kind: 'wall',
      screenId: 'main',
      locale: null,
    });
    expect(parseRoute({ pathname: '/wall/led-cho-dong-kinh/', search: '?lang=en' })).toEqual({
      kind: 'wall',
      screenId: 'led-cho-dong-kinh',
      locale: 'en',
    });
  });

  it('opens a dashboard directly under /view', () => {
    expect(parseRoute({ pathname: '/view/tourism-public', search: '' })).toEqual({
      kind: 'view',
      dashboardId: 'tourism-public',
      locale: null,
      profile: null,
      at: null,
    });
    expect(parseRoute({ pathname: '/view/tourism-public', search: '?profile=led&lang=en' })).toEqual({
      kind: 'view',
      dashboardId: 'tourism-public',
      locale: 'en',
      profile: 'led',
      at: null,
    });
    expect(parseRoute({ pathname: '/view/x', search: '?profile=huge' })).toMatchObject({ profile: null });
    expect(parseRoute({ pathname: '/view/main', search: '?at=2026-11-20T08:00' })).toMatchObject({
      kind: 'view',
      at: '2026-11-20T08:00',
    });
    expect(parseRoute({ pathname: '/view/../x', search: '' })).toMatchObject({ kind: 'redirect' });
  });

  it('knows the report-handling pages; the rest of /entry belongs to the entry shell', () => {
    expect(parseRoute({ pathname: '/entry/dieu-phoi', search: '' })).toEqual({
      kind: 'entry-reports',
      page: 'dieu-phoi',
      locale: null,
    });
    expect(parseRoute({ pathname: '/entry/hop-thu/', search: '?lang=en' })).toEqual({
      kind: 'entry-reports',
      page: 'hop-thu',
      locale: 'en',
    });
    expect(parseRoute({ pathname: '/entry/kiem-duyet', search: '' })).toMatchObject({
      kind: 'entry-reports',
      page: 'kiem-duyet',
    });
    // Any other page under /entry is the entry shell's to answer.
    expect(parseRoute({ pathname: '/entry/khong-co', search: '' }).kind).toBe('entry');
  });

  it('knows the pairing page', () => {
    expect(parseRoute({ pathname: '/pair', search: '' })).toEqual({ kind: 'pair', locale: null });
    expect(parseRoute({ pathname: '/pair/', search: '?lang=en' })).toEqual({ kind: 'pair', locale: 'en' });
  });

  it('knows the console', () => {
    expect(parseRoute({ pathname: '/console', search: '?lang=en' })).toEqual({ kind: 'console', locale: 'en' });
  });

  it('knows the entry pages', () => {
    expect(parseRoute({ pathname: '/entry', search: '' })).toEqual({ kind: 'entry', path: '/entry', locale: null });
    expect(parseRoute({ pathname: '/entry/bao-cao/phuong-xa-thang/05986/2026-11', search: '?lang=en' })).toEqual({
      kind: 'entry',
      path: '/entry/bao-cao/phuong-xa-thang/05986/2026-11',
      locale: 'en',
    });
    expect(parseRoute({ pathname: '/entry/<x>', search: '' })).toMatchObject({ kind: 'redirect' });
  });

  it('sends anything else to the main wall', () => {
    expect(parseRoute({ pathname: '/', search: '' })).toMatchObject({ kind: 'redirect', to: '/wall/main' });
    expect(parseRoute({ pathname: '/wall/<script>', search: '' })).toMatchObject({ kind: 'redirect' });
  });
});

/**
 * The guides as data: each fits its schema, one per role; every "?" of a screen leads to a section
 * that exists; every screenshot a guide shows is on disk (written by `e2e/guides.test.ts`).
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Value } from 'typebox/value';
import { Guide, GUIDE_ROLES } from './guide-schema';
import { GUIDE_IMAGES_DIR, GUIDES, guideImages, guideOf } from './guides';
import { HELP_TARGETS, helpHref } from './help-targets';
import { guideIndexHtml, guidePageHtml } from './guide-html';

describe('the guides', () => {
  it('are one per role, in the order of the roles, each fitting the schema', () => {
    expect(GUIDES.map((guide) => guide.role)).toEqual([...GUIDE_ROLES]);
    for (const guide of GUIDES) expect([...Value.Errors(Guide, guide)], guide.role).toEqual([]);
  });

  it('give every section an anchor of its own and every step a page, what to press and words in both languages', () => {
    for (const guide of GUIDES) {
      const ids = guide.sections.map((section) => section.id);
      expect(new Set(ids).size, guide.role).toBe(ids.length);
      for (const step of guide.sections.flatMap((section) => section.steps)) {
        for (const text of [step.title, step.press, step.text]) {
          expect(text.vi.trim(), `${guide.role}: ${step.title.en}`).not.toBe('');
          expect(text.en.trim(), `${guide.role}: ${step.title.vi}`).not.toBe('');
          // Vietnamese first: the Vietnamese text is not the English one copied.
          if (text.en.length > 12) expect(text.vi).not.toBe(text.en);
        }
      }
    }
  });

  it('have a section for every "?" link of the screens', () => {
    for (const [screen, target] of Object.entries(HELP_TARGETS)) {
      const sections = guideOf(target.guide).sections.map((section) => section.id);
      expect(sections, screen).toContain(target.section);
      expect(helpHref(screen as keyof typeof HELP_TARGETS)).toBe(`/huong-dan/${target.guide}#${target.section}`);
    }
  });

  it('are each reached from the "?" of a screen they explain: no guide is only found by its address', () => {
    const reached = new Set(Object.values(HELP_TARGETS).map((target) => target.guide));
    for (const guide of GUIDES) expect(reached.has(guide.role), guide.role).toBe(true);
    // The practice space's own page and the citizens' notices have theirs too.
    expect(helpHref('tap-huan-hoc-vien')).toBe('/huong-dan/ward-officer#tap-huan');
    expect(helpHref('thong-bao')).toBe('/huong-dan/citizen#thong-bao');
  });

  it('show only screenshots that are on disk, and show some for every role', () => {
    for (const name of guideImages()) expect(existsSync(path.join(GUIDE_IMAGES_DIR, name)), name).toBe(true);
    for (const guide of GUIDES)
      expect(
        guide.sections.some((section) => section.steps.some((step) => step.image)),
        guide.role,
      ).toBe(true);
  });

  it('render as pages with each section as an anchor, escaping what they say', () => {
    const index = guideIndexHtml(GUIDES);
    for (const guide of GUIDES) expect(index).toContain(`href="/huong-dan/${guide.role}"`);
    const html = guidePageHtml({
      ...guideOf('operator'),
      who: { vi: 'Cán bộ <b>trực</b> & "ca"', en: 'x' },
    });
    for (const section of guideOf('operator').sections) expect(html).toContain(`<section id="${section.id}"`);
    expect(html).toContain('Cán bộ &lt;b&gt;trực&lt;/b&gt; &amp; &quot;ca&quot;');
    expect(html).not.toContain('undefined');
  });
});

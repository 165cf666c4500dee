/** The categories file is checked against its schema at start: a wrong question fails loudly, naming the place. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { CategoriesFile } from './schema';

const file = JSON.parse(readFileSync('fixtures/reports/categories.json', 'utf8')) as {
  categories: Array<Record<string, unknown> & { attributes?: Array<Record<string, unknown>> }>;
};
const check = Compile(CategoriesFile);

describe('fixtures/reports/categories.json', () => {
  it('matches CategoriesFile, and asks no question about the person', () => {
    expect([...check.Errors(file)]).toEqual([]);
    const questions = file.categories.flatMap((category) => category.attributes ?? []);
    expect(questions.map((question) => question.code)).toEqual(
      expect.arrayContaining(['pole_number', 'size', 'problem', 'hazard']),
    );
    for (const question of questions)
      expect(String(question.code)).not.toMatch(/name|phone|email|customer|meter|account/);
  });

  it('refuses a question with a bad code, an unknown datatype or a stray field', () => {
    const variant = (attribute: Record<string, unknown>) => ({
      categories: [{ ...file.categories[0]!, attributes: [{ ...file.categories[0]!.attributes![0], ...attribute }] }],
    });
    expect(check.Check(variant({}))).toBe(true);
    expect(check.Check(variant({ code: 'Pole Number' }))).toBe(false);
    expect(check.Check(variant({ datatype: 'image' }))).toBe(false);
    expect(check.Check(variant({ hint: 'x' }))).toBe(false);
  });
});

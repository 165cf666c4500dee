import Type from 'typebox';

export const LocalizedText = Type.Object(
  {
    vi: Type.String({ minLength: 1, maxLength: 500, description: 'Vietnamese (shown first)' }),
    en: Type.String({ minLength: 1, maxLength: 500, description: 'English' }),
  },
  { additionalProperties: false },
);

/** Names used in URLs and references: kebab-case. */
export const Identifier = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'kebab-case id' });

export const Version = Type.Literal(1, { description: 'Version of the file format' });

/** The checks of a feed's file beyond its schema: the mapping compiles, and what it emits exists. */
import type { Feed } from '../../../config/schema/feed';
import { compileExpression, MappingError } from './mapping';

export interface FeedProblem {
  path: string;
  reason: string;
}

/** `domainKinds`: each domain's event kinds (`traffic` → `traffic.flow-observed`, …). */
export function checkFeed(feed: Feed, domainKinds: ReadonlyMap<string, readonly string[]>): FeedProblem[] {
  const problems: FeedProblem[] = [];
  feed.emits.forEach(({ domain, kind }, index) => {
    const kinds = domainKinds.get(domain);
    if (!kinds)
      problems.push({
        path: `/emits/${index}/domain`,
        reason: `unknown domain "${domain}" (known: ${[...domainKinds.keys()].join(', ')})`,
      });
    else if (!kinds.includes(kind))
      problems.push({
        path: `/emits/${index}/kind`,
        reason: `the domain "${domain}" has no event kind "${kind}" (it has: ${kinds.join(', ')})`,
      });
  });
  const expressions: Array<[string, string]> = [['/mapping', feed.mapping]];
  if (feed.kind === 'http-poll') expressions.push(['/records', feed.records]);
  for (const [at, source] of expressions) {
    try {
      compileExpression(source);
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      problems.push({ path: at, reason: error.message });
    }
  }
  return problems;
}

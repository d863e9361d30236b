/** The check the live suite's cleanup puts its own plan through before it deletes anything. */
import { describe, expect, it } from 'vitest';
import { outsideThePrefix } from './kustodian.js';
import { EMULATOR_COORDINATES as C } from './target.js';

const target = (name: string, database = C.database) => ({
  subscriptionId: C.subscription,
  resourceGroup: C.resourceGroup,
  cluster: C.cluster,
  database,
  name,
});
const change = (action: string, name: string, database?: string) => ({ action, address: `.../${name}`, target: target(name, database) });

describe('outsideThePrefix', () => {
  it('lets through a delete of a <prefix>-* connection of the database, in any letter case', () => {
    expect(outsideThePrefix(change('delete', 'kdlive-ab12-eh'), C, 'kdlive-ab12')).toBeUndefined();
    expect(outsideThePrefix(change('delete', 'KDLIVE-AB12-eh'), C, 'kdlive-ab12')).toBeUndefined();
  });

  it.each([
    ['another name', change('delete', 'legacy-import'), 'is not named kdlive-ab12-*'],
    ['a longer prefix sharing its start', change('delete', 'kdlive-ab123-eh'), 'is not named kdlive-ab12-*'],
    ['the prefix alone', change('delete', 'kdlive-ab12'), 'is not named kdlive-ab12-*'],
    ['another database', change('delete', 'kdlive-ab12-eh', 'analyticsdb'), 'is outside the database'],
    ['a create', change('create', 'kdlive-ab12-eh'), 'is not a delete'],
    ['a replace', change('replace', 'kdlive-ab12-eh'), 'is not a delete'],
  ])('refuses %s', (_label, planned, why) => {
    expect(outsideThePrefix(planned, C, 'kdlive-ab12')).toContain(why);
  });
});

/**
 * The order changes wait on each other (`dependsOn`): the loops in it, which no order can
 * satisfy. The planner refuses a plan with one; a saved plan is checked again when it is read,
 * since the applier follows `dependsOn` and a loop would make it wait on itself for ever.
 */

/**
 * Each loop once, as the addresses along it from the first one met (in the map's order). A
 * dependency on an address the map does not hold is not followed (see `danglingDependencies`).
 */
export function dependencyCycles(deps: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles: string[][] = [];
  const done = new Set<string>();
  const onPath = new Map<string, number>();
  const path: string[] = [];
  // Iterative depth-first walk: a saved plan may hold thousands of changes in one chain.
  for (const start of deps.keys()) {
    if (done.has(start)) continue;
    const stack: { readonly address: string; next: number }[] = [{ address: start, next: 0 }];
    onPath.set(start, 0);
    path.push(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      const children = deps.get(top.address) ?? [];
      if (top.next < children.length) {
        const child = children[top.next] ?? '';
        top.next += 1;
        if (!deps.has(child) || done.has(child)) continue;
        const at = onPath.get(child);
        if (at !== undefined) {
          cycles.push(path.slice(at));
          continue;
        }
        onPath.set(child, path.length);
        path.push(child);
        stack.push({ address: child, next: 0 });
      } else {
        stack.pop();
        path.pop();
        onPath.delete(top.address);
        done.add(top.address);
      }
    }
  }
  return cycles;
}

/** Each dependency on an address that is not among the changes. */
export function danglingDependencies(deps: ReadonlyMap<string, readonly string[]>): { readonly address: string; readonly dependency: string }[] {
  return [...deps].flatMap(([address, on]) => on.filter((d) => !deps.has(d)).map((dependency) => ({ address, dependency })));
}

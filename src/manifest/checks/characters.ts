/**
 * Values with characters no Azure name, ID or setting holds: control characters and
 * bidirectional overrides (the YAML parser lets them through in plain scalars, and `"\e"` or
 * `${VAR}` can bring them in). They could act on a terminal or hide what a plan says, and Azure
 * would refuse them anyway, so they are refused here, before anything is planned. Line breaks
 * and tabs stay allowed: a free-text annotation may span lines, and output escapes them.
 */
import type { Diagnostic } from '../../core/diagnostics.js';
import { firstUnsafeCharacter } from '../../core/printable.js';
import { KD, report } from '../codes.js';
import { type LNode, formatPath, walk } from '../yaml/tree.js';

const BEYOND_PRINTABLE_ASCII = /[^\x20-\x7e]/;

export function checkCharacters(root: LNode, diagnostics: Diagnostic[]): void {
  walk(root, (node, path) => {
    if (node.type !== 'scalar' || typeof node.value !== 'string' || node.unresolved === true) return;
    if (!BEYOND_PRINTABLE_ASCII.test(node.value)) return; // nearly every value: nothing to look for
    const found = firstUnsafeCharacter(node.value.replace(/[\r\n\t]/g, ''));
    if (found === undefined) return;
    diagnostics.push(report(KD.badFormat, node.pos, `\`${formatPath(path)}\``, `free of control and text-direction characters (it has ${found})`, undefined));
  });
}

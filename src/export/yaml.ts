/**
 * Exported documents as YAML text, through the `yaml` package's Document API: keys in the
 * order the model holds them, no nulls, string lists in flow style, long values never folded.
 * Every string reads back as the same string:
 *
 * - `${` is written `$${`, so the loader's `${VAR}` interpolation gives back the text;
 * - a string that a YAML 1.1 reader would take for something else (`yes`, `on`, `1_000`, a date)
 *   is double-quoted, besides what YAML 1.2 itself needs quoted (`true`, `123`, `null`, `a: b`).
 */
import { Document, isScalar, parse, Scalar, visit } from 'yaml';

export type YamlValue = string | boolean | readonly string[] | YamlMap;
export interface YamlMap {
  readonly [key: string]: YamlValue;
}

/** One document: comment lines above it (without `#`) and its body. */
export interface DocumentModel {
  readonly comment: readonly string[];
  readonly body: YamlMap;
}

/** `${` → `$${`: the loader reads `$${` as a literal `${`. */
export function escapeInterpolation(value: string): string {
  // A function, because in a replacement string `$$` means one `$`.
  return value.replaceAll('${', () => '$${');
}

/** Whether a plain scalar with this text would read as anything but this string in YAML 1.1. */
function ambiguousInYaml11(text: string): boolean {
  try {
    return parse(text, { schema: 'yaml-1.1', logLevel: 'error' }) !== text;
  } catch {
    return true;
  }
}

function commentText(lines: readonly string[]): string | undefined {
  // `yaml` writes each line after `#`; a line of one space becomes a bare `#`.
  return lines.length === 0 ? undefined : lines.map((l) => ` ${l}`).join('\n');
}

/** The document as YAML text, ending in a newline. `header` lines go above its own comment. */
export function renderDocument(doc: DocumentModel, header: readonly string[] = []): string {
  const document = new Document(doc.body, { version: '1.2' });
  visit(document, {
    Scalar(_key, node) {
      const text: unknown = node.value;
      if (typeof text !== 'string') return;
      const escaped = escapeInterpolation(text);
      node.value = escaped;
      if (ambiguousInYaml11(escaped)) node.type = Scalar.QUOTE_DOUBLE;
    },
    Seq(_key, node) {
      if (node.items.every((item) => isScalar(item))) node.flow = true;
    },
  });
  const lines = header.length > 0 && doc.comment.length > 0 ? [...header, '', ...doc.comment] : [...header, ...doc.comment];
  const comment = commentText(lines);
  if (comment !== undefined && document.contents !== null) document.contents.commentBefore = comment;
  return document.toString({ lineWidth: 0, flowCollectionPadding: false, nullStr: '' });
}

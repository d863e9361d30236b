/**
 * Text from outside (a seed's names, a state file's content, what a client sent) made inert
 * before the emulator puts it in a message a terminal shows: control characters, line breaks
 * and bidirectional controls become visible escapes such as `\u001b`. The same pattern as the
 * reconciler's src/core/printable.ts (the emulator imports nothing from there; a test checks
 * that the two stay equal).
 */
export const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function inert(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
}

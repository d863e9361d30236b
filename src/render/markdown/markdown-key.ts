/**
 * What a `--markdown-key` may hold: it goes into the marker comment and the heading, where a line
 * break or `-->` would end the comment early and let the rest render. Its own module so the
 * flag is checked without loading the markdown renderer.
 */
export const MARKDOWN_KEY = { pattern: /^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$/, explain: '1 to 100 letters, digits, ".", "_", "/" and "-", starting with a letter or digit' };

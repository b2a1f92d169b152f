/**
 * Tiny helpers to write SVG (and HTML) as text: escaping, elements, and
 * short numbers. Charts are strings, so they need no browser or DOM.
 */
type Attrs = Record<string, string | number | undefined>;

/** Escape text and attribute values for XML. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A coordinate with at most one decimal, no "-0": enough for a screen, short in a file. */
export function num(x: number): string {
  const r = Math.round(x * 10) / 10;
  return String(r === 0 ? 0 : r);
}

/** An element; attributes whose value is undefined are left out; no children -> self-closing. */
export function el(tag: string, attrs: Attrs = {}, ...children: string[]): string {
  let a = '';
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined) continue;
    a += ` ${k}="${esc(typeof v === 'number' ? num(v) : v)}"`;
  }
  return children.length === 0 ? `<${tag}${a}/>` : `<${tag}${a}>${children.join('')}</${tag}>`;
}

/** Text content, escaped. */
export function text(attrs: Attrs, content: string): string {
  return el('text', attrs, esc(content));
}

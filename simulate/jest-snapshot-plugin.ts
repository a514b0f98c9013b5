/**
 * Jest snapshot serializer for `toJSON()` trees (objects marked with
 * `Symbol.for('j-component.json')`), printing what miniprogram-simulate's
 * `jest-snapshot-plugin` prints, so the `.snap` files written with it stay valid:
 *
 *   <tag
 *     name="string value"
 *     other="{{non-string value, pretty-printed}}"
 *     bind:tap="handler"
 *   >
 *     text
 *     <child />
 *   </tag>
 *
 * Attributes sorted by `localeCompare`, then event bindings sorted by name.
 * miniprogram-simulate's own plugin reaches into `pretty-format/build/plugins/lib/markup`,
 * which pretty-format 27+ no longer ships; this one prints the same markup itself.
 */
import type { NodeJSON } from './json';

const SYMBOL = Symbol.for('j-component.json');

interface Colors {
  open: string;
  close: string;
}
interface Config {
  colors: { tag: Colors; prop: Colors; value: Colors; content: Colors };
  indent: string;
  maxDepth: number;
  min: boolean;
  spacingInner: string;
  spacingOuter: string;
}
type Printer = (val: unknown, config: Config, indentation: string, depth: number, refs: unknown[]) => string;

export function test(val: unknown): boolean {
  return !!val && typeof val === 'object' && (val as { $$typeof?: unknown }).$$typeof === SYMBOL;
}

function escapeHTML(text: string): string {
  return text.replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function printAttrs(node: NodeJSON, config: Config, indentation: string, depth: number, refs: unknown[], printer: Printer): string {
  const next = indentation + config.indent;
  const { colors } = config;
  return [...node.attrs]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ name, value }) => {
      let printed = printer(value, config, next, depth, refs);
      if (typeof value !== 'string') {
        if (printed.includes('\n')) printed = config.spacingOuter + next + printed + config.spacingOuter + indentation;
        printed = `"{{${printed}}}"`;
      }
      return `${config.spacingInner}${indentation}${colors.prop.open}${name}${colors.prop.close}=${colors.value.open}${printed}${colors.value.close}`;
    })
    .join('');
}

function printEvents(node: NodeJSON, config: Config, indentation: string, depth: number, refs: unknown[], printer: Printer): string {
  const next = indentation + config.indent;
  const { colors } = config;
  return Object.keys(node.event)
    .sort()
    .map((name) => {
      const ev = node.event[name];
      const attr = `${ev.isCapture ? 'capture-' : ''}${ev.isMutated ? 'mut-' : ''}${ev.isCatch ? 'catch' : 'bind'}:${name}`;
      const printed = printer(ev.handler, config, next, depth, refs);
      return `${config.spacingInner}${indentation}${colors.prop.open}${attr}${colors.prop.close}=${colors.value.open}${printed}${colors.value.close}`;
    })
    .join('');
}

function printChildren(
  children: NodeJSON['children'],
  config: Config,
  indentation: string,
  depth: number,
  refs: unknown[],
  printer: Printer,
) {
  return children
    .map(
      (child) =>
        config.spacingOuter +
        indentation +
        (typeof child === 'string'
          ? config.colors.content.open + escapeHTML(child) + config.colors.content.close
          : printer(child, config, indentation, depth, refs)),
    )
    .join('');
}

export function serialize(node: NodeJSON, config: Config, indentation: string, depth: number, refs: unknown[], printer: Printer): string {
  const tag = config.colors.tag;
  if (++depth > config.maxDepth) return `${tag.open}<${node.tagName}${tag.close} …${tag.open} />${tag.close}`;
  const inner = indentation + config.indent;
  const props = printAttrs(node, config, inner, depth, refs, printer) + printEvents(node, config, inner, depth, refs, printer);
  const children = printChildren(node.children, config, inner, depth, refs, printer);
  return (
    `${tag.open}<${node.tagName}` +
    (props ? `${tag.close}${props}${config.spacingOuter}${indentation}${tag.open}` : '') +
    (children
      ? `>${tag.close}${children}${config.spacingOuter}${indentation}${tag.open}</${node.tagName}`
      : `${props && !config.min ? '' : ' '}/`) +
    `>${tag.close}`
  );
}

/**
 * A WXML file prepared for rendering: its parsed nodes, the `<template name>`
 * definitions it declares, the files it `<import>`s (whose templates become
 * visible, not transitively, as in the client) and `<include>` resolution
 * (the included file's nodes minus its `<template>`/`<wxs>` definitions).
 */
import { parseWxml, WxmlSyntaxError, type WxmlElement, type WxmlNode } from './wxml-parser';

export interface TemplateFile {
  /** Project-relative path with extension, e.g. `pages/index/index.wxml`. */
  file: string;
  nodes: WxmlNode[];
  /** `<template name>` definitions of this file. */
  templates: Map<string, WxmlElement>;
  /** Files imported with `<import src>` (their own templates are visible here). */
  imports: TemplateFile[];
  /** `<wxs module>` declarations of this file: a project file (`src`) or inline code. */
  wxs: Array<{ module: string; src?: string; code?: string; line: number }>;
}

/** Reads project files for templates (the Project implements it). */
export interface TemplateReader {
  /** Text of a project-relative file, or undefined when it does not exist. */
  readText(rel: string): string | undefined;
}

/** Resolves `src` of import/include against the including file (`/`-rooted = project root). */
export function resolveWxmlPath(from: string, src: string): string {
  let target = src.startsWith('/') ? src.slice(1) : joinRel(dirOf(from), src);
  if (!target.endsWith('.wxml')) target += '.wxml';
  return target;
}

export function dirOf(rel: string): string {
  const i = rel.lastIndexOf('/');
  return i < 0 ? '' : rel.slice(0, i);
}

/** Joins and normalizes a project-relative path; `..` never climbs above the root. */
export function joinRel(dir: string, rel: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return '\0outside';
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/** Loads and caches template files of one project. */
export class TemplateLoader {
  private readonly cache = new Map<string, TemplateFile>();
  private readonly loading = new Set<string>();

  constructor(private readonly reader: TemplateReader) {}

  /** Loads `file` (project-relative, `.wxml`); undefined when the file does not exist. */
  load(file: string): TemplateFile | undefined {
    const hit = this.cache.get(file);
    if (hit) return hit;
    const text = this.reader.readText(file);
    if (text === undefined) return undefined;
    if (this.loading.has(file)) throw new Error(`${file}: circular <import>`);
    this.loading.add(file);
    try {
      const nodes = parseWxml(text, file);
      const tf: TemplateFile = { file, nodes, templates: new Map(), imports: [], wxs: [] };
      for (const n of nodes) {
        if (n.kind !== 'el') continue;
        if (n.tag === 'template') {
          const name = attr(n, 'name');
          if (typeof name === 'string') tf.templates.set(name, n);
        } else if (n.tag === 'wxs') {
          const module = attr(n, 'module');
          if (typeof module !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(module))
            throw new WxmlSyntaxError(file, n.line, n.col, '<wxs> needs a module="name"');
          const src = attr(n, 'src');
          if (typeof src === 'string') {
            const target = src.startsWith('/') ? src.slice(1) : joinRel(dirOf(file), src);
            tf.wxs.push({ module, src: target, line: n.line });
          } else {
            const body = n.children[0];
            tf.wxs.push({ module, code: body && body.kind === 'text' ? body.text : '', line: n.line });
          }
        } else if (n.tag === 'import') {
          const src = attr(n, 'src');
          if (typeof src !== 'string') throw new WxmlSyntaxError(file, n.line, n.col, '<import> needs a src');
          const target = resolveWxmlPath(file, src);
          const imported = this.load(target);
          if (!imported) throw new WxmlSyntaxError(file, n.line, n.col, `<import src="${src}">: file "${target}" not found`);
          tf.imports.push(imported);
        }
      }
      this.cache.set(file, tf);
      return tf;
    } finally {
      this.loading.delete(file);
    }
  }

  /** Nodes an `<include src>` contributes (without template/wxs/import definitions). */
  include(from: TemplateFile, el: WxmlElement): { file: TemplateFile; nodes: WxmlNode[] } {
    const src = attr(el, 'src');
    if (typeof src !== 'string') throw new WxmlSyntaxError(from.file, el.line, el.col, '<include> needs a src');
    const target = resolveWxmlPath(from.file, src);
    const tf = this.load(target);
    if (!tf) throw new WxmlSyntaxError(from.file, el.line, el.col, `<include src="${src}">: file "${target}" not found`);
    const nodes = tf.nodes.filter((n) => n.kind !== 'el' || (n.tag !== 'template' && n.tag !== 'wxs' && n.tag !== 'import'));
    return { file: tf, nodes };
  }
}

/** Finds a `<template name>` visible from `tf`: its own, then its imports'. */
export function findTemplate(tf: TemplateFile, name: string): { el: WxmlElement; file: TemplateFile } | undefined {
  const own = tf.templates.get(name);
  if (own) return { el: own, file: tf };
  for (let i = tf.imports.length - 1; i >= 0; i--) {
    const el = tf.imports[i].templates.get(name);
    if (el) return { el, file: tf.imports[i] };
  }
  return undefined;
}

export function attr(el: WxmlElement, name: string): string | true | undefined {
  for (const a of el.attrs) if (a.name === name) return a.value;
  return undefined;
}

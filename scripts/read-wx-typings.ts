/**
 * Reads `WechatMiniprogram.Wx` from the installed miniprogram-api-typings with the
 * TypeScript compiler API: every member name, whether it is a method or a
 * property, and the calling shape of each method (async with callbacks and
 * whether the typings promisify it, sync, on/off listener, or a factory whose
 * returned interface's members are listed too). Used by scripts/wx-coverage.ts
 * (which generates runtime/wx-catalog.ts and docs/wx-api-coverage.md) and by the
 * enumeration test. Never loaded at run time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

export type MemberStyle = 'async' | 'sync' | 'listener' | 'factory';

export interface TypedMethod {
  name: string;
  style: MemberStyle;
  /** async: the typings return PromisifySuccessResult (the client promisifies it). */
  promise: boolean;
  /** factory: the returned interface's name. */
  returns?: string;
  /** The doc page the typings link (first line of the JSDoc). */
  doc?: string;
}

export interface TypedInterfaceMember {
  name: string;
  style: Exclude<MemberStyle, 'factory'>;
  promise: boolean;
  /** sync members declared to return a Promise (e.g. RewardedVideoAd.show). */
  returnsPromise?: boolean;
}

export interface WxTypings {
  version: string;
  methods: TypedMethod[];
  properties: string[];
  /** Members of every interface a factory method returns (by interface name). */
  interfaces: Record<string, TypedInterfaceMember[]>;
}

export function typingsDir(root = path.join(__dirname, '..')): string {
  return path.dirname(require.resolve('miniprogram-api-typings/package.json', { paths: [root] }));
}

export function readWxTypings(root = path.join(__dirname, '..')): WxTypings {
  const dir = typingsDir(root);
  const file = path.join(dir, 'types', 'wx', 'lib.wx.api.d.ts');
  const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const interfaces = new Map<string, ts.InterfaceDeclaration[]>();
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  const visit = (n: ts.Node) => {
    if (ts.isInterfaceDeclaration(n)) {
      const list = interfaces.get(n.name.text) ?? [];
      list.push(n);
      interfaces.set(n.name.text, list);
    } else if (ts.isTypeAliasDeclaration(n)) aliases.set(n.name.text, n);
    ts.forEachChild(n, visit);
  };
  visit(sf);

  const refName = (t: ts.TypeNode | undefined): string | undefined => {
    if (!t) return undefined;
    if (ts.isTypeReferenceNode(t)) {
      const n = t.typeName;
      return ts.isIdentifier(n) ? n.text : n.right.text;
    }
    return undefined;
  };
  const membersOf = (name: string): ts.TypeElement[] => (interfaces.get(name) ?? []).flatMap((d) => [...d.members]);
  const hasCallbacks = (typeName: string | undefined): boolean =>
    !!typeName && membersOf(typeName).some((m) => m.name && m.name.getText(sf) === 'success');
  /** The option type of a method's first parameter (a generic `T extends XOption` counts as XOption). */
  const optionType = (m: ts.MethodSignature): string | undefined => {
    const p = m.parameters[0];
    if (!p?.type) return undefined;
    const direct = refName(p.type);
    const tp = m.typeParameters?.find((t) => t.name.text === direct);
    return tp ? refName(tp.constraint) : direct;
  };
  const styleOf = (name: string, sigs: ts.MethodSignature[]): { style: MemberStyle; promise: boolean; returns?: string } => {
    const promise = sigs.some((s) => s.type !== undefined && s.type.getText(sf).includes('PromisifySuccessResult'));
    if (sigs.some((s) => hasCallbacks(optionType(s)))) return { style: 'async', promise };
    if (/^(on|off)[A-Z]/.test(name)) return { style: 'listener', promise: false };
    const ret = refName(sigs[0].type);
    const hasMethods = !!ret && membersOf(ret).some((x) => ts.isMethodSignature(x));
    if (ret && hasMethods && !/Sync$/.test(name)) return { style: 'factory', promise: false, returns: ret };
    return { style: 'sync', promise: false };
  };

  const wxDecls = interfaces.get('Wx') ?? [];
  const methodSigs = new Map<string, ts.MethodSignature[]>();
  const properties: string[] = [];
  const docs = new Map<string, string>();
  for (const decl of wxDecls) {
    for (const m of decl.members) {
      if (!m.name) continue;
      const name = m.name.getText(sf);
      if (ts.isMethodSignature(m)) {
        const list = methodSigs.get(name) ?? [];
        list.push(m);
        methodSigs.set(name, list);
        const jsdoc = ts.getJSDocCommentsAndTags(m)[0];
        const url = jsdoc ? /\]\((https:\/\/developers\.weixin\.qq\.com[^)\s]*)\)/.exec(jsdoc.getText(sf))?.[1] : undefined;
        if (url && !docs.has(name)) docs.set(name, url);
      } else if (ts.isPropertySignature(m)) properties.push(name);
    }
  }
  const methods: TypedMethod[] = [];
  const wanted = new Set<string>();
  for (const [name, sigs] of methodSigs) {
    const s = styleOf(name, sigs);
    methods.push({ name, ...s, doc: docs.get(name) });
    if (s.returns) wanted.add(s.returns);
  }
  const out: Record<string, TypedInterfaceMember[]> = {};
  for (const iface of [...wanted].sort()) {
    const byName = new Map<string, ts.MethodSignature[]>();
    const props: string[] = [];
    for (const m of membersOf(iface)) {
      if (!m.name) continue;
      const n = m.name.getText(sf);
      if (ts.isMethodSignature(m)) byName.set(n, [...(byName.get(n) ?? []), m]);
      else if (ts.isPropertySignature(m)) props.push(n);
    }
    out[iface] = [...byName].map(([n, sigs]) => {
      const s = styleOf(n, sigs);
      const style = s.style === 'factory' ? 'sync' : s.style;
      const returnsPromise = style === 'sync' && sigs.some((x) => /^Promise\b/.test(x.type?.getText(sf) ?? ''));
      return { name: n, style, promise: s.promise, ...(returnsPromise ? { returnsPromise } : {}) };
    });
  }
  const version = (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  methods.sort((a, b) => a.name.localeCompare(b.name));
  return { version, methods, properties: properties.sort(), interfaces: out };
}

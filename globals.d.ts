// `/// <reference types="mpsim/globals" />` under `moduleResolution: node` (node10), which
// ignores package.json "exports"; node16/nodenext/bundler use the "./globals" export.
/// <reference path="./typings/globals.d.ts" />

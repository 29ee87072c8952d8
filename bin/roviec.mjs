#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (no build step).
import { register } from 'tsx/esm/api';
register();
const url = new URL('../src/main.ts', import.meta.url);
process.argv[1] = url.pathname;
await import(url.href);

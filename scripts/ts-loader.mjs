// The test runner's TypeScript loader (docs/DESIGN.md D66): `node --import ./scripts/ts-loader.mjs`.
// Registers scripts/ts-hooks.mjs (esbuild with a disk cache) for ES modules and turns source maps
// on, so stack traces name the .ts lines. It does what the tests need of tsx at about a quarter
// less CPU per process (node_modules' CommonJS packages load without any hook). `npm start`, the
// benchmarks and the scripts keep tsx.
import { register } from 'node:module';
import process from 'node:process';

register('./ts-hooks.mjs', import.meta.url);
process.setSourceMapsEnabled(true);

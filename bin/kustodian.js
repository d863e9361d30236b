#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ and bundled into dist/bundle/ by `npm run build`
// (run automatically by `npm ci`; scripts/bundle.mjs says why it is bundled).
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv);

#!/usr/bin/env node
// The `dcpsim` command: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('./cli.ts');
process.exitCode = main(process.argv);

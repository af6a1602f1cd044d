#!/usr/bin/env node
// Kept tiny on purpose: start-up cost is a feature (see README, "Performance").
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

// The heavy dependencies only some commands use (YAML, CSV, prompts), loaded when a command needs
// them and not at start-up. They are loaded with require rather than import(): the one-file bundle
// must not contain import() (see bin/tenantctl.cjs), and a require that esbuild cannot follow
// keeps them out of the bundle, so they cost nothing until used.
import { createRequire } from 'node:module';

const load = createRequire(import.meta.url);

export const yamlModule = (): typeof import('yaml') => load('yaml') as typeof import('yaml');
export const promptsModule = (): typeof import('@inquirer/prompts') => load('@inquirer/prompts') as typeof import('@inquirer/prompts');
export const papaParse = (): typeof import('papaparse') => load('papaparse') as typeof import('papaparse');

// node:crypto, loaded on first use rather than at start-up: most commands (every read) neither
// make an id nor hash a secret, and loading the module costs a few ms of every run.
import { createRequire } from 'node:module';

type NodeCrypto = typeof import('node:crypto');
let loaded: NodeCrypto | undefined;

export const nodeCrypto = (): NodeCrypto => (loaded ??= createRequire(import.meta.url)('node:crypto') as NodeCrypto);

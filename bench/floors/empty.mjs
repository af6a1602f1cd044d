// Intentionally empty: `node bench/floors/empty.mjs` is the cost of starting an ES module entry
// point, which bin/tenantctl.js is (node -e 0 does not pay for the ESM loader).

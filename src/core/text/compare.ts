// A locale-independent order for listings ("every list has a stable order", cli-contract):
// case-insensitive first, then by code point so that the order is total.

export const compareText = (a: string, b: string): number => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x !== y) return x < y ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
};

// Option parsers shared by the command groups.

/** A repeatable option whose values are kept whole (--set a=b --set c=d). */
export const collect = (value: string, previous: string[] = []): string[] => previous.concat(value);

/** A repeatable option that also takes comma lists (--owner a --owner b = --owner a,b). */
export const collectList = (value: string, previous: string[] = []): string[] =>
  previous.concat(value.split(',').map((v) => v.trim()).filter((v) => v !== ''));

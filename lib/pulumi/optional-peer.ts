/**
 * Loads an optional peer dependency when a component needs it, so that importing `sre-constructs/pulumi`
 * never requires packages a program does not use.
 */
export function loadOptionalPeer<T>(name: string, neededBy: string): T {
  try {
    return require(name) as T;
  } catch {
    throw new Error(`${neededBy} needs ${name}, an optional peer dependency of sre-constructs: npm install ${name}`);
  }
}

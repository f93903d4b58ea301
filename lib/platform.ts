/**
 * Build-time facts, read in one place: under Vitest `import.meta.env.BROWSER` and friends are undefined
 * (or strings), so tests mock this file instead of the env.
 */
export const isFirefox = import.meta.env.FIREFOX === true;
export const manifestVersion: 2 | 3 = import.meta.env.MANIFEST_VERSION === 2 ? 2 : 3;
export const buildMode: string = import.meta.env.MODE ?? 'production';

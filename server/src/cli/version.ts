/** The package version, injected by the bundler. */
declare const MEMLINT_VERSION: string | undefined;
export const VERSION: string = typeof MEMLINT_VERSION === 'string' ? MEMLINT_VERSION : '0.0.0-dev';

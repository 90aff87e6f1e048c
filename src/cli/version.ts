import manifest from '../../package.json' with { type: 'json' }

/** The package version, inlined at build time from package.json. */
export const VERSION: string = manifest.version

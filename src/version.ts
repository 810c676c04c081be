// Generated from package.json by `npm run generate`; change the version there (npm run release).
export const VERSION = '0.1.0';

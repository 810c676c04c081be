/**
 * Content types by extension, the same on every OS (the aws CLI asks the OS's mime table, so the same
 * upload gets different headers on different runners). Text types get `charset=utf-8`.
 */
const TYPES: Record<string, string> = {
  // text and code
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  js: 'text/javascript',
  mjs: 'text/javascript',
  cjs: 'text/javascript',
  json: 'application/json',
  jsonld: 'application/ld+json',
  map: 'application/json',
  webmanifest: 'application/manifest+json',
  xml: 'application/xml',
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  ics: 'text/calendar',
  yaml: 'application/yaml',
  yml: 'application/yaml',
  toml: 'application/toml',
  sh: 'text/x-shellscript',
  wasm: 'application/wasm',
  // images
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  svg: 'image/svg+xml',
  ico: 'image/vnd.microsoft.icon',
  bmp: 'image/bmp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  heic: 'image/heic',
  // fonts
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  eot: 'application/vnd.ms-fontobject',
  // audio and video
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  // documents and archives
  pdf: 'application/pdf',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  tar: 'application/x-tar',
  bz2: 'application/x-bzip2',
  xz: 'application/x-xz',
  zst: 'application/zstd',
  '7z': 'application/x-7z-compressed',
  jar: 'application/java-archive',
  apk: 'application/vnd.android.package-archive',
  dmg: 'application/x-apple-diskimage',
  deb: 'application/vnd.debian.binary-package',
  rpm: 'application/x-rpm',
  exe: 'application/vnd.microsoft.portable-executable',
  msi: 'application/x-msi',
  whl: 'application/zip',
  sig: 'application/pgp-signature',
  asc: 'application/pgp-signature',
  pem: 'application/x-pem-file',
  // binary fallback for well-known non-text extensions
  bin: 'application/octet-stream',
};

const DEFAULT_TYPE = 'application/octet-stream';

function isText(type: string): boolean {
  return (
    type.startsWith('text/') ||
    /^application\/(json|ld\+json|manifest\+json|xml|rss\+xml|atom\+xml|yaml|toml)$/.test(type) ||
    type === 'image/svg+xml'
  );
}

/** The Content-Type for a file name: the table's type, `charset=utf-8` on text, octet-stream otherwise. */
export function contentTypeFor(fileName: string): string {
  const base = fileName.split('/').pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const type = TYPES[ext] ?? DEFAULT_TYPE;
  return isText(type) ? `${type}; charset=utf-8` : type;
}

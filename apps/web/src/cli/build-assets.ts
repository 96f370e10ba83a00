import { buildAssets } from '../assets/build-assets.js';
import { webPaths } from '../web-paths.js';

// `npm run build`, after tsc: the web's stylesheet, script and images under dist/web/assets.
const paths = webPaths();
const started = Date.now();
const { sizes } = await buildAssets(paths.root, paths.assets);
const listed = Object.entries(sizes).map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(0)} KiB`).join(', ');
process.stdout.write(`web assets built in ${((Date.now() - started) / 1000).toFixed(1)} s: ${listed}\n`);

// Renders every page of an OFD with ofd.js in headless chromium, one PNG per page.
//
//   node render.mjs FILE.ofd OUT_DIR [--scale PX_PER_MM] [--fonts FONTS.json]
//
// Writes OUT_DIR/installed/page-N.png: ofd.js as it is, text in the installed fonts it
// finds by name. With --fonts (a JSON object: OFD font ID -> path of that font's embedded
// file), also OUT_DIR/embedded/page-N.png: the same with the embedded fonts loaded.
// Each PNG is the whole pixels inside its page (the page's right and bottom edges fall inside
// a pixel). Prints one JSON line: {"pages": N, "sizes": [[W, H], ...], "ms": T, "errors": [...]}.
// CHROMIUM names the browser (default /usr/bin/chromium, Debian's package). The browser reads
// fonts.conf beside this file: the installed fonts, unhinted, as pdftoppm draws them.
//
// The default scale is 96 dpi: ofd.js sizes an ImageObject by its CTM over the image's pixel
// size times 0.2642 mm (a CSS pixel), whatever scale it draws the page at, so only at 96 dpi
// is an image (the seal) as large as the OFD says.
import { readFile, mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { scale: { type: 'string', default: String(96 / 25.4) }, fonts: { type: 'string' } },
});
const [ofdPath, outDir] = positionals;
if (!ofdPath || !outDir) {
  console.error('usage: node render.mjs FILE.ofd OUT_DIR [--scale PX_PER_MM] [--fonts FONTS.json]');
  process.exit(2);
}
const scale = Number(values.scale);
// ofd.js caps its scale at 10 px per mm.
if (!(scale >= 1 && scale <= 10)) {
  console.error('--scale must be between 1 and 10 (px per mm)');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const started = Date.now();
const ofd = (await readFile(ofdPath)).toString('base64');
const variants = { installed: null };
if (values.fonts) {
  const files = JSON.parse(await readFile(values.fonts, 'utf8'));
  variants.embedded = {};
  for (const [id, file] of Object.entries(files)) {
    variants.embedded[id] = (await readFile(file)).toString('base64');
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  env: { ...process.env, FONTCONFIG_FILE: path.join(here, 'fonts.conf') },
  // No network here: keep chromium from reaching out at all.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [];
let count = 0;
let sizes = [];
try {
  for (const [variant, fonts] of Object.entries(variants)) {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 }, deviceScaleFactor: 1 });
    page.on('pageerror', (error) => errors.push(`${variant}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${variant}: console: ${message.text()}`);
    });
    await page.goto(pathToFileURL(path.join(here, 'page.html')).href);
    count = await page.evaluate(([data, px, faces]) => window.renderOfd(data, px, faces),
                                [ofd, scale, fonts]);
    sizes = [];
    const dir = path.join(outDir, variant);
    await mkdir(dir, { recursive: true });
    for (let i = 1; i <= count; i++) {
      const box = await page.evaluate((number) => window.showPage(number), i);
      const size = [Math.floor(box.width), Math.floor(box.height)];
      sizes.push(size);
      await page.setViewportSize({ width: size[0] + 8, height: size[1] + 8 });
      await page.screenshot({ path: path.join(dir, `page-${i}.png`), animations: 'disabled',
                              clip: { x: 0, y: 0, width: size[0], height: size[1] } });
    }
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ pages: count, sizes, ms: Date.now() - started, errors }));

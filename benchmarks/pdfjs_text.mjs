// Each page's text as pdf.js reads it (Firefox's viewer): one JSON line per PDF.
//   node pdfjs_text.mjs PDF...
if (!Promise.withResolvers) {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";
// pdfjs-dist where `make pdfjs` installs it (the script matrix reads with this too),
// or $PUBLISHER_PDFJS (its legacy build's pdf.mjs).
const here = path.dirname(fileURLToPath(import.meta.url));
const module = process.env.PUBLISHER_PDFJS ||
  path.join(here, ".cache", "pdfjs", "node_modules", "pdfjs-dist", "legacy", "build", "pdf.mjs");
const pdfjs = await import(pathToFileURL(module).href);
for (const file of process.argv.slice(2)) {
  const data = new Uint8Array(await readFile(file));
  const doc = await pdfjs.getDocument({ data, verbosity: 0, useSystemFonts: false, disableFontFace: true }).promise;
  const pages = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => item.str + (item.hasEOL ? "\n" : "")).join(""));
  }
  process.stdout.write(JSON.stringify({ path: file, pages }) + "\n");
  await doc.cleanup?.();
}

// The text pdf.js (npm pdfjs-dist: Firefox's viewer and most web viewers)
// reads from a PDF, page by page, one line per text item's end of line.
//   node tests/pdfjs_text.mjs FILE.pdf
// pdfjs-dist is found at $PUBLISHER_PDFJS (its legacy build's pdf.mjs), by
// default in benchmarks/.cache/pdfjs (`make pdfjs` installs it there).
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

// Node 20 lacks Promise.withResolvers, which pdfjs-dist 6 uses.
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function () {
    let resolve, reject;
    const promise = new Promise((yes, no) => { resolve = yes; reject = no; });
    return { promise, resolve, reject };
  };
}

const here = path.dirname(fileURLToPath(import.meta.url));
const module = process.env.PUBLISHER_PDFJS ||
  path.join(here, "..", "benchmarks", ".cache", "pdfjs", "node_modules", "pdfjs-dist",
            "legacy", "build", "pdf.mjs");
const pdfjs = await import(pathToFileURL(module).href);
const data = new Uint8Array(await readFile(process.argv[2]));
const doc = await pdfjs.getDocument({ data, useSystemFonts: false, verbosity: 0 }).promise;
const out = [];
for (let number = 1; number <= doc.numPages; number++) {
  const page = await doc.getPage(number);
  const content = await page.getTextContent();
  for (const item of content.items) {
    out.push(item.str);
    if (item.hasEOL) out.push("\n");
  }
  out.push("\n");
}
process.stdout.write(out.join(""));

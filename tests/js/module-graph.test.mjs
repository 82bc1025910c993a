// The browser loads these modules without a build step: a wrong path or a missing export
// only shows as a blank page, and the pages' CSP refuses inline scripts and styles and
// eval. Check every module and page statically, without running them.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const KEFU = resolve(dirname(fileURLToPath(import.meta.url)), "../../kefu");
const STATIC = join(KEFU, "static");
// The loader stays a classic script: the one file other websites embed.
const CLASSIC = new Set([join(STATIC, "widget/loader.js")]);

function modules(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return modules(path);
    return entry.name.endsWith(".js") && !CLASSIC.has(path) ? [path] : [];
  });
}

function exportsOf(source) {
  const declared = [...source.matchAll(/^export (?:async )?(?:function|class|const|let) ([\w$]+)/gm)].map((m) => m[1]);
  // Listed or re-exported: `export { a, b as c }` or `export { a } from "./x.js";` (the
  // exported name is the last word).
  const passed = [...source.matchAll(/^export\s+\{([^}]*)\}/gm)].flatMap((m) =>
    m[1].split(",").map((n) => n.trim().split(/\s+as\s+/).pop()).filter(Boolean),
  );
  return new Set([...declared, ...passed]);
}

function importsOf(source) {
  return [...source.matchAll(/^import\s+(?:\{([^}]*)\}|\* as [\w$]+)\s+from\s+"([^"]+)";/gm)].map((m) => ({
    names: m[1] ? m[1].split(",").map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean) : [],
    specifier: m[2],
  }));
}

const ALL = ["widget", "dashboard", "admin", "reports"].flatMap((dir) => modules(join(STATIC, dir)));

describe("module graph", () => {
  it("finds the modules", () => {
    assert.ok(ALL.length > 20);
  });

  for (const file of ALL) {
    it(relative(STATIC, file) + ": imports resolve to files that export the names", () => {
      const source = readFileSync(file, "utf8");
      for (const { names, specifier } of importsOf(source)) {
        assert.match(specifier, /^\.\.?\/.*\.js$/, "relative, with its .js extension: " + specifier);
        const target = resolve(dirname(file), specifier);
        assert.ok(existsSync(target), specifier + " exists");
        const exported = exportsOf(readFileSync(target, "utf8"));
        for (const name of names) assert.ok(exported.has(name), specifier + " exports " + name);
      }
    });

    it(relative(STATIC, file) + ": puts no HTML strings into the page and evaluates no code", () => {
      const source = readFileSync(file, "utf8");
      assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
      assert.doesNotMatch(source, /\beval\(|new Function\(/);
      assert.doesNotMatch(source, /setAttribute\("style"/);
    });
  }

  for (const page of ["widget.html", "staff_page.html", "dashboard.html", "admin.html", "reports.html"]) {
    it(page + " loads existing files, its modules as type=module, nothing inline", () => {
      const html = readFileSync(join(KEFU, "templates", page), "utf8");
      for (const m of html.matchAll(/href="\{\{ url_for\('static', filename='([^']+)'\) \}\}"/g)) {
        assert.ok(existsSync(join(STATIC, m[1])), m[1]);
      }
      assert.doesNotMatch(html, /<style/, "no style element");
      const scripts = [...html.matchAll(/<script([^>]*)src="\{\{ url_for\('static', filename='([^']+)'\) \}\}"([^>]*)>/g)];
      const own = scripts.filter((m) => !m[2].startsWith("vendor/"));
      assert.ok(own.length > 0 || page === "staff_page.html");
      for (const m of scripts.filter((v) => v[2].startsWith("vendor/"))) {
        assert.ok(existsSync(join(STATIC, m[2])), m[2]);
        assert.match(m[1] + m[3], /\bdefer\b/, m[2] + " is deferred");
      }
      for (const m of own) {
        assert.ok(existsSync(join(STATIC, m[2])), m[2]);
        assert.match(m[1] + m[3], /type="module"/, m[2]);
      }
      assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, "no inline script");
      assert.doesNotMatch(html, /\sstyle=/, "no inline style");
    });
  }
});

describe("test hooks in the pages", () => {
  it("reports.html has one export button and five charts", () => {
    const html = readFileSync(join(KEFU, "templates", "reports.html"), "utf8");
    assert.equal((html.match(/data-testid="report-export"/g) || []).length, 1);
    assert.equal((html.match(/data-testid="report-chart"/g) || []).length, 5);
  });
});

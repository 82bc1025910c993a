// The reports page loads its modules without a build step: check every import statically
// (as module-graph.test.mjs does for the widget and the dashboard) and the page's CSP rules.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const KEFU = resolve(dirname(fileURLToPath(import.meta.url)), "../../kefu");
const STATIC = join(KEFU, "static");
const REPORTS = join(STATIC, "reports");

function exportsOf(source) {
  return new Set([...source.matchAll(/^export (?:async )?(?:function|class|const|let) ([\w$]+)/gm)].map((m) => m[1]));
}

function importsOf(source) {
  return [...source.matchAll(/^import\s+(?:\{([^}]*)\}|\* as [\w$]+)\s+from\s+"([^"]+)";/gm)].map((m) => ({
    names: m[1] ? m[1].split(",").map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean) : [],
    specifier: m[2],
  }));
}

const FILES = readdirSync(REPORTS).filter((name) => name.endsWith(".js")).map((name) => join(REPORTS, name));

describe("reports modules", () => {
  it("finds them", () => assert.ok(FILES.length >= 8));

  for (const file of FILES) {
    it(relative(STATIC, file) + ": imports resolve to files that export the names", () => {
      const source = readFileSync(file, "utf8");
      for (const { names, specifier } of importsOf(source)) {
        assert.match(specifier, /^\.\.?\/.*\.js$/, specifier);
        const target = resolve(dirname(file), specifier);
        assert.ok(existsSync(target), specifier + " exists");
        const exported = exportsOf(readFileSync(target, "utf8"));
        for (const name of names) assert.ok(exported.has(name), specifier + " exports " + name);
      }
      assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|eval\(|new Function/, "text only, no eval");
    });
  }

  it("reports.html loads existing files, no inline script or style", () => {
    const html = readFileSync(join(KEFU, "templates", "reports.html"), "utf8");
    const scripts = [...html.matchAll(/<script([^>]*)src="\{\{ url_for\('static', filename='([^']+)'\) \}\}"([^>]*)>/g)];
    assert.ok(scripts.length >= 2);
    for (const m of scripts) {
      assert.ok(existsSync(join(STATIC, m[2])), m[2]);
      if (m[2].startsWith("vendor/")) assert.match(m[1] + m[3], /\bdefer\b/, m[2]);
      else assert.match(m[1] + m[3], /type="module"/, m[2]);
    }
    assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, "no inline script");
    assert.doesNotMatch(html, /\sstyle=|<style/, "no inline style");
    assert.equal((html.match(/data-testid="report-export"/g) || []).length, 1);
    assert.equal((html.match(/data-testid="report-chart"/g) || []).length, 5);
  });
});

// The console loads without a build step: a wrong path or a missing export only shows as a
// blank page, and the page's CSP refuses inline scripts and styles. Check both statically.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const KEFU = resolve(dirname(fileURLToPath(import.meta.url)), "../../kefu");
const STATIC = join(KEFU, "static");
const ADMIN = join(STATIC, "admin");

function exportsOf(source) {
  return new Set([...source.matchAll(/^export (?:async )?(?:function|class|const|let) ([\w$]+)/gm)].map((m) => m[1])
    .concat([...source.matchAll(/^export\s+\{([^}]*)\}/gm)].flatMap((m) => m[1].split(",").map((n) => n.trim().split(/\s+as\s+/).pop()).filter(Boolean))));
}

function importsOf(source) {
  return [...source.matchAll(/^import\s+(?:\{([^}]*)\}|\* as [\w$]+)\s+from\s+"([^"]+)";/gm)].map((m) => ({
    names: m[1] ? m[1].split(",").map((n) => n.trim().split(/\s+as\s+/)[0]).filter(Boolean) : [],
    specifier: m[2],
  }));
}

const FILES = readdirSync(ADMIN).filter((name) => name.endsWith(".js")).map((name) => join(ADMIN, name));

describe("admin console modules", () => {
  it("finds the modules", () => {
    assert.ok(FILES.length >= 10);
  });

  for (const file of FILES) {
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

  it("admin.html loads existing modules, each as type=module, with no inline script or style", () => {
    const html = readFileSync(join(KEFU, "templates", "admin.html"), "utf8");
    const scripts = [...html.matchAll(/<script([^>]*)src="\{\{ url_for\('static', filename='([^']+)'\) \}\}"([^>]*)>/g)];
    assert.ok(scripts.length > 0);
    for (const m of scripts) {
      assert.ok(existsSync(join(STATIC, m[2])), m[2]);
      assert.match(m[1] + m[3], /type="module"/, m[2]);
    }
    for (const m of html.matchAll(/href="\{\{ url_for\('static', filename='([^']+)'\) \}\}"/g)) {
      assert.ok(existsSync(join(STATIC, m[1])), m[1]);
    }
    assert.doesNotMatch(html, /<script>|<script [^>]*>[^<]/, "no inline script");
    assert.doesNotMatch(html, /\sstyle=|<style/, "no inline style");
  });
});

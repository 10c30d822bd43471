// The conformance cases and fixtures of the repository, read from disk for the Node suites.
import { readdirSync, readFileSync } from "node:fs";

const tests = new URL("../../tests/", import.meta.url);

const readJson = (url) => JSON.parse(readFileSync(url, "utf8"));

/** Every fixture of tests/fixtures, by name. */
export function loadFixtures() {
  const fixtures = {};
  for (const file of readdirSync(new URL("fixtures/", tests))) {
    if (file.endsWith(".json")) {
      fixtures[file.slice(0, -".json".length)] = readJson(new URL(`fixtures/${file}`, tests));
    }
  }
  return fixtures;
}

/**
 * The text of every language pack a fixture's Magento shop installs (`magento.dictionaries`:
 * locale → CSV files), by its name relative to tests/fixtures/: what `magento.respond` takes as
 * `packs`, read as the Rust runner reads them (UTF-8, byte for byte).
 */
export function loadPacks(fixtures) {
  const packs = {};
  for (const fixture of Object.values(fixtures)) {
    for (const files of Object.values(fixture.magento?.dictionaries ?? {})) {
      for (const file of files) {
        packs[file] ??= readFileSync(new URL(`fixtures/${file}`, tests), "utf8");
      }
    }
  }
  return packs;
}

/**
 * Every case of tests/conformance (in file name order, with its `file`), every fixture, and the
 * language packs the fixtures install.
 */
export function loadCorpus() {
  const directory = new URL("conformance/", tests);
  const cases = readdirSync(directory)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ file, ...readJson(new URL(file, directory)) }));
  const fixtures = loadFixtures();
  return { cases, fixtures, packs: loadPacks(fixtures) };
}

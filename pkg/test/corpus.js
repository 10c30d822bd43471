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

/** Every case of tests/conformance (in file name order, with its `file`) and every fixture. */
export function loadCorpus() {
  const directory = new URL("conformance/", tests);
  const cases = readdirSync(directory)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => ({ file, ...readJson(new URL(file, directory)) }));
  return { cases, fixtures: loadFixtures() };
}

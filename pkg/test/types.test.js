// The declarations: test/types/usage.ts uses the package as a TypeScript user would, and marks
// with @ts-expect-error what the types must refuse; tsc fails on either kind of drift. The tests
// after it check that the values are what the declarations say they are.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { test } from "node:test";

import { magento } from "customer-rules";

// Node's resolution (ES modules and CommonJS), and bundlers' (Vite and webpack apps).
for (const [resolution, config] of [
  ["nodenext", "tsconfig.json"],
  ["bundler", "tsconfig.bundler.json"],
]) {
  test(`tsc (moduleResolution ${resolution}) accepts the documented uses and refuses the wrong ones`, () => {
    const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
    const project = fileURLToPath(new URL(`types/${config}`, import.meta.url));
    const result = spawnSync(process.execPath, [tsc, "--project", project], { encoding: "utf8" });
    assert.equal(result.status, 0, `tsc failed:\n${result.stdout}${result.stderr}`);
  });
}

test("magento: a profile is a string, read back in its table spelling", () => {
  assert.equal(magento.installDefaults().version, "2.4.8-p5");
  assert.equal(
    magento.installDefaults("2.4.8-p3+acp2e-4555+ACP2E-4528").version,
    "2.4.8-p3+ACP2E-4528+ACP2E-4555",
  );
  // The names of the former enum still parse.
  assert.equal(magento.installDefaults("2.4.8-p1").version, "2.4.8-p1");
  assert.equal(magento.installDefaults("2.4.7").version, "2.4.7");
  assert.throws(() => magento.installDefaults("2.4.6"), {
    name: "TypeError",
    message: /^profile: unknown Magento release "2\.4\.6"; known releases: 2\.4\.7, /,
  });
  assert.throws(() => magento.installDefaults("2.4.8+ACSD-67904+ACP2E-4528"), {
    name: "TypeError",
    message: "profile: ACSD-67904 and ACP2E-4528 both change the City validator; a shop runs one of them",
  });
});

test("magento: every release and patch the profiles list offers is a profile installDefaults takes", () => {
  const { releases, additions } = magento.profiles();
  const names = releases.map((release) => release.name);
  for (const name of ["2.4.7", "2.4.7-p10", "2.4.8-p5", "2.4.9", "2.4.9-candidate-b"]) {
    assert.ok(names.includes(name), `${name} is listed`);
  }
  for (const release of releases) {
    assert.ok(["proven", "inferred", "unverified"].includes(release.evidence), release.name);
    assert.ok(release.source.length > 0, release.name);
    assert.equal(magento.installDefaults(release.name).version, release.name);
  }
  assert.equal(releases.find((release) => release.name === "2.4.9").evidence, "unverified");
  assert.equal(releases.find((release) => release.name === "2.4.7-p9").evidence, "inferred");
  assert.ok(additions.some((addition) => addition.name === "no-city-check"));
  for (const addition of additions) {
    for (const release of names) {
      const profile = `${release}+${addition.name}`;
      if (addition.releases.includes(release)) {
        assert.equal(magento.installDefaults(profile).version, profile);
      } else {
        assert.throws(() => magento.installDefaults(profile), TypeError, profile);
      }
    }
  }
});

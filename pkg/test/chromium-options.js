// How every browser test of the repository starts headless Chromium (the package's Chromium
// suite, the bundled-app smoke tests, the demo's end-to-end test): the system's Chromium unless
// CHROMIUM names another, without the background work and network a test does not need.
export const CHROMIUM_OPTIONS = Object.freeze({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
});

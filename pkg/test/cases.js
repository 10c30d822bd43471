// One conformance case (tests/conformance/*.json) run through the package, as the Rust runner in
// crates/customer-rules/tests runs it natively. Plain JavaScript: the Node suite and the page in
// Chromium both import it.

/**
 * How to run a case on each platform the package binds: its answer, the customer stored after
 * it, and how that customer is compared with `expect_stored` (as each platform's Rust runner).
 */
const PLATFORMS = {
  magento: {
    /** `packs`: the text of each language pack file the shop's `dictionaries` names. */
    respond: (magento, shop, testCase, packs) =>
      magento.respond(shop, testCase.request, clock(testCase.now), packs),
    /** The customer after the call: the updated one, else the one of the path id. */
    stored(magento, shop, testCase, exchange) {
      if (exchange.updated) return exchange.updated;
      const id = Number(testCase.request.path.split("?")[0].split("/").pop());
      return (shop.customers ?? []).find((customer) => customer.id === id) ?? null;
    },
    contains: subset,
  },
  open2b: {
    respond: (open2b, shop, testCase) => open2b.respond(shop, testCase.request),
    /** The customer after the call: the updated one, else the one the key names, as stored. */
    stored(open2b, shop, testCase, exchange) {
      if (exchange.updated) return exchange.updated.customer;
      const key = header(testCase.request, "X-Customer-Key");
      const account = (shop.customers ?? []).find((account) => account.key === key);
      // Merging an empty update fills in the members a fixture leaves out, as storing does.
      return account ? open2b.merge(account.customer, {}) : null;
    },
    contains,
  },
};

/** True when the package has bindings to run the cases of `platform`. */
export function canRun(api, platform) {
  return platform in PLATFORMS && typeof api[platform]?.respond === "function";
}

/**
 * Runs one case; returns its problems, none when it passes. `packs` holds the text of the
 * language pack files the fixtures' Magento shops install, by name (corpus.js's `loadPacks`).
 */
export function runCase(api, testCase, fixtures, packs = {}) {
  const platform = PLATFORMS[testCase.platform];
  const namespace = api[testCase.platform];
  const fixture = fixtures[testCase.fixture];
  if (fixture === undefined) return [`no fixture named ${testCase.fixture}`];
  const shop = { ...(fixture[testCase.platform] ?? {}) };
  // A Magento case is answered by a shop running its profile.
  if (testCase.profile !== undefined) shop.version = testCase.profile;
  const exchange = platform.respond(namespace, shop, testCase, packs);
  const problems = [];
  if (exchange.response.status !== testCase.expect.status) {
    problems.push(`status: expected ${testCase.expect.status}, got ${exchange.response.status}`);
  }
  if (!sameJson(exchange.response.body, testCase.expect.body)) {
    problems.push(
      `body: expected ${JSON.stringify(testCase.expect.body)}, got ${JSON.stringify(exchange.response.body)}`,
    );
  }
  if ("expect_stored" in testCase) {
    const stored = platform.stored(namespace, shop, testCase, exchange);
    if (!platform.contains(stored, testCase.expect_stored)) {
      problems.push(
        `stored: expected to contain ${JSON.stringify(testCase.expect_stored)}, got ${JSON.stringify(stored)}`,
      );
    }
  }
  return problems;
}

/** Magento's clock from a case's `now` (RFC 3339, UTC): today's date and `Y-m-d H:i:s`. */
function clock(now) {
  const [today, time] = now.split("T");
  return { today, now: `${today} ${time.replace("Z", "").slice(0, 8)}` };
}

function header(request, name) {
  const wanted = name.toLowerCase();
  const found = Object.entries(request.headers ?? {}).find(([key]) => key.toLowerCase() === wanted);
  return found?.[1];
}

/** Equality of JSON values; object members compare by name, in any order. */
function sameJson(a, b) {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameJson(item, b[index]))
    );
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key], b[key]))
    );
  }
  return a === b;
}

/** True when every member of `expected` is in `actual` and contains it in turn. */
function contains(actual, expected) {
  if (isObject(actual) && isObject(expected)) {
    return Object.entries(expected).every(
      ([key, value]) => Object.hasOwn(actual, key) && contains(actual[key], value),
    );
  }
  return sameJson(actual, expected);
}

/**
 * Magento's comparison: every member of `expected` is in `actual` (a `null` may be missing)
 * and matches in turn; arrays of the same length match item by item.
 */
function subset(actual, expected) {
  if (isObject(expected) && isObject(actual)) {
    return Object.entries(expected).every(([key, value]) =>
      Object.hasOwn(actual, key) ? subset(actual[key], value) : value === null,
    );
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.every((item, index) => subset(actual[index], item));
  }
  return sameJson(actual, expected);
}

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

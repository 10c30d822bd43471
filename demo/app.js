// The demo page: a Magento and an Open2b customer form, validated as the user types by the
// customer-rules package. Nothing here decides whether a value is valid: every message comes
// from the rules (`outcome.violations`), every request from their `diff`, every prediction from
// `outcome.response`.
import { magento, open2b } from "customer-rules";

/** Written by `cargo xtask demo` from the fixture: the shop's URL, credentials, settings. */
const settings = await (await fetch("./config.json")).json();
const status = document.getElementById("status");

// ---------------------------------------------------------------------------------------------
// Markup

/** An element with attributes (`false` and `undefined` ones left out) and children. */
function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (name === "text") element.textContent = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  element.append(...children.filter((child) => child !== undefined));
  return element;
}

/**
 * A labelled control with its message element. `path` is the violation path the rules report
 * for it; other members (`data-*`, `autocomplete`) become attributes of the control.
 */
function field({ id, label, path, value, type = "text", options, required = false, hint, ...rest }) {
  const messageId = `${id}-message`;
  const common = { id, name: id, "data-path": path, "aria-describedby": messageId, ...rest };
  let control;
  if (options) {
    control = h("select", common);
    for (const [optionValue, optionLabel] of options) {
      control.append(h("option", { value: optionValue, selected: optionValue === value, text: optionLabel }));
    }
  } else if (type === "checkbox") {
    control = h("input", { ...common, type, checked: Boolean(value) });
  } else {
    control = h("input", { ...common, type, value: value ?? "" });
  }
  const labelElement = h("label", { for: id, text: label });
  labelElement.append(h("span", { class: "required", hidden: !required, text: " *" }));
  if (required) control.setAttribute("aria-required", "true");
  const message = h("p", { class: "message", id: messageId });
  const wrapper = h("div", { class: type === "checkbox" ? "field check" : "field" });
  if (type === "checkbox") wrapper.append(control, labelElement);
  else wrapper.append(labelElement, control);
  if (hint) wrapper.append(h("p", { class: "hint", text: hint }));
  wrapper.append(message);
  return wrapper;
}

/**
 * A group of checkboxes for one list member (`path`), with one message for the group: the
 * fieldset names the path and is described by the message, and so is each box.
 */
function checkboxGroup({ id, legend, path, boxes }) {
  const messageId = `${id}-message`;
  const group = h(
    "fieldset",
    { id, "data-path": path, "aria-describedby": messageId },
    h("legend", { text: legend }),
    h("p", { class: "message", id: messageId }),
  );
  for (const box of boxes) {
    const wrapper = field({ ...box, type: "checkbox", path: undefined });
    const control = wrapper.querySelector("input");
    control.setAttribute("aria-describedby", messageId);
    wrapper.querySelector(".message").remove();
    group.append(wrapper);
  }
  return group;
}

/** The violation paths a control shows (a field may answer for more than one member). */
const pathsOf = (control) => control.dataset.path.split(" ");

/**
 * Marks as required the text fields and selects whose path has a violation when every one of
 * them but the countries is emptied: the rules, with the store's settings and the chosen
 * countries, decide what is required; the page keeps no list of its own. (A country field is
 * marked when the rules refuse it as it stands.)
 */
function markRequired(form, emptied) {
  const paths = new Set(emptied.map((violation) => violation.path));
  for (const control of form.querySelectorAll("input[data-path]:not([type=checkbox]), select[data-path]")) {
    const required = pathsOf(control).some((path) => paths.has(path));
    control.labels[0].querySelector(".required").hidden = !required;
    if (required) control.setAttribute("aria-required", "true");
    else control.removeAttribute("aria-required");
  }
}

/** Shows each violation next to the control of its path; the rest in the form's list. */
function showViolations(form, other, violations) {
  const controls = [...form.querySelectorAll("[data-path]")];
  const shown = new Set();
  for (const control of controls) {
    const own = violations.filter((violation) => pathsOf(control).includes(violation.path));
    own.forEach((violation) => shown.add(violation));
    const message = document.getElementById(control.getAttribute("aria-describedby"));
    message.textContent = own.map((violation) => violation.message).join("\n");
    const invalid = own.length > 0 ? "true" : "false";
    // A group is marked through its boxes: `aria-invalid` belongs to the controls.
    const marked = control.tagName === "FIELDSET" ? control.querySelectorAll("input") : [control];
    marked.forEach((element) => element.setAttribute("aria-invalid", invalid));
  }
  const rest = violations.filter((violation) => !shown.has(violation));
  other.hidden = rest.length === 0;
  other.querySelector("ul").replaceChildren(
    ...rest.map((violation) =>
      h("li", {}, h("code", { text: violation.path }), ` ${violation.message}`),
    ),
  );
}

/**
 * Under each control, what a second profile (`name`) says of it where that differs from the
 * prediction's `violations`; nothing when there is no second profile.
 */
function showCompared(form, name, violations, compared) {
  const messagesAt = (list, control) =>
    list.filter((violation) => pathsOf(control).includes(violation.path)).map((violation) => violation.message).join("\n");
  for (const control of form.querySelectorAll("[data-path]")) {
    let note = document.getElementById(`${control.id}-compared`);
    if (!note) {
      note = h("p", { class: "compared", id: `${control.id}-compared` });
      document.getElementById(control.getAttribute("aria-describedby")).after(note);
    }
    const ours = messagesAt(violations, control);
    const theirs = compared ? messagesAt(compared, control) : ours;
    note.textContent =
      theirs === ours ? "" : theirs === "" ? `${name} would accept it.` : `${name} would say: ${theirs}`;
  }
}

/**
 * The panels of one form: request, prediction (by the profile `shop` names), what a second
 * profile would answer, and after sending, the shop's answer.
 */
function exchangePanel(container, prefix, shop = "the shop") {
  const request = h("pre", { id: `${prefix}-request`, tabindex: "0" });
  const prediction = h("pre", { id: `${prefix}-prediction`, tabindex: "0" });
  const comparedTitle = h("h3", { id: `${prefix}-compared-title` });
  const comparedAnswer = h("pre", { id: `${prefix}-compared`, tabindex: "0" });
  const compared = h("div", { hidden: true }, comparedTitle, comparedAnswer);
  const predicted = h("pre", { id: `${prefix}-predicted`, tabindex: "0" });
  const answered = h("pre", { id: `${prefix}-answered`, tabindex: "0" });
  const verdict = h("p", { id: `${prefix}-verdict`, class: "verdict", role: "status" });
  const result = h(
    "div",
    { id: `${prefix}-result`, hidden: true },
    h("h3", { text: "Sent: the shop's answer beside the prediction" }),
    verdict,
    h(
      "div",
      { class: "compare" },
      h("figure", {}, h("figcaption", { text: "Browser predicted" }), predicted),
      h("figure", {}, h("figcaption", { text: "Shop answered" }), answered),
    ),
  );
  container.replaceChildren(
    h("h3", { text: "Request it will send" }),
    request,
    h("h3", { text: `What ${shop} will answer (predicted in the browser)` }),
    prediction,
    compared,
    result,
  );
  return {
    /** `other`, when given, is a second profile's `{ name, response }`. */
    show(requestText, response, other) {
      request.textContent = requestText;
      prediction.textContent = describe(response);
      compared.hidden = other === undefined;
      if (other === undefined) return;
      const same = differences(response, other.response, "").length === 0;
      comparedTitle.textContent = same ? `${other.name} would answer the same` : `What ${other.name} would answer instead`;
      comparedAnswer.hidden = same;
      comparedAnswer.textContent = same ? "" : describe(other.response);
    },
    /** While a request is on its way: the prediction, and no answer yet. */
    sending(expected) {
      result.hidden = false;
      predicted.textContent = describe(expected);
      answered.textContent = "";
      verdict.className = "verdict";
      verdict.textContent = "Sending…";
    },
    /** Shows the shop's answer beside the prediction and says whether they are equal. */
    compare(expected, actual) {
      result.hidden = false;
      predicted.textContent = describe(expected);
      answered.textContent = describe(actual);
      const different = differences(expected, actual, "");
      verdict.className = `verdict ${different.length === 0 ? "equal" : "different"}`;
      verdict.textContent =
        different.length === 0
          ? "✓ Equal: the shop answered exactly as the browser predicted."
          : `✗ Different at ${different.join(", ")}: the shop's answer is not the prediction.`;
    },
  };
}

function describe(response) {
  const body = typeof response.body === "string" ? response.body : JSON.stringify(response.body, null, 2);
  return `HTTP ${response.status}\n${body}`;
}

/** Where two JSON values differ (object members compare by name, in any order). */
function differences(a, b, path) {
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    return a.flatMap((item, index) => differences(item, b[index], `${path}[${index}]`));
  }
  const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) =>
      Object.hasOwn(a, key) && Object.hasOwn(b, key)
        ? differences(a[key], b[key], path ? `${path}.${key}` : key)
        : [path ? `${path}.${key}` : key],
    );
  }
  return a === b ? [] : [path || "the whole answer"];
}

/** An HTTP answer as the rules describe one: the status and the JSON body (or the text). */
async function answerOf(response) {
  const raw = await response.text();
  let body;
  try {
    body = JSON.parse(raw);
  } catch {
    body = raw;
  }
  return { status: response.status, body };
}

/** A string field's new value: an empty field leaves a value the shop never had unset. */
function text(value, before) {
  return value === "" && (before === undefined || before === null) ? undefined : value;
}

// ---------------------------------------------------------------------------------------------
// Magento

const M = settings.magento;

/** A fresh install of `profile` with the demo store's settings; throws a TypeError for a bad name. */
function configOf(profile) {
  const config = magento.installDefaults(profile);
  Object.assign(config.values, M.config);
  return config;
}

/** The shop's own profile: the browser predicts with it, so the shop answers as predicted. */
const magentoConfig = configOf(M.version);
const shopProfile = magentoConfig.version;
// The browser-direct path: the customer's own token on `/V1/customers/me`, no admin token in the
// page, through the store view whose language is picked (a customer token works in every view of
// her website). The shop forces her id, group, website and store onto the body;
// `?customerId=<her id>` makes it merge the body onto her stored customer, as the admin route
// does, so the page sends only what changed (without it, the body would be saved as her whole
// customer).
const magentoPath = () => `/rest/${view.code}/V1/customers/me`;
const magentoSavePath = () => `${magentoPath()}?customerId=${magentoStored.id}`;
const magentoForm = document.getElementById("magento-form");
const magentoPanel = exchangePanel(document.getElementById("magento-exchange"), "magento", `the shop (Magento ${shopProfile})`);
let magentoStored;

// ---------------------------------------------------------------------------------------------
// The language switch: one entry per store view of her website (`settings.magento.stores`, hers
// first), each with its locale and the language packs the shop installs for it. A view with packs
// predicts with `magento.withDictionary` of their texts, read once; one without, with
// `magento.validate` (Magento's English source texts).

/** The store view the form saves through, and the rules that speak its language (set by the switch). */
let view;
let rules;
/** A view's rules by its code, once its packs are read: the promise of them. */
const languages = new Map();

/** `de_DE` → `Deutsch`, in the language itself (the locale, if the browser cannot name it). */
function languageName(locale) {
  const language = locale.split("_")[0];
  try {
    const name = new Intl.DisplayNames([language], { type: "language" }).of(language);
    return name[0].toLocaleUpperCase(language) + name.slice(1);
  } catch {
    return locale;
  }
}

/** The rules of `store`: its packs fetched from the page's server and read into one dictionary. */
function rulesOf(store) {
  if (store.packs.length === 0) return Promise.resolve(magento);
  if (!languages.has(store.code)) {
    const loading = Promise.all(
      store.packs.map(async (url) => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
        return response.text();
      }),
    ).then((texts) => magento.withDictionary(texts));
    // A failed load is tried again the next time the view is picked.
    loading.catch(() => languages.delete(store.code));
    languages.set(store.code, loading);
  }
  return languages.get(store.code);
}

/** What the hint under the switch says of the view `store` and its rules. */
function describeView(store, chosen) {
  if (chosen === magento) return `Store view ${store.code} (${store.locale}): Magento's own English messages.`;
  const packs = store.packs.length === 1 ? "1 language pack" : `${store.packs.length} language packs`;
  return (
    `Store view ${store.code} (${store.locale}): messages from ${packs}, read in the browser as the shop ` +
    `reads them; ${chosen.size} texts translated, the others stay in English.`
  );
}

/** Offers the store views' languages and settles on the first one: her own view. */
async function buildLanguageSwitch() {
  const select = document.getElementById("magento-language-select");
  const hint = document.getElementById("magento-language-hint");
  const names = M.stores.map((store) => languageName(store.locale));
  select.replaceChildren(
    ...M.stores.map((store, index) => {
      const name = names[index];
      // Two views of one language are told apart by their codes.
      const repeated = names.indexOf(name) !== names.lastIndexOf(name);
      return h("option", {
        value: store.code,
        lang: store.locale.split("_")[0],
        text: repeated ? `${name} (${store.code})` : name,
      });
    }),
  );
  const section = document.getElementById("magento-language");

  /** Predicts and saves in the language of the view `code`, once its packs are read. */
  async function choose(code) {
    const store = M.stores.find((candidate) => candidate.code === code);
    section.setAttribute("aria-busy", "true");
    let chosen;
    try {
      chosen = await rulesOf(store);
    } catch (error) {
      // Without the first view's language there is nothing to predict with.
      if (view === undefined) throw new Error(`the language packs of store view ${code}: ${error.message}`);
      if (select.value !== code) return;
      hint.textContent = `Cannot read the language packs of store view ${code}: ${error.message}`;
      select.value = view.code;
      section.removeAttribute("aria-busy");
      return;
    }
    // A later pick that finished first wins.
    if (select.value !== code) return;
    view = store;
    rules = chosen;
    hint.textContent = describeView(store, chosen);
    section.removeAttribute("aria-busy");
    section.dataset.shown = code;
    if (magentoStored) {
      showMagentoNote();
      updateMagento();
    }
  }

  select.addEventListener("change", () => choose(select.value));
  await choose(select.value);
}

/** The profile the same form is also judged by: `{ name, config }`, or none while its name is refused. */
let compared;
/** The profile the picker starts with: the newest release, to see what an upgrade changes. */
const FIRST_COMPARED = "2.4.9";

// ---------------------------------------------------------------------------------------------
// The profile picker: a release, the patches and modifiers that apply to it, and the name they
// make, which may also be typed. Every list comes from the rules (`magento.profiles()`), every
// refusal from `magento.installDefaults`.

const PROFILES = magento.profiles();

function buildProfilePicker() {
  const shopRelease = PROFILES.releases.find((row) => row.name === shopProfile.split("+")[0]);
  document.getElementById("magento-shop-profile").replaceChildren(
    h("strong", { text: "Shop: " }),
    `the reference shop runs Magento `,
    h("code", { id: "magento-shop-profile-name", text: shopProfile }),
    ` (${shopRelease?.evidence ?? "unknown"}), the profile of ${settings.fixture}; ` +
      "the browser predicts its answers with the same profile: the messages next to the fields and the answer below.",
  );
  const release = h(
    "select",
    { id: "profile-release", "aria-describedby": "profile-release-hint" },
    ...PROFILES.releases.map((row) => h("option", { value: row.name, text: `${row.name} (${row.evidence})` })),
  );
  const releaseHint = h("p", { class: "hint", id: "profile-release-hint" });
  const additions = h("div", { class: "additions", id: "profile-additions" });
  const name = h("input", {
    id: "profile-name",
    type: "text",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "profile-name-message",
  });
  const message = h("p", { class: "message", id: "profile-name-message" });

  /** The boxes of the patches and modifiers that apply to `releaseName`, `checked` ticked. */
  function offerAdditions(releaseName, checked) {
    const applicable = PROFILES.additions.filter((addition) => addition.releases.includes(releaseName));
    additions.replaceChildren(
      ...applicable.map((addition) => {
        const id = `profile-addition-${addition.name}`;
        return h(
          "span",
          { class: "addition", title: addition.source },
          h("input", { type: "checkbox", id, value: addition.name, checked: checked.includes(addition.name) }),
          h("label", { for: id, text: addition.name }),
        );
      }),
    );
    if (applicable.length === 0) additions.append(h("span", { class: "hint", text: "none apply to this release" }));
  }

  /** Judges the form by the profile `text` names, or shows why the name is refused. */
  function compareWith(text, typed) {
    let config;
    try {
      config = configOf(text);
    } catch (error) {
      compared = undefined;
      message.textContent = error.message;
      name.setAttribute("aria-invalid", "true");
      if (magentoStored) updateMagento();
      return;
    }
    compared = { name: config.version, config };
    message.textContent = "";
    name.setAttribute("aria-invalid", "false");
    const [releaseName, ...applied] = config.version.split("+");
    if (typed) {
      release.value = releaseName;
      offerAdditions(releaseName, applied);
    } else {
      name.value = config.version;
    }
    const row = PROFILES.releases.find((candidate) => candidate.name === releaseName);
    releaseHint.textContent = `${row.name}: ${row.evidence}, ${row.source}.`;
    if (magentoStored) updateMagento();
  }

  /** The name the select and the boxes make, judged. */
  function picked() {
    const ticked = [...additions.querySelectorAll("input:checked")].map((box) => box.value);
    name.value = [release.value, ...ticked].join("+");
    compareWith(name.value, false);
  }

  release.addEventListener("change", () => {
    const ticked = [...additions.querySelectorAll("input:checked")].map((box) => box.value);
    offerAdditions(release.value, ticked);
    picked();
  });
  additions.addEventListener("change", picked);
  name.addEventListener("input", () => compareWith(name.value, true));

  document.getElementById("magento-profiles").replaceChildren(
    h("legend", { text: "Also judge the form as another profile" }),
    h(
      "div",
      { class: "picker" },
      h("div", { class: "field" }, h("label", { for: "profile-release", text: "Release" }), release),
      h("div", { class: "field" }, h("span", { class: "label", text: "Quality patches and modifiers" }), additions),
      h("div", { class: "field" }, h("label", { for: "profile-name", text: "Profile name" }), name, message),
    ),
    releaseHint,
    h("p", {
      class: "hint",
      text: "Where that profile's answer differs from the shop's, it is shown in blue under the field and beside the prediction.",
    }),
  );
  name.value = FIRST_COMPARED;
  compareWith(FIRST_COMPARED, true);
}

function magentoHeaders() {
  return { Authorization: `Bearer ${M.token}`, "Content-Type": "application/json" };
}

async function loadMagento() {
  const response = await fetch(`${settings.shop}${magentoPath()}`, { headers: magentoHeaders() });
  if (!response.ok) throw new Error(`GET ${magentoPath()} answered ${response.status}`);
  // The shop's answer is what the rules take as the stored customer, as it is.
  magentoStored = await response.json();
  buildMagentoForm(magentoStored);
  updateMagento();
}

function showMagentoNote() {
  document.getElementById("magento-note").textContent =
    `PUT ${magentoSavePath()} with her own customer token (no admin token in the page). ` +
    `Fields marked * are required with this store's settings.`;
}

function buildMagentoForm(customer) {
  // Magento's street attribute has `customer/address/street_lines` lines (2 on install).
  const streetLines = Number(magentoConfig.values["customer/address/street_lines"] ?? 2);
  showMagentoNote();
  const own = (key) => ({ id: `magento-${key}`, path: `customer.${key}`, "data-key": key });
  const customerFields = h(
    "fieldset",
    {},
    h("legend", { text: `Account: customer ${customer.id}` }),
    field({ ...own("firstname"), label: "First name", value: customer.firstname }),
    field({ ...own("lastname"), label: "Last name", value: customer.lastname }),
    field({ ...own("email"), label: "Email", value: customer.email, type: "email", autocomplete: "off" }),
    field({ ...own("dob"), label: "Date of birth", value: customer.dob, type: "date" }),
    field({
      ...own("gender"),
      label: "Gender",
      value: customer.gender === undefined ? "" : String(customer.gender),
      options: [["", "—"], ["1", "Male"], ["2", "Female"], ["3", "Not Specified"]],
    }),
    field({ ...own("taxvat"), label: "Tax/VAT number", value: customer.taxvat }),
  );
  const addressFieldsets = customer.addresses.map((address, index) => {
    const path = (name) => `customer.addresses[${index}].${name}`;
    const common = (name) => ({
      id: `magento-address-${index}-${name}`,
      path: path(name),
      "data-address": String(index),
      "data-key": name,
    });
    const flags = [
      address.default_billing && "default billing",
      address.default_shipping && "default shipping",
    ].filter(Boolean);
    const lines = Array.from({ length: Math.max(streetLines, address.street.length) }, (_, line) =>
      field({
        ...common("street"),
        id: `magento-address-${index}-street-${line}`,
        path: line === 0 ? path("street") : `${path("street")}[${line}]`,
        label: `Street line ${line + 1}`,
        value: address.street[line],
        "data-line": String(line),
      }),
    );
    return h(
      "fieldset",
      {},
      h("legend", { text: `Address ${address.id}${flags.length ? ` (${flags.join(", ")})` : ""}` }),
      field({ ...common("firstname"), label: "First name", value: address.firstname }),
      field({ ...common("lastname"), label: "Last name", value: address.lastname }),
      field({ ...common("company"), label: "Company", value: address.company }),
      ...lines,
      field({ ...common("city"), label: "City", value: address.city }),
      field({ ...common("country_id"), label: "Country (ISO code, e.g. US)", value: address.country_id, autocomplete: "off" }),
      field({ ...common("region"), label: "State/Province (free text)", value: address.region?.region ?? undefined }),
      field({
        ...common("region_id"),
        label: "Region",
        value: address.region_id ? String(address.region_id) : "",
        options: regionOptions(address.country_id),
        "data-country": address.country_id ?? "",
        hint: "The shop takes a region only by its id; a name or code alone is kept as text.",
      }),
      field({ ...common("postcode"), label: "Zip/Postal code", value: address.postcode }),
      field({ ...common("telephone"), label: "Phone number", value: address.telephone, type: "tel" }),
    );
  });
  document.getElementById("magento-fields").replaceChildren(customerFields, ...addressFieldsets);
}

/** The customer the form asks for: the stored one with the form's values. */
function magentoWanted() {
  const after = structuredClone(magentoStored);
  for (const address of after.addresses) address.street = [];
  for (const control of magentoForm.querySelectorAll("[data-key]")) {
    const key = control.dataset.key;
    const isAddress = control.dataset.address !== undefined;
    const target = isAddress ? after.addresses[Number(control.dataset.address)] : after;
    const before = isAddress ? magentoStored.addresses[Number(control.dataset.address)] : magentoStored;
    if (key === "street") {
      target.street[Number(control.dataset.line)] = control.value;
    } else if (key === "region_id") {
      target.region_id = control.value === "" ? 0 : Number(control.value);
    } else if (key === "region") {
      target.region = { ...target.region, region: text(control.value, before.region?.region ?? undefined) ?? null };
    } else if (key === "gender") {
      target.gender = control.value === "" ? undefined : Number(control.value);
    } else {
      target[key] = text(control.value, before[key]);
    }
  }
  for (const [index, address] of after.addresses.entries()) {
    const before = magentoStored.addresses[index];
    if (address.region_id !== before.region_id) {
      // A region picked from the list is sent by id, with the directory's name and code.
      const picked = (magento.regions(address.country_id ?? "") ?? []).find((r) => r.id === address.region_id);
      address.region = {
        region_code: picked?.code ?? null,
        region: picked?.name ?? address.region.region,
        region_id: address.region_id,
      };
    } else if (address.region.region !== before.region?.region) {
      address.region = { ...address.region, region_code: null };
    }
  }
  for (const [index, address] of after.addresses.entries()) {
    // Empty lines after the last filled one are not lines at all.
    while (address.street.length > 1 && address.street.at(-1) === "") address.street.pop();
    if (address.street.length === 1 && address.street[0] === "" && magentoStored.addresses[index].street.length === 0) {
      address.street = [];
    }
  }
  return after;
}

/**
 * What the shop will answer to the body that turns the stored customer into `wanted`, or what a
 * shop of another profile (`config`) would.
 */
function magentoPrediction(wanted = magentoWanted(), config = magentoConfig) {
  const body = magento.diff(magentoStored, wanted);
  // In the picked store view's language: `magento.validate`, or a `MagentoLanguage`'s.
  const outcome = rules.validate(body, {
    stored: magentoStored,
    // Today in the store's timezone and now come from this machine's clock (the package's default).
    config,
    // The demo shop holds this one Magento customer: the email check compares with it alone.
    context: { customers: [magentoStored], groups: M.groups },
  });
  return { body, outcome };
}

/** The wanted customer with every field emptied but the countries, which decide the rest. */
function magentoEmptied(wanted) {
  const emptied = structuredClone(wanted);
  for (const key of ["firstname", "lastname", "email", "dob", "taxvat"]) emptied[key] = "";
  emptied.gender = undefined;
  for (const address of emptied.addresses) {
    for (const key of ["firstname", "lastname", "company", "city", "postcode", "telephone"]) {
      address[key] = "";
    }
    address.region = { region_code: "", region: "", region_id: 0 };
    address.region_id = 0;
    address.street = [];
  }
  return emptied;
}

/** The choices of a region select: the country's regions by id, as the rules list them. */
function regionOptions(country) {
  const regions = magento.regions(country ?? "") ?? [];
  const none = regions.length ? "—" : "— (this country's region is free text)";
  return [["", none], ...regions.map((region) => [String(region.id), `${region.name} (${region.code})`])];
}

/** Offers the regions of each address's country as it is typed now. */
function refreshRegionSelects() {
  for (const select of magentoForm.querySelectorAll("select[data-key=region_id]")) {
    const country = magentoForm.querySelector(`input[data-key=country_id][data-address="${select.dataset.address}"]`).value;
    if (select.dataset.country === country) continue;
    const current = select.value;
    select.replaceChildren(
      ...regionOptions(country).map(([value, label]) => h("option", { value, selected: value === current, text: label })),
    );
    select.dataset.country = country;
  }
}

function updateMagento() {
  refreshRegionSelects();
  const wanted = magentoWanted();
  const { body, outcome } = magentoPrediction(wanted);
  markRequired(magentoForm, magentoPrediction(magentoEmptied(wanted)).outcome.violations);
  showViolations(magentoForm, document.getElementById("magento-other"), outcome.violations);
  const other = compared && magentoPrediction(wanted, compared.config).outcome;
  showCompared(magentoForm, compared?.name, outcome.violations, other?.violations);
  magentoPanel.show(
    `PUT ${magentoSavePath()}\n\n${JSON.stringify(body, null, 2)}`,
    outcome.response,
    compared && { name: compared.name, response: other.response },
  );
}

async function sendMagento(event) {
  event.preventDefault();
  const { body, outcome } = magentoPrediction();
  magentoPanel.sending(outcome.response);
  status.textContent = "Magento: sending the update…";
  const response = await fetch(`${settings.shop}${magentoSavePath()}`, {
    method: "PUT",
    headers: magentoHeaders(),
    body: JSON.stringify(body),
  });
  const answer = await answerOf(response);
  magentoPanel.compare(outcome.response, answer);
  if (answer.status === 200) {
    await loadMagento();
    status.textContent = "Magento: saved. The form shows the customer as the shop now stores her.";
  } else {
    status.textContent = `Magento: the shop refused the update (HTTP ${answer.status}).`;
  }
}

// ---------------------------------------------------------------------------------------------
// Open2b

const O = settings.open2b;
const open2bForm = document.getElementById("open2b-form");
const open2bPanel = exchangePanel(document.getElementById("open2b-exchange"), "open2b");
const open2bUpdatePath = "/api/v10/storefront.update-customer";
const open2bReadPath = "/api/v10/storefront.customer";
let open2bStored;

const BILLING = [
  ["firstName", "First name"],
  ["lastName", "Last name"],
  ["personalCode", "Personal code"],
  ["companyName", "Company name"],
  ["companyCode", "Company code (VAT number)"],
  ["companyCode2", "Company code 2"],
  ["street1", "Street"],
  ["street2", "Street, line 2"],
  ["city", "City"],
  ["postalCode", "Postal code"],
  ["stateProv", "State/Province"],
  ["country", "Country (2 letters)"],
  ["phoneNumber", "Phone number"],
  ["mobileNumber", "Mobile number"],
  ["faxNumber", "Fax number"],
];

const SHIPPING = [
  ["name", "Name"],
  ["street1", "Street"],
  ["street2", "Street, line 2"],
  ["city", "City"],
  ["postalCode", "Postal code"],
  ["stateProv", "State/Province"],
  ["country", "Country (2 letters)"],
];

function open2bHeaders() {
  return { "X-Customer-Key": O.key, "Content-Type": "application/json" };
}

async function loadOpen2b() {
  const response = await fetch(`${settings.shop}${open2bReadPath}`, {
    method: "POST",
    headers: open2bHeaders(),
    body: "{}",
  });
  const answer = await answerOf(response);
  if (answer.body?.status !== "ok") throw new Error(`POST ${open2bReadPath} answered ${describe(answer)}`);
  open2bStored = answer.body.customer;
  buildOpen2bForm(open2bStored);
  updateOpen2b();
}

function buildOpen2bForm(customer) {
  const { context } = O;
  document.getElementById("open2b-note").textContent =
    `POST ${open2bUpdatePath} with the customer key of ${customer.billingAddress.email}. ` +
    `Open2b answers every error with HTTP 200 and the first problem only; the form shows them all.`;
  const billing = h(
    "fieldset",
    {},
    h("legend", { text: "Billing address" }),
    h("p", { class: "hint", text: `Email: ${customer.billingAddress.email} (read-only here)` }),
    ...BILLING.map(([key, label]) =>
      field({ id: `open2b-billing-${key}`, label, path: `customer.billingAddress.${key}`, value: customer.billingAddress[key], "data-group": "billingAddress", "data-key": key }),
    ),
    field({ id: "open2b-invoiceRecipient", label: "Invoice recipient", path: "customer.invoiceRecipient", value: customer.invoiceRecipient, hint: "Recipient code or PEC address for electronic invoices", "data-key": "invoiceRecipient" }),
  );
  const shipping = customer.shippingAddress ?? {};
  const shippingFields = h(
    "div",
    { id: "open2b-shipping-fields", hidden: customer.shippingAddress === null },
    ...SHIPPING.map(([key, label]) =>
      field({ id: `open2b-shipping-${key}`, label, path: `customer.shippingAddress.${key}`, value: shipping[key], "data-group": "shippingAddress", "data-key": key }),
    ),
  );
  const shippingSet = h(
    "fieldset",
    {},
    h("legend", { text: "Shipping address" }),
    field({ id: "open2b-shipping", label: "Ship to a different address", path: "customer.shippingAddress", type: "checkbox", value: customer.shippingAddress !== null }),
    shippingFields,
  );
  const newsletters = checkboxGroup({
    id: "open2b-newsletters",
    legend: "Newsletters",
    path: "customer.newsletterLists",
    boxes: context.newsletterLists.map((id) => ({
      id: `open2b-newsletter-${id}`,
      label: `Newsletter list ${id}`,
      value: customer.newsletterLists.includes(id),
      "data-newsletter": String(id),
    })),
  });
  const consents = checkboxGroup({
    id: "open2b-consents",
    legend: "Privacy consents",
    path: "customer.privacyConsents",
    boxes: context.privacyProcessings
      .filter((processing) => processing.typeOfData === "Customer")
      .map((processing) => ({
        id: `open2b-consent-${processing.id}`,
        label: `Processing ${processing.id}${processing.isConsentRequired ? " (consent required)" : ""}`,
        value: customer.privacyConsents.includes(processing.id),
        required: processing.isConsentRequired,
        "data-consent": String(processing.id),
      })),
  });
  const cart = h(
    "fieldset",
    {},
    h("legend", { text: "Cart" }),
    field({
      id: "open2b-cart",
      label: "Cart attached to the account",
      path: "customer.cart",
      value: customer.cart ?? "",
      options: [["", "No cart"], ...context.carts.map((token) => [token, token])],
    }),
  );
  document.getElementById("open2b-fields").replaceChildren(billing, shippingSet, newsletters, consents, cart);
}

/** The customer the form asks for: the stored one with the form's values. */
function open2bWanted() {
  const after = structuredClone(open2bStored);
  const shipping = document.getElementById("open2b-shipping").checked;
  document.getElementById("open2b-shipping-fields").hidden = !shipping;
  after.shippingAddress = shipping ? { ...(open2bStored.shippingAddress ?? {}) } : null;
  for (const control of open2bForm.querySelectorAll("[data-key]")) {
    const group = control.dataset.group;
    if (group === "shippingAddress" && !shipping) continue;
    const target = group ? after[group] : after;
    target[control.dataset.key] = control.value;
  }
  const checked = (attribute) =>
    [...open2bForm.querySelectorAll(`[${attribute}]`)]
      .filter((box) => box.checked)
      .map((box) => Number(box.getAttribute(attribute)));
  after.newsletterLists = checked("data-newsletter");
  const shown = new Set([...open2bForm.querySelectorAll("[data-consent]")].map((box) => Number(box.dataset.consent)));
  after.privacyConsents = [
    ...open2bStored.privacyConsents.filter((id) => !shown.has(id)),
    ...checked("data-consent"),
  ].sort((a, b) => a - b);
  after.cart = document.getElementById("open2b-cart").value || null;
  return after;
}

/** What the shop will answer to the update that turns the stored customer into `wanted`. */
function open2bPrediction(wanted = open2bWanted()) {
  const body = { customer: open2b.diff(open2bStored, wanted) };
  const outcome = open2b.validate(body, { stored: open2bStored, context: O.context });
  return { body, outcome };
}

/** The wanted customer with every text emptied but the countries, which decide the rest. */
function open2bEmptied(wanted) {
  const emptied = structuredClone(wanted);
  for (const [key] of BILLING) if (key !== "country") emptied.billingAddress[key] = "";
  emptied.invoiceRecipient = "";
  if (emptied.shippingAddress) {
    for (const [key] of SHIPPING) if (key !== "country") emptied.shippingAddress[key] = "";
  }
  return emptied;
}

function updateOpen2b() {
  const wanted = open2bWanted();
  const { body, outcome } = open2bPrediction(wanted);
  markRequired(open2bForm, open2bPrediction(open2bEmptied(wanted)).outcome.violations);
  showViolations(open2bForm, document.getElementById("open2b-other"), outcome.violations);
  open2bPanel.show(`POST ${open2bUpdatePath}\n\n${JSON.stringify(body, null, 2)}`, outcome.response);
}

async function sendOpen2b(event) {
  event.preventDefault();
  const { body, outcome } = open2bPrediction();
  open2bPanel.sending(outcome.response);
  status.textContent = "Open2b: sending the update…";
  const response = await fetch(`${settings.shop}${open2bUpdatePath}`, {
    method: "POST",
    headers: open2bHeaders(),
    body: JSON.stringify(body),
  });
  const answer = await answerOf(response);
  open2bPanel.compare(outcome.response, answer);
  if (answer.body?.status === "ok") {
    await loadOpen2b();
    status.textContent = "Open2b: saved. The form shows the account as the shop now stores it.";
  } else {
    status.textContent = "Open2b: the shop refused the update.";
  }
}

// ---------------------------------------------------------------------------------------------

magentoForm.addEventListener("input", updateMagento);
magentoForm.addEventListener("submit", sendMagento);
open2bForm.addEventListener("input", updateOpen2b);
open2bForm.addEventListener("submit", sendOpen2b);

try {
  await buildLanguageSwitch();
  buildProfilePicker();
  await Promise.all([loadMagento(), loadOpen2b()]);
  status.textContent = `Ready: both customers read from the reference shop at ${settings.shop}.`;
  document.body.dataset.ready = "true";
} catch (error) {
  status.textContent = `Cannot start the demo: ${error.message}`;
  throw error;
}

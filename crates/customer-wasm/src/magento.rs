//! Magento 2 `PUT /rest/{storeCode}/V1/customers/{customerId}`: the functions of the `magento`
//! namespace.
//!
//! Each one converts its arguments, calls [`customer_rules::magento`] and converts the result;
//! the rules are documented there. Bodies are read as the shop's webapi layer reads them
//! ([`magento::read_request`]), so they may use every form the shop accepts.

use std::collections::BTreeMap;
use std::sync::Arc;

use customer_rules::magento::{
    self, Clock, Config, Context, CustomerView, Date, Dictionary, Directory, Evidence, Exchange,
    Profile, SaveRequest, Shop, StoredCustomer,
};
use customer_rules::{HttpRequest, Outcome};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use tsify::{Ts, Tsify};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::convert::{json_text, read, read_required, type_error, write, write_plain};

/// The second argument of `magento.validate`: the stored customer, the date, and what else the
/// caller knows of the shop. Every member may be left out, and so may the argument.
#[derive(Debug, Default, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
#[tsify(type_prefix = "Magento")]
pub struct ValidateOptions {
    /// The customer of the path id, as stored. Left out, the checks that need no stored state
    /// still run on the values the body carries; the rest is reported with `needs_context`.
    #[serde(default)]
    #[tsify(type = "MagentoCustomer", optional)]
    pub stored: Option<StoredCustomer>,
    /// Today in the store's timezone (`general/locale/timezone`), `YYYY-MM-DD`: the date of
    /// birth must not be after it. Left out: today by this machine's clock, in the store's
    /// timezone (through `Intl`).
    #[serde(default)]
    #[tsify(optional)]
    pub today: Option<Date>,
    /// Now in UTC, `YYYY-MM-DD hh:mm:ss`: the `updated_at` of the customer the shop answers with.
    /// Left out: this machine's clock.
    #[serde(default)]
    #[tsify(optional)]
    pub now: Option<String>,
    /// The store's configuration and version profile; a fresh 2.4.8-p5 install when left out.
    #[serde(default)]
    pub config: Config,
    /// What only the shop knows (other customers, groups, regions). Checks whose part is left
    /// out are reported with `needs_context` instead of being guessed.
    #[serde(default)]
    pub context: Context,
}

/// The third argument of `magento.merge`: the date and the store's configuration.
#[derive(Debug, Deserialize, Tsify)]
#[serde(deny_unknown_fields)]
#[tsify(type_prefix = "Magento")]
pub struct MergeOptions {
    /// Today in the store's timezone, `YYYY-MM-DD` (relative dates of birth count from it).
    /// Left out: today by this machine's clock, in the store's timezone.
    #[serde(default)]
    #[tsify(optional)]
    pub today: Option<Date>,
    /// Now in UTC, `YYYY-MM-DD hh:mm:ss`: the new `updated_at`. Left out: this machine's clock.
    #[serde(default)]
    #[tsify(optional)]
    pub now: Option<String>,
    /// The store's configuration and version profile; a fresh 2.4.8-p5 install when left out.
    #[serde(default)]
    pub config: Config,
}

/// Predicts the shop's answer to a PUT body (`{ customer: { … } }`) for the stored customer, and
/// lists every problem per field. Any JSON is accepted as `body`: what the shop refuses becomes
/// its own error. Messages are Magento's English source texts; `magento.withDictionary` gives
/// them in a store view's language.
#[wasm_bindgen(js_name = magentoValidate, unchecked_return_type = "MagentoOutcome")]
pub fn validate(
    #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
    options: Option<Ts<ValidateOptions>>,
) -> Result<JsValue, JsValue> {
    validate_in(&body, options, None)
}

fn validate_in(
    body: &JsValue,
    options: Option<Ts<ValidateOptions>>,
    dictionary: Option<&Arc<Dictionary>>,
) -> Result<JsValue, JsValue> {
    let mut options: ValidateOptions = match options {
        Some(options) => read("options", &options.js_value())?.unwrap_or_default(),
        None => ValidateOptions::default(),
    };
    options.config.dictionary = dictionary.cloned();
    let body = match read_body(body, &options.config)? {
        Ok(body) => body,
        Err(refused) => return write_plain(&refused),
    };
    let clock = store_clock(options.today, options.now, &options.config)?;
    write_plain(&magento::validate(
        &body,
        options.stored.as_ref(),
        &options.config,
        &options.context,
        &clock,
    ))
}

/// A store view's language: the dictionary of its language packs, read once, and the
/// functions whose messages it translates. Made by `magento.withDictionary`.
#[wasm_bindgen(js_name = MagentoLanguage)]
pub struct Language {
    dictionary: Arc<Dictionary>,
}

/// Reads the CSV text of one language pack, or of several in Magento's precedence order (a
/// later pack's row wins), as a store view with that locale reads them. Throws an `Error`
/// naming the pack and line of text Magento could not read as meant.
#[wasm_bindgen(js_name = magentoWithDictionary)]
pub fn with_dictionary(
    #[wasm_bindgen(unchecked_param_type = "string | string[]")] packs: JsValue,
) -> Result<Language, JsValue> {
    let packs: Vec<String> = match packs.as_string() {
        Some(pack) => vec![pack],
        None if packs.is_undefined() || js_sys::Array::is_array(&packs) => {
            read_required("packs", &packs)?
        }
        None => {
            return Err(type_error(
                "packs: expected a pack's CSV text, or an array of them in precedence order",
            ));
        }
    };
    let dictionary = Dictionary::from_packs(packs.iter().map(String::as_str))
        .map_err(|error| js_sys::Error::new(&error.to_string()))?;
    Ok(Language {
        dictionary: Arc::new(dictionary),
    })
}

#[wasm_bindgen(js_class = MagentoLanguage)]
impl Language {
    /// `magento.validate` with every message as a store view with this dictionary shows it.
    #[wasm_bindgen(unchecked_return_type = "MagentoOutcome")]
    pub fn validate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "unknown")] body: JsValue,
        options: Option<Ts<ValidateOptions>>,
    ) -> Result<JsValue, JsValue> {
        validate_in(&body, options, Some(&self.dictionary))
    }

    /// The translation of a source text, or the text itself.
    pub fn translate(&self, text: &str) -> String {
        self.dictionary.translation(text).unwrap_or(text).to_owned()
    }

    /// How many source texts the dictionary translates.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.dictionary.len()
    }
}

/// What `magento.validate` returns: an [`Outcome`] whose answer is typed as Magento answers.
#[wasm_bindgen(typescript_custom_section)]
const TYPESCRIPT_OUTCOME: &str = r#"
/** Placeholder values: named (`%fieldName`) in an object, positional (`%1`) in an array. */
export type MagentoErrorParameters = Record<string, unknown> | unknown[];

/** Magento's `error-response`: `message` is the raw template that `parameters` fills. */
export interface MagentoErrorBody {
    message: string;
    parameters?: MagentoErrorParameters;
    errors?: { message: string; parameters?: MagentoErrorParameters }[];
    code?: number;
    trace?: string;
}

/**
 * The body of Magento's answer: the customer it saved, its error, the text of a `text/plain`
 * answer, or `null` for an acceptance whose customer is unknown (no `stored` was given).
 */
export type MagentoResponseBody = MagentoCustomer | MagentoErrorBody | string | null;

/** The outcome of `magento.validate`, its `response` typed as Magento answers. */
export interface MagentoOutcome extends Outcome {
    response: { status: number; body: MagentoResponseBody };
}
"#;

/// The clock of a request: what the caller gave, else this machine's time — today in the
/// store's timezone through `Intl.DateTimeFormat` (a zone it does not know counts as UTC, as
/// PHP falls back to it), now in UTC.
fn store_clock(
    today: Option<Date>,
    now: Option<String>,
    config: &Config,
) -> Result<Clock, JsValue> {
    let instant = js_sys::Date::new_0();
    let iso = String::from(instant.to_iso_string());
    let now = now.unwrap_or_else(|| {
        format!(
            "{} {}",
            iso.get(..10).unwrap_or_default(),
            iso.get(11..19).unwrap_or_default()
        )
    });
    let today = match today {
        Some(today) => today,
        None => today_in(config.timezone(), &instant)
            .or_else(|| today_in("UTC", &instant))
            .ok_or_else(|| type_error("today: Intl.DateTimeFormat is not available"))?,
    };
    Ok(Clock { today, now })
}

/// The date of `instant` in `zone`, read from `Intl.DateTimeFormat#formatToParts` (whatever
/// locale data the engine carries); `None` when the engine refuses the zone.
fn today_in(zone: &str, instant: &js_sys::Date) -> Option<Date> {
    use js_sys::{Array, Function, Object, Reflect};
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor: Function = Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let options = Object::new();
    for (key, value) in [
        ("timeZone", zone),
        ("year", "numeric"),
        ("month", "numeric"),
        ("day", "numeric"),
    ] {
        Reflect::set(&options, &key.into(), &value.into()).ok()?;
    }
    // An unknown zone throws a RangeError, caught here.
    let format = Reflect::construct(&constructor, &Array::of2(&"en-US".into(), &options)).ok()?;
    let to_parts: Function = Reflect::get(&format, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let parts: Array = to_parts.call1(&format, instant).ok()?.dyn_into().ok()?;
    let (mut year, mut month, mut day) = (None, None, None);
    for part in parts.iter() {
        let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
        let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
        match kind.as_str() {
            "year" => year = value.parse().ok(),
            "month" => month = value.parse().ok(),
            "day" => day = value.parse().ok(),
            _ => {}
        }
    }
    Some(Date {
        year: year?,
        month: month?,
        day: day?,
    })
}

/// A body argument decoded as the shop decodes its text (any depth up to PHP's limit): the
/// shop's refusal when it cannot decode it.
fn read_body(body: &JsValue, config: &Config) -> Result<Result<Value, Outcome>, JsValue> {
    let text = json_text("body", body)?.ok_or_else(|| type_error("body is required"))?;
    Ok(magento::decode_body(&text, config))
}

/// The customer the shop stores when it accepts `body` for the customer `stored`. Throws a
/// `TypeError` with the shop's message when its webapi layer refuses the body before any check.
#[wasm_bindgen(js_name = magentoMerge)]
pub fn merge(
    stored: Ts<CustomerView>,
    body: Ts<SaveRequest>,
    options: Ts<MergeOptions>,
) -> Result<Ts<CustomerView>, JsValue> {
    let stored: StoredCustomer = read_required("stored", &stored.js_value())?;
    let options: MergeOptions = read_required("options", &options.js_value())?;
    let refused = |refused: Outcome| {
        let message = refused
            .violations
            .first()
            .map_or("the shop refuses it", |violation| &violation.message)
            .to_owned();
        js_sys::TypeError::new(&format!("body: {message}"))
    };
    let body = read_body(&body.js_value(), &options.config)?.map_err(refused)?;
    let request = magento::read_request(&body, &options.config.version).map_err(refused)?;
    let clock = store_clock(options.today, options.now, &options.config)?;
    write(&CustomerView::from(magento::merge(
        &stored,
        &request,
        &options.config,
        &clock,
    )))
}

/// The smallest PUT body that turns the customer `before` into `after`.
#[wasm_bindgen(js_name = magentoDiff)]
pub fn diff(before: Ts<CustomerView>, after: Ts<CustomerView>) -> Result<Ts<SaveRequest>, JsValue> {
    let before: StoredCustomer = read_required("before", &before.js_value())?;
    let after: StoredCustomer = read_required("after", &after.js_value())?;
    write(&magento::diff(&before, &after))
}

/// The fourth argument of `magento.respond`: the CSV text of each language pack file the shop's
/// `dictionaries` names, by that name.
#[derive(Debug, Default, Deserialize, Tsify)]
#[tsify(type_prefix = "Magento", hashmap_as_object)]
pub struct Packs(pub BTreeMap<String, String>);

/// Answers a whole HTTP request (conformance-case format) as a shop in the state `shop` does at
/// the time `clock`: the response, and the customer it stores or deletes. `packs` gives the
/// text of each language pack file `shop.dictionaries` names; it may be left out when the shop
/// names none.
#[wasm_bindgen(js_name = magentoRespond)]
pub fn respond(
    shop: Ts<Shop>,
    request: Ts<HttpRequest>,
    clock: Ts<Clock>,
    packs: Option<Ts<Packs>>,
) -> Result<Ts<Exchange>, JsValue> {
    let mut shop: Shop = read_required("shop", &shop.js_value())?;
    let packs: Packs = match packs {
        Some(packs) => read("packs", &packs.js_value())?.unwrap_or_default(),
        None => Packs::default(),
    };
    shop.read_dictionaries(|file| {
        packs
            .0
            .get(file)
            .cloned()
            .ok_or_else(|| String::from("not among the packs given"))
    })
    .map_err(|error| js_sys::Error::new(&error.to_string()))?;
    let request: HttpRequest = read_required("request", &request.js_value())?;
    let clock: Clock = read_required("clock", &clock.js_value())?;
    write(&magento::respond(&shop, &request, &clock))
}

/// Renders a message template with its parameters as Magento does (`%name` for an object's
/// members, `%1`, `%2`, … for an array's items), e.g. a violation's `template` and `parameters`.
#[wasm_bindgen(js_name = magentoRender)]
pub fn render(
    template: &str,
    #[wasm_bindgen(unchecked_param_type = "Record<string, unknown> | unknown[] | null")]
    parameters: JsValue,
) -> Result<String, JsValue> {
    let parameters: Value = read("parameters", &parameters)?.unwrap_or(Value::Null);
    Ok(magento::render(template, &parameters))
}

/// The configuration of a fresh install of a Magento profile — a release and the quality
/// patches or modifiers applied on it, e.g. `"2.4.8-p3+ACP2E-4528"` (`"2.4.8-p5"` when left
/// out): every path at its default, to change before passing it as `config`. An unknown
/// release or patch is a `TypeError` that lists the known ones.
#[wasm_bindgen(js_name = magentoInstallDefaults)]
pub fn install_defaults(profile: Option<String>) -> Result<Ts<Config>, JsValue> {
    let profile = match profile {
        Some(name) => {
            Profile::parse(&name).map_err(|error| type_error(&format!("profile: {error}")))?
        }
        None => Profile::default(),
    };
    write(&Config::install_defaults(profile))
}

/// The profiles the rules know, as a picker offers them: every release, and every quality patch
/// or modifier with the releases it applies to. Two changes to one validator (two City patches)
/// do not combine: `installDefaults` says so.
#[derive(Debug, Serialize, Tsify)]
#[tsify(type_prefix = "Magento")]
pub struct Profiles {
    /// Oldest first.
    pub releases: Vec<ProfileRelease>,
    /// Each once, in the order they first apply to a release.
    pub additions: Vec<ProfileAddition>,
}

/// One Magento release.
#[derive(Debug, Serialize, Tsify)]
#[tsify(type_prefix = "Magento")]
pub struct ProfileRelease {
    /// The profile name of the release alone, e.g. `2.4.8-p5`.
    pub name: &'static str,
    /// How sure its rows are: read from the release's files, deduced from release notes and
    /// patch ranges, or taken as the likelier code where no file was reachable.
    #[tsify(type = "\"proven\" | \"inferred\" | \"unverified\"")]
    pub evidence: Evidence,
    /// Where its rows come from.
    pub source: &'static str,
}

/// One quality patch or modifier.
#[derive(Debug, Serialize, Tsify)]
#[tsify(type_prefix = "Magento")]
pub struct ProfileAddition {
    /// Its name in a profile, after a `+`: `ACP2E-4528`, `no-city-check`.
    pub name: &'static str,
    /// The releases it applies to, oldest first.
    pub releases: Vec<&'static str>,
    /// Where it comes from.
    pub source: &'static str,
}

/// Every release and every quality patch or modifier, for a profile picker.
#[wasm_bindgen(js_name = magentoProfiles)]
pub fn profiles() -> Result<Ts<Profiles>, JsValue> {
    let releases = Profile::releases()
        .filter_map(|name| Profile::parse(name).ok())
        .map(|profile| ProfileRelease {
            name: profile.release(),
            evidence: profile.evidence(),
            source: profile.sources().first().map_or("", |(_, source)| source),
        })
        .collect();
    // A profile of one addition names it second among its sources; every valid profile is
    // listed, so these are exactly the releases each addition applies to.
    let mut additions: Vec<ProfileAddition> = Vec::new();
    for profile in Profile::all() {
        let sources = profile.sources();
        let [_, (name, source)] = sources.as_slice() else {
            continue;
        };
        match additions.iter_mut().find(|addition| addition.name == *name) {
            Some(addition) => addition.releases.push(profile.release()),
            None => additions.push(ProfileAddition {
                name,
                releases: vec![profile.release()],
                source,
            }),
        }
    }
    write(&Profiles {
        releases,
        additions,
    })
}

/// The regions an address of `country` may name by `region_id` (the shop takes the id only from
/// `region_id` or `region.region_id`): `[]` for a country whose region is free text, `undefined`
/// when only the shop knows the list (pass it as `directory`, the `context.directory` shape).
#[wasm_bindgen(
    js_name = magentoRegions,
    unchecked_return_type = "MagentoRegion[] | undefined"
)]
pub fn regions(country: &str, directory: Option<Ts<Directory>>) -> Result<JsValue, JsValue> {
    let directory: Directory = match directory {
        Some(directory) => read("directory", &directory.js_value())?.unwrap_or_default(),
        None => Directory::default(),
    };
    match directory.regions_of(country) {
        Some(regions) => write_plain(&regions),
        None => Ok(JsValue::UNDEFINED),
    }
}

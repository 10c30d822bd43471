//! A shop's answer to one HTTP request: stage A of reference §4 (method, route and store code,
//! authentication, content type, JSON decoding) and then the save, plus the read call
//! `GET /rest/{store}/V1/customers/{id}` and `DELETE` of the same route.
//!
//! The customer's own routes, `GET` and `PUT /rest/{store}/V1/customers/me` (resource `self`),
//! answer a customer token ([`Shop::customer_tokens`]) in a store view of her website: `GET`
//! is her customer; `PUT` is the same save with her id, group, website and store forced onto
//! the body, merged only when the query's `customerId` names her (`save_me`). An admin token
//! there is refused (401 `self`, see `authorized`), and a customer token on the admin routes
//! too (401 with the route's resource). These files read the same in 2.4.7 … 2.4.8-p1, so no
//! profile row differs on `/me`.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use super::config::{Config, Directory};
use super::deserialize;
use super::dictionary::Dictionary;
use super::error::{ShopError, Text};
use super::model::StoredCustomer;
use super::profile::{MergeRule, Profile};
use super::validate::{Input, evaluate};
use super::view::customer_view;
use super::{Clock, Context};
use crate::{HttpRequest, ShopResponse};

/// A website.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct Website {
    /// `website_id`.
    pub id: i64,
    /// Website code.
    pub code: String,
}

/// A store view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct Store {
    /// `store_id`.
    pub id: i64,
    /// Store code, the first path segment after `/rest/`.
    pub code: String,
    /// The store's website.
    pub website_id: i64,
    /// The store view's `general/locale/code`, e.g. `de_DE` (default `en_US`): its messages
    /// are translated with the shop's dictionary of that locale, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub locale: Option<String>,
}

/// A customer group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento")
)]
pub struct Group {
    /// `customer_group_id`.
    pub id: i64,
    /// Group code.
    pub code: String,
}

/// The state of a Magento shop: the `magento` section of a fixture file
/// (`tests/fixtures/README.md`). Left-out parts take a fresh install's values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento", hashmap_as_object)
)]
pub struct Shop {
    /// The profile the shop runs: its Magento release and the quality patches or modifiers
    /// applied on it (default `2.4.8-p5`).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(type = "string"))]
    pub version: Profile,
    /// `core_config_data` paths and values.
    #[serde(default)]
    pub config: std::collections::BTreeMap<String, String>,
    /// Websites (default: `base` with id 1).
    #[serde(default = "default_websites")]
    pub websites: Vec<Website>,
    /// Store views (default: `default` with id 1 in website 1).
    #[serde(default = "default_stores")]
    pub stores: Vec<Store>,
    /// Customer groups (default: 0 NOT LOGGED IN, 1 General, 2 Wholesale, 3 Retailer).
    #[serde(default = "default_groups")]
    pub groups: Vec<Group>,
    /// Admin bearer tokens (`POST /V1/integration/admin/token`) of admins whose role lists
    /// `Magento_Customer::manage`, `::customer` and `::delete` (not "all resources", so the
    /// `self` routes refuse them: see [`respond`]).
    #[serde(default)]
    pub admin_tokens: Vec<String>,
    /// Customer bearer tokens (`POST /V1/integration/customer/token`) and the id of the
    /// customer each belongs to: the callers of `/V1/customers/me`. A token of a customer the
    /// shop does not hold authenticates nobody (the shop revokes a customer's tokens with her).
    #[serde(default)]
    pub customer_tokens: std::collections::BTreeMap<String, i64>,
    /// The customers with their addresses.
    #[serde(default)]
    #[cfg_attr(feature = "typescript", tsify(type = "MagentoCustomer[]", optional))]
    pub customers: Vec<StoredCustomer>,
    /// Regions beyond the install data.
    #[serde(default)]
    pub directory: Directory,
    /// The language packs installed for each locale, in Magento's precedence order (a later
    /// pack wins): names of CSV files, read with the shop (`read_dictionaries`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "typescript", tsify(optional))]
    pub dictionaries: BTreeMap<String, Vec<String>>,
    /// The dictionaries read from those packs, by locale.
    #[serde(skip)]
    pub translations: BTreeMap<String, Arc<Dictionary>>,
}

/// A language pack a shop names that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LanguagePackError {
    /// The locale the pack is installed for.
    pub locale: String,
    /// The pack's file name as the shop names it.
    pub file: String,
    /// Why it cannot be used.
    pub reason: String,
}

impl std::fmt::Display for LanguagePackError {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "language pack {} of {}: {}",
            self.file, self.locale, self.reason
        )
    }
}

impl std::error::Error for LanguagePackError {}

fn default_websites() -> Vec<Website> {
    vec![Website {
        id: 1,
        code: String::from("base"),
    }]
}

fn default_stores() -> Vec<Store> {
    vec![Store {
        id: 1,
        code: String::from("default"),
        website_id: 1,
        locale: None,
    }]
}

fn default_groups() -> Vec<Group> {
    [
        (0, "NOT LOGGED IN"),
        (1, "General"),
        (2, "Wholesale"),
        (3, "Retailer"),
    ]
    .into_iter()
    .map(|(id, code)| Group {
        id,
        code: code.to_string(),
    })
    .collect()
}

impl Default for Shop {
    fn default() -> Self {
        Shop {
            version: Profile::default(),
            config: std::collections::BTreeMap::new(),
            websites: default_websites(),
            stores: default_stores(),
            groups: default_groups(),
            admin_tokens: Vec::new(),
            customer_tokens: std::collections::BTreeMap::new(),
            customers: Vec::new(),
            directory: Directory::default(),
            dictionaries: BTreeMap::new(),
            translations: BTreeMap::new(),
        }
    }
}

impl Shop {
    /// The store configuration of this shop, without a store view's dictionary.
    pub fn store_config(&self) -> Config {
        Config {
            version: self.version.clone(),
            values: self.config.clone(),
            dictionary: None,
        }
    }

    /// The configuration of a store view: the shop's, with the dictionary of the view's locale.
    pub fn store_config_of(&self, store: Option<&Store>) -> Config {
        let locale = store
            .and_then(|store| store.locale.as_deref())
            .unwrap_or("en_US");
        Config {
            dictionary: self.translations.get(locale).cloned(),
            ..self.store_config()
        }
    }

    /// Reads the language packs [`Shop::dictionaries`] names into [`Shop::translations`];
    /// `read` gives a pack file's text, or why it cannot.
    pub fn read_dictionaries(
        &mut self,
        mut read: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<(), LanguagePackError> {
        for (locale, files) in &self.dictionaries {
            let refused = |file: &str, reason: String| LanguagePackError {
                locale: locale.clone(),
                file: file.to_string(),
                reason,
            };
            let mut texts = Vec::with_capacity(files.len());
            for file in files {
                texts.push(read(file).map_err(|reason| refused(file, reason))?);
            }
            let dictionary =
                Dictionary::from_packs(texts.iter().map(String::as_str)).map_err(|error| {
                    let file = error.pack.checked_sub(1).and_then(|at| files.get(at));
                    let file = file.map_or("", String::as_str);
                    refused(file, format!("line {}: {}", error.line, error.reason))
                })?;
            self.translations
                .insert(locale.clone(), Arc::new(dictionary));
        }
        Ok(())
    }

    /// Everything the shop knows, as a validation context.
    pub fn context(&self) -> Context {
        Context {
            customers: Some(self.customers.clone()),
            email_taken: None,
            groups: Some(self.groups.iter().map(|g| g.id).collect()),
            websites: Some(self.websites.iter().map(|w| w.id).collect()),
            stores: Some(self.stores.iter().map(|s| s.id).collect()),
            directory: self.directory.clone(),
        }
    }
}

/// A request and its answer: the response, and the customer written by an accepted PUT.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "typescript",
    derive(tsify::Tsify),
    tsify(type_prefix = "Magento", missing_as_null)
)]
pub struct Exchange {
    /// What the shop answers.
    #[cfg_attr(feature = "typescript", tsify(type = "ShopResponse"))]
    pub response: ShopResponse,
    /// The customer as stored after the request, when it wrote one.
    #[cfg_attr(feature = "typescript", tsify(type = "MagentoCustomer | null"))]
    pub updated: Option<StoredCustomer>,
    /// The id of the customer a `DELETE` removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<i64>,
}

/// An exchange, or the error the shop answers with.
type Answer = Result<Exchange, ShopError>;

const NO_ROUTE: &str = "Request does not match any route.";
const NOT_AUTHORIZED: &str = "The consumer isn't authorized to access %resources.";
const NO_SUCH_ENTITY: &str = "No such entity with %fieldName = %fieldValue";

/// `urldecode` of a path segment or query part.
fn url_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = |j: usize| bytes.get(j).and_then(|c| (*c as char).to_digit(16));
        match b {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(high), Some(low)) => {
                    out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
                    i += 3;
                }
                _ => {
                    out.push(b'%');
                    i += 1;
                }
            },
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Who a request's token names (`Authorization/Model/UserContextInterface`).
#[derive(Debug, Clone, Copy)]
enum Caller<'a> {
    Admin,
    Customer(&'a StoredCustomer),
    Nobody,
}

/// `TokenUserContext::processRequest`: `Authorization: <scheme> <token>` split on single
/// spaces into exactly two pieces, the scheme compared case-insensitively with `bearer`; the
/// token compared with every admin and every customer token in constant time.
fn caller<'a>(shop: &'a Shop, request: &HttpRequest) -> Caller<'a> {
    let Some(header) = request.header("Authorization") else {
        return Caller::Nobody;
    };
    let pieces: Vec<&str> = header.split(' ').collect();
    let [scheme, token] = pieces.as_slice() else {
        return Caller::Nobody;
    };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Caller::Nobody;
    }
    let admin = crate::secret::position(shop.admin_tokens.iter().map(String::as_str), token);
    let customer = crate::secret::position(shop.customer_tokens.keys().map(String::as_str), token)
        .and_then(|index| shop.customer_tokens.values().nth(index))
        .and_then(|id| shop.customers.iter().find(|c| c.id == *id));
    match (admin, customer) {
        (Some(_), _) => Caller::Admin,
        (None, Some(customer)) => Caller::Customer(customer),
        (None, None) => Caller::Nobody,
    }
}

/// `Webapi/Controller/Rest/RequestValidator::checkPermissions` for one route's resource.
///
/// `self` is granted by `Customer/Model/Customer/Authorization` (blob 5df3dbc5, the same in
/// 2.4.7 … 2.4.8-p1) to a customer token when the URL's store is one of the customer's shared
/// stores (`Customer::getSharedStoreIds`: her website's stores, or every store view with
/// `customer/account_share/scope` = 0; never the admin store of `all`). Anyone else reaches the
/// ACL (`Framework/Authorization/Policy/Acl::isAllowed`, blob 0690d194): `self` is no ACL
/// resource, so it asks whether the role is allowed on every resource, which only a full-access
/// role (`Magento_Backend::all`) is; the fixture's admins are not, and a customer has no role.
/// The customer resources are granted to the admin tokens only.
fn authorized(shop: &Shop, caller: Caller<'_>, resource: &str, store: Option<&Store>) -> bool {
    match (resource, caller) {
        ("self", Caller::Customer(customer)) => store.is_some_and(|store| {
            !shop.store_config().share_per_website() || store.website_id == customer.website_id
        }),
        ("self", _) => false,
        (_, Caller::Admin) => true,
        _ => false,
    }
}

/// Answers one HTTP request as the shop would, in the language of the store view the URL's
/// store code names (the default store view's for `all`, no code or an unknown one: the
/// dictionary is loaded before the route is matched).
pub fn respond(shop: &Shop, request: &HttpRequest, clock: &Clock) -> Exchange {
    let code = request
        .path
        .strip_prefix("/rest/")
        .and_then(|rest| rest.split(['/', '?']).next())
        .unwrap_or("");
    let store = shop
        .stores
        .iter()
        .find(|store| store.code == code)
        .or_else(|| shop.stores.iter().find(|store| store.code == "default"));
    let config = shop.store_config_of(store);
    answer(shop, request, clock, &config).unwrap_or_else(|error| Exchange {
        response: error.response(config.translations()),
        updated: None,
        deleted: None,
    })
}

fn answer(shop: &Shop, request: &HttpRequest, clock: &Clock, config: &Config) -> Answer {
    let method = request.method.as_str();
    // `Framework/Webapi/Rest/RequestMethodValidator`.
    if !matches!(method, "GET" | "POST" | "PUT" | "DELETE") {
        return Err(ShopError::webapi(
            405,
            "The %1 HTTP method is not supported.",
            json!([request.method]),
        ));
    }
    let (path, query) = request
        .path
        .split_once('?')
        .unwrap_or((request.path.as_str(), ""));
    let no_route = || Err(ShopError::webapi(404, NO_ROUTE, Value::Null));
    // `Webapi/Controller/PathProcessor::process`: a known store code (or `all`) is stripped.
    let Some(after_rest) = path.strip_prefix("/rest/") else {
        return no_route();
    };
    let (first, remainder) = after_rest.split_once('/').unwrap_or((after_rest, ""));
    let (store, route) = match shop.stores.iter().find(|s| s.code == first) {
        Some(store) => (Some(store.clone()), remainder),
        None if first == "all" => (None, remainder),
        None => (
            shop.stores.iter().find(|s| s.code == "default").cloned(),
            after_rest,
        ),
    };
    let segments: Vec<&str> = route.trim_matches('/').split('/').collect();
    let [version, customers, id] = segments.as_slice() else {
        return no_route();
    };
    if *version != "V1" || *customers != "customers" || id.is_empty() {
        return no_route();
    }
    let id = url_decode(id);
    // `/V1/customers/me` is its own route with the `self` resource (customers only).
    let resource = match (method, id.as_str()) {
        ("PUT" | "GET", "me") => "self",
        ("PUT", _) => "Magento_Customer::manage",
        ("GET", _) => "Magento_Customer::customer",
        ("DELETE", _) => "Magento_Customer::delete",
        _ => return no_route(),
    };
    let caller = caller(shop, request);
    if !authorized(shop, caller, resource, store.as_ref()) {
        return Err(ShopError::named(
            401,
            NOT_AUTHORIZED,
            &[("resources", json!(resource))],
        ));
    }
    match (method, caller) {
        ("GET", Caller::Customer(customer)) => Ok(view_of(customer, &shop.version)),
        ("PUT", Caller::Customer(customer)) => save_me(
            shop,
            config,
            request,
            query,
            (store.as_ref(), customer),
            clock,
        ),
        ("GET", _) => read_customer(shop, &id),
        ("DELETE", _) => delete_customer(shop, &id),
        _ => save_customer(shop, config, request, query, (store.as_ref(), &id), clock),
    }
}

/// `CustomerRepositoryInterface::getById` with its `int` parameter.
fn typed_id(id: &str) -> Result<i64, ShopError> {
    if super::php::numeric_string(id).is_none() {
        // A `SerializationException` re-thrown by `ServiceInputProcessor::process`.
        return Err(ShopError::Rendered {
            status: 400,
            message: Text::Again(Box::new(Text::Phrase {
                template: String::from(
                    "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.",
                ),
                parameters: json!({ "value": id, "type": "int" }),
            })),
        });
    }
    Ok(super::php::to_int(&Value::String(id.to_string())).unwrap_or(0))
}

fn not_found(id: i64) -> ShopError {
    ShopError::Localized {
        status: 404,
        template: NO_SUCH_ENTITY.to_string(),
        parameters: json!({"fieldName": "customerId", "fieldValue": id}),
    }
}

fn read_customer(shop: &Shop, id: &str) -> Answer {
    let id = typed_id(id)?;
    match shop.customers.iter().find(|c| c.id == id) {
        Some(customer) => Ok(view_of(customer, &shop.version)),
        None => Err(not_found(id)),
    }
}

fn view_of(customer: &StoredCustomer, profile: &Profile) -> Exchange {
    Exchange {
        response: ShopResponse {
            status: 200,
            body: customer_view(customer, profile),
        },
        updated: None,
        deleted: None,
    }
}

/// `deleteById`: 200 `true`.
fn delete_customer(shop: &Shop, id: &str) -> Answer {
    let id = typed_id(id)?;
    if shop.customers.iter().any(|c| c.id == id) {
        Ok(Exchange {
            response: ShopResponse {
                status: 200,
                body: Value::Bool(true),
            },
            updated: None,
            deleted: Some(id),
        })
    } else {
        Err(not_found(id))
    }
}

/// `Framework/Webapi/Rest/Request::getContentType` and the deserializer (reference §3.1).
fn decode_body(request: &HttpRequest) -> Result<Value, ShopError> {
    let text = match (&request.raw, &request.body) {
        (Some(raw), _) => raw.clone(),
        (None, Some(_)) => String::new(),
        (None, None) => return Ok(Value::Null),
    };
    if request.raw.is_some() && text.is_empty() {
        return Ok(Value::Null);
    }
    let header = request.header("Content-Type").unwrap_or("");
    if header.is_empty() {
        return Err(ShopError::plain(400, "Content-Type header is empty."));
    }
    // `~^([a-z\d/\-+.]+)(?:; *charset=(.+))?$~Ui`
    let (media, charset) = match header.split_once(';') {
        Some((media, rest)) => {
            let rest = rest.trim_start_matches(' ');
            let charset = rest
                .get(..8)
                .filter(|prefix| prefix.eq_ignore_ascii_case("charset="))
                .and_then(|_| rest.get(8..))
                .filter(|value| !value.is_empty() && !value.contains('\n'));
            match charset {
                Some(charset) => (media, Some(charset)),
                None => return Err(ShopError::plain(400, "Content-Type header is invalid.")),
            }
        }
        None => (header, None),
    };
    let media_ok = !media.is_empty()
        && media
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '+' | '.'));
    if !media_ok {
        return Err(ShopError::plain(400, "Content-Type header is invalid."));
    }
    if charset.is_some_and(|c| !c.eq_ignore_ascii_case("utf-8")) {
        return Err(ShopError::plain(
            400,
            "UTF-8 is the only supported charset.",
        ));
    }
    if !media.eq_ignore_ascii_case("application/json") {
        // Deliberate simplification: the XML deserializer (`application/xml`, `text/xml`) is
        // not modelled; every other media type is refused as Magento refuses unknown ones.
        return Err(ShopError::webapi(
            400,
            "Server cannot understand Content-Type HTTP header media type %1",
            json!([media]),
        ));
    }
    match &request.raw {
        Some(raw) => {
            deserialize::decode_json(raw).ok_or_else(|| ShopError::plain(400, "Decoding error."))
        }
        None => Ok(request.body.clone().unwrap_or(Value::Null)),
    }
}

/// The query parameters of a PUT (`InputParamsResolver::getInputData` merges them over the
/// body's top level). Deliberate simplification: bracketed keys (`a[b]=c`) are taken as flat keys.
fn query_params(query: &str) -> impl Iterator<Item = (String, Value)> + '_ {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (url_decode(key), Value::String(url_decode(value)))
        })
}

fn save_customer(
    shop: &Shop,
    config: &Config,
    request: &HttpRequest,
    query: &str,
    (store, id): (Option<&Store>, &str),
    clock: &Clock,
) -> Answer {
    let body = decode_body(request)?;
    let webapi = config.version.rules().webapi;
    let params = deserialize::input_params(webapi, &body, query_params(query));
    let save_request = match deserialize::read_save_request(webapi, &params) {
        Ok(save_request) => save_request,
        Err(rejection) => return Err(rejection.error),
    };
    // 2.4.7 merged only when the body had no `customer.Id` (capital I) key (reference §1.2,
    // `Customer/Model/Plugin/UpdateCustomer.php` blob c6207896).
    let path_id = if config.version.rules().merge == MergeRule::UnlessBodyId
        && super::validate::body_sets_capital_id(&body)
    {
        0
    } else {
        super::php::int_cast(id)
    };
    let blank = new_customer(config, store, clock);
    // Stage B (`UpdateCustomer`): a positive path id binds the merge; its customer must exist.
    let (stored, unmerged) = if path_id > 0 {
        match shop.customers.iter().find(|c| c.id == path_id) {
            Some(customer) => (customer, false),
            None => return Err(not_found(path_id)),
        }
    } else {
        // No merge: the body is saved as it is; its `id` (if any) names the customer updated.
        let body_id = save_request
            .customer
            .id
            .value()
            .copied()
            .filter(|id| *id != 0);
        match body_id {
            Some(body_id) => match shop.customers.iter().find(|c| c.id == body_id) {
                Some(customer) => (customer, true),
                None => return Err(not_found(body_id)),
            },
            None => (&blank, true),
        }
    };
    Ok(save(
        shop,
        config,
        &save_request,
        stored,
        unmerged.then_some(&blank),
        clock,
    ))
}

/// The customer a save without an id creates in the URL's store view (the default one for
/// `all`).
fn new_customer(config: &Config, store: Option<&Store>, clock: &Clock) -> StoredCustomer {
    super::validate::new_customer(
        config,
        store.map_or((1, 1), |s| (s.id, s.website_id)),
        clock,
    )
}

/// The repository's save of the request onto `stored` (merged), or of the body as it is
/// (`model_base`, the customer a save without merge starts from).
fn save(
    shop: &Shop,
    config: &Config,
    request: &super::model::SaveRequest,
    stored: &StoredCustomer,
    model_base: Option<&StoredCustomer>,
    clock: &Clock,
) -> Exchange {
    let evaluation = evaluate(&Input {
        request,
        stored,
        model_base,
        stored_unknown: false,
        config,
        context: shop.into(),
        clock,
    });
    Exchange {
        response: evaluation.outcome.response,
        updated: evaluation.stored.then_some(evaluation.written),
        deleted: None,
    }
}

/// The members `PUT /V1/customers/me` forces into `customer` (`Customer/etc/webapi.xml`, blob
/// be025947, 2.4.7 … 2.4.8-p1: `force="true"`), each the value of the token's customer
/// (`Webapi/Controller/Rest/ParamOverriderCustomerId`, `Customer/Model/Webapi/
/// ParamOverriderCustomerGroupId`, `…WebsiteId`, `…StoreId`).
fn forced_members(customer: &StoredCustomer) -> [(&'static str, &'static str, Value); 4] {
    [
        ("id", "id", json!(customer.id)),
        ("group_id", "groupId", json!(customer.group_id)),
        ("website_id", "websiteId", json!(customer.website_id)),
        ("store_id", "storeId", json!(customer.store_id)),
    ]
}

/// `ParamsOverrider::override` with the forced members of `/me`, after the input is filtered
/// (`InputParamsResolver::getInputData`; 2.4.7's `ValidateCustomerData::beforeOverride` also
/// filters first), so a forced value is never dropped as a duplicate. `setNestedArrayValue`:
/// a missing or `null` `customer` becomes an array; in it, a member named in camelCase is
/// overwritten where it is, otherwise the snake_case member is set (appended when new). A list
/// is a PHP array with integer keys, which a JSON object with those keys is too. A scalar
/// `customer` is a `TypeError` in `array_key_exists` (`None`).
fn force_members(
    mut params: Map<String, Value>,
    customer: &StoredCustomer,
) -> Option<Map<String, Value>> {
    let slot = params.entry("customer").or_insert(Value::Null);
    let mut members = match slot.take() {
        Value::Null => Map::new(),
        Value::Object(members) => members,
        Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(index, item)| (index.to_string(), item))
            .collect(),
        _ => return None,
    };
    for (snake, camel, value) in forced_members(customer) {
        let key = if members.contains_key(camel) {
            camel
        } else {
            snake
        };
        members.insert(key.to_string(), value);
    }
    *slot = Value::Object(members);
    Some(params)
}

/// `PUT /V1/customers/me` with a customer token: `CustomerRepositoryInterface::save` of the
/// body with the forced members of [`force_members`].
///
/// `UpdateCustomer::beforeSave` (blob 1436453a in 2.4.7-p2 … 2.4.8-p1; c6207896 and e8d4bdae
/// read the same for a customer token) merges the body onto the stored customer only when
/// `(int)$request->getParam('customerId')` equals the token's customer and the body sets no
/// `customer.Id`. The `/me` route has no path parameter, so `getParam` finds `customerId` in the
/// query string or nowhere: `PUT /V1/customers/me` saves the body as the whole customer (fields
/// left out are not kept from the stored one), `PUT /V1/customers/me?customerId=<her id>` merges
/// it as the admin route does.
fn save_me(
    shop: &Shop,
    config: &Config,
    request: &HttpRequest,
    query: &str,
    (store, customer): (Option<&Store>, &StoredCustomer),
    clock: &Clock,
) -> Answer {
    let body = decode_body(request)?;
    let webapi = config.version.rules().webapi;
    let merge_id = query_params(query)
        .filter(|(key, _)| key == "customerId")
        .last()
        .and_then(|(_, value)| value.as_str().map(super::php::int_cast))
        .unwrap_or(0);
    let merged =
        merge_id != 0 && merge_id == customer.id && !super::validate::body_sets_capital_id(&body);
    let params = deserialize::input_params(webapi, &body, query_params(query)).into_owned();
    let Some(params) = force_members(params, customer) else {
        return Err(ShopError::Crash);
    };
    let save_request = match deserialize::read_save_request(webapi, &params) {
        Ok(save_request) => save_request,
        Err(rejection) => return Err(rejection.error),
    };
    let blank = new_customer(config, store, clock);
    Ok(save(
        shop,
        config,
        &save_request,
        customer,
        (!merged).then_some(&blank),
        clock,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_decoding() {
        assert_eq!(url_decode("a%20b+c"), "a b c");
        assert_eq!(url_decode("100%"), "100%");
    }
}

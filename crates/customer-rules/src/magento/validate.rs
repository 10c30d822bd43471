//! The checks of the save path in Magento's order (reference §4 table, stages C–E). The first
//! failing stage decides the answer; every problem of every stage is reported as a violation.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::attributes::{self, Attribute, InputRule, Requirement};
use super::config::{Config, Directory, Regions, Show};
use super::dictionary::Dictionary;
use super::dob::{self, DobValue};
use super::email::email_check;
use super::error::{
    INTERNAL_ERROR, ShopError, Text, line_violation, needs_context, translate, violation,
};
use super::merge::{
    AddressModel, AddressPlan, AddressSave, CustomerModel, Save, address_plan, body_model,
    customer_model, saved_customer,
};
use super::model::{CustomerRequest, SaveRequest, StoredAddress, StoredCustomer};
use super::pattern::{self, Check, Problem, StreetValues};
use super::php;
use super::profile::{AddressOwner, DefaultAddresses};
use super::render::render;
use super::view::customer_view;
use super::{Clock, Context, Shop};
use crate::outcome::Violations;
use crate::{Outcome, ShopResponse, Violation};

/// What the checks know of the shop: a caller's [`Context`], or a whole shop's state, borrowed.
pub(super) struct Known<'a> {
    /// Every customer of the shop, when known.
    pub customers: Option<&'a [StoredCustomer]>,
    /// Whether another customer of the website uses the merged email (without `customers`).
    pub email_taken: Option<bool>,
    /// The ids of the customer groups, when known.
    pub groups: Option<Cow<'a, [i64]>>,
    /// The ids of the websites, when known.
    pub websites: Option<Cow<'a, [i64]>>,
    /// The ids of the store views, when known.
    pub stores: Option<Cow<'a, [i64]>>,
    /// Regions beyond the install data.
    pub directory: &'a Directory,
}

impl<'a> From<&'a Context> for Known<'a> {
    fn from(context: &'a Context) -> Self {
        Known {
            customers: context.customers.as_deref(),
            email_taken: context.email_taken,
            groups: context.groups.as_deref().map(Cow::Borrowed),
            websites: context.websites.as_deref().map(Cow::Borrowed),
            stores: context.stores.as_deref().map(Cow::Borrowed),
            directory: &context.directory,
        }
    }
}

impl<'a> From<&'a Shop> for Known<'a> {
    /// Everything the shop knows.
    fn from(shop: &'a Shop) -> Self {
        Known {
            customers: Some(&shop.customers),
            email_taken: None,
            groups: Some(shop.groups.iter().map(|group| group.id).collect()),
            websites: Some(shop.websites.iter().map(|website| website.id).collect()),
            stores: Some(shop.stores.iter().map(|store| store.id).collect()),
            directory: &shop.directory,
        }
    }
}

/// Everything one evaluation of a save needs.
pub(super) struct Input<'a> {
    pub request: &'a SaveRequest,
    /// The customer written: the customer of the path id (the merge base), or — without a
    /// merge — the customer the body id names, or a blank new customer.
    pub stored: &'a StoredCustomer,
    /// Without a merge (path id not a positive integer, reference §1.2) the validators see the
    /// body alone, on this blank customer; omitted addresses are then left untouched.
    pub model_base: Option<&'a StoredCustomer>,
    /// The stored customer is unknown (`stored` is a blank stand-in): only the values the body
    /// carries are judged, and what depends on the rest is undecided.
    pub stored_unknown: bool,
    pub config: &'a Config,
    pub context: Known<'a>,
    pub clock: &'a Clock,
}

/// Whether the body as sent (`Rest/Request::getBodyParams`, before any filtering) sets
/// `customer.Id` (capital I): `isset($bodyParams['customer']['Id'])`. 2.4.7 then saves the body
/// as it is, without merging (reference §1.2, `Customer/Model/Plugin/UpdateCustomer.php` blob
/// c6207896).
pub(super) fn body_sets_capital_id(body: &Value) -> bool {
    body.get("customer")
        .and_then(Value::as_object)
        .and_then(|customer| customer.get("Id"))
        .is_some_and(|id| !id.is_null())
}

/// The customer a save without a merge starts from, before the body's values: the store view's
/// store and website, the default group (`Customer/Model/Customer::getGroupId`).
pub(super) fn new_customer(
    config: &Config,
    (store_id, website_id): (i64, i64),
    clock: &Clock,
) -> StoredCustomer {
    StoredCustomer {
        id: 0,
        group_id: config.default_group(),
        email: String::new(),
        firstname: String::new(),
        lastname: String::new(),
        created_in: None,
        store_id,
        website_id,
        created_at: clock.now.clone(),
        ..StoredCustomer::default()
    }
}

/// The predicted answer and the customer the save writes if every check passes.
pub(super) struct Evaluation {
    pub outcome: Outcome,
    pub written: StoredCustomer,
    /// Whether the shop stores `written`: it accepts, and no check is undecided.
    pub stored: bool,
}

const REQUIRED: &str = "\"%fieldName\" is required. Enter and try again.";
const INVALID_VALUE: &str = "Invalid value of \"%value\" provided for the %fieldName field.";
const NO_SUCH_ENTITY: &str = "No such entity with %fieldName = %fieldValue";
const DUPLICATE: &str =
    "A customer with the same email address already exists in an associated website.";
const EAV_REQUIRED: &str = "\"%1\" is a required value.";

/// Collects the answer of the first failing stage and every violation, in the language of the
/// store view's dictionary.
struct Findings<'a> {
    first: Option<ShopError>,
    violations: Violations,
    dictionary: Option<&'a Dictionary>,
}

impl Findings<'_> {
    fn fail(&mut self, error: ShopError, violations: Vec<Violation>) {
        if self.first.is_none() {
            self.first = Some(error);
        }
        self.violations.extend(violations);
    }

    fn unknown(&mut self, violation: Violation) {
        self.violations.push(violation);
    }
}

/// The write of the customer row (`customer_entity`) after `_beforeSave`. Its foreign keys
/// (`Customer/etc/db_schema.xml`) refuse a `website_id` or `store_id` no website or store has:
/// a database error, which the webapi layer answers 500. Its unique key (email, website_id)
/// refuses an email taken in the row's website that the email check did not look for: with
/// `website_id: null` the check looked in website 0 (`(int) null`), while the row keeps its
/// website (`Eav/Model/Entity/AbstractEntity::save`: "Unique constraint violation found").
fn check_customer_row(
    request: &CustomerRequest,
    model: &CustomerModel,
    row: &StoredCustomer,
    merged_id: Option<i64>,
    context: &Known<'_>,
    findings: &mut Findings<'_>,
) {
    let foreign_keys = [
        (
            "website_id",
            model.website_id,
            &context.websites,
            row.website_id,
        ),
        ("store_id", model.store_id, &context.stores, row.store_id),
    ];
    for (field, id, known, stored) in foreign_keys {
        let Some(id) = id.filter(|id| *id != stored) else {
            continue;
        };
        let path = format!("customer.{field}");
        match known {
            Some(ids) if !ids.contains(&id) => {
                findings.fail(
                    ShopError::internal(),
                    vec![violation(&path, INTERNAL_ERROR, Value::Null, None)],
                );
                return;
            }
            Some(_) => {}
            None => findings.unknown(needs_context(
                &path,
                "Whether this id names a website or a store view is known only to the shop.",
            )),
        }
    }
    if request.website_id.is_null()
        && let (Some(email), Some(customers)) = (model.email.as_deref(), context.customers)
    {
        let folded = email.to_lowercase();
        let taken = customers.iter().any(|other| {
            Some(other.id) != merged_id
                && other.website_id == row.website_id
                && other.email.to_lowercase() == folded
        });
        if taken {
            let template = "Unique constraint violation found";
            findings.fail(
                ShopError::plain(400, template),
                vec![violation(
                    "customer.email",
                    template,
                    Value::Null,
                    findings.dictionary,
                )],
            );
        }
    }
}

/// PHP truthiness of a string (`""` and `"0"` are false).
fn truthy(value: Option<&str>) -> bool {
    value.is_some_and(|v| !php::empty_string(v))
}

pub(super) fn evaluate(input: &Input<'_>) -> Evaluation {
    let request = &input.request.customer;
    let stored = input.stored;
    let config = input.config;
    let context = &input.context;
    let model = if input.stored_unknown {
        body_model(request)
    } else {
        customer_model(request, input.model_base.unwrap_or(stored))
    };
    let untouched_if_absent = input.model_base.is_some() || input.stored_unknown;
    let plan = match (untouched_if_absent, &request.addresses) {
        (true, crate::Patch::Absent) => AddressPlan::Untouched,
        _ => address_plan(request, stored, config.version.rules()),
    };
    let mut findings = Findings {
        first: None,
        violations: Violations::default(),
        dictionary: config.translations(),
    };
    if input.stored_unknown {
        findings.unknown(needs_context(
            "customer",
            "The stored customer is not given: the fields the body leaves out, and the customer \
             the shop answers with, are known only to the shop.",
        ));
    }

    // C1: the merged id must exist (`getById` in `CustomerRepository::save`).
    let merged_id = model.id.filter(|id| *id != 0);
    let target: Option<&StoredCustomer> = match merged_id {
        None => None,
        Some(id) if id == stored.id => Some(stored),
        Some(id) => match context.customers {
            Some(customers) => match customers.iter().find(|c| c.id == id) {
                Some(customer) => Some(customer),
                None => {
                    let parameters = json!({"fieldName": "customerId", "fieldValue": id});
                    findings.fail(
                        ShopError::Localized {
                            status: 404,
                            template: NO_SUCH_ENTITY.to_string(),
                            parameters: parameters.clone(),
                        },
                        vec![violation(
                            "customer.id",
                            NO_SUCH_ENTITY,
                            parameters,
                            findings.dictionary,
                        )],
                    );
                    None
                }
            },
            None => {
                findings.unknown(needs_context(
                    "customer.id",
                    "Whether the customer of the body id exists is known only to the shop.",
                ));
                None
            }
        },
    };

    check_default_addresses(input, &model, &plan, target, &mut findings);
    check_group(&model, context, &mut findings);
    let dob = check_dob(&model, input.clock, &mut findings);
    // Without the stored customer, an email the body leaves out is the stored one: unknown.
    if model.email.is_some() || !input.stored_unknown {
        check_email_presence_and_uniqueness(&model, merged_id, config, context, &mut findings);
    }
    check_customer_attributes(&model, config, &dob, input, &mut findings);
    if !input.stored_unknown {
        check_customer_row(
            request,
            &model,
            target.unwrap_or(stored),
            merged_id,
            context,
            &mut findings,
        );
    }

    let saved_id = merged_id.unwrap_or_else(|| next_customer_id(stored, context));
    let addresses = check_addresses(input, &plan, saved_id, &mut findings);

    // The customer written when every check passes (and, for undecided checks, if they pass).
    let dob_written = match (&request.dob, dob) {
        (crate::Patch::Value(_), DobValue::Date(date)) => Some(Some(date.to_string())),
        (crate::Patch::Value(_), DobValue::Empty) => Some(None),
        _ => None,
    };
    let written = saved_customer(&Save {
        stored,
        target,
        model: &model,
        request,
        password_hash: &input.request.password_hash,
        addresses,
        id: saved_id,
        now: &input.clock.now,
        dob: dob_written,
        config,
        directory: context.directory,
    });
    let response = match &findings.first {
        Some(error) => error.response(config.translations()),
        // The customer answered is the stored one merged with the body: unknown here.
        None if input.stored_unknown => ShopResponse {
            status: 200,
            body: Value::Null,
        },
        None => ShopResponse {
            status: 200,
            body: customer_view(&written, &config.version),
        },
    };
    let stored = findings.first.is_none() && findings.violations.is_empty();
    Evaluation {
        outcome: findings.violations.into_outcome(response),
        written,
        stored,
    }
}

fn next_customer_id(stored: &StoredCustomer, context: &Known<'_>) -> i64 {
    let highest = context
        .customers
        .unwrap_or_default()
        .iter()
        .map(|c| c.id)
        .chain(std::iter::once(stored.id))
        .max()
        .unwrap_or(0);
    highest.saturating_add(1)
}

/// C2 (`CustomerRepository::validateDefaultAddress`): a truthy `default_billing` /
/// `default_shipping` must be the id of one of the stored addresses (2.4.7-p4 and later;
/// before: of the merged customer's addresses, #38878); skipped when there are none.
fn check_default_addresses(
    input: &Input<'_>,
    model: &CustomerModel,
    plan: &AddressPlan,
    target: Option<&StoredCustomer>,
    findings: &mut Findings<'_>,
) {
    let candidates: Option<Vec<i64>> = match input.config.version.rules().default_addresses {
        DefaultAddresses::Requested => match plan {
            AddressPlan::Untouched => None,
            AddressPlan::Save(list) => Some(list.iter().map(|a| a.id.unwrap_or(0)).collect()),
        },
        DefaultAddresses::Stored => target.map(|t| t.addresses.iter().map(|a| a.id).collect()),
    };
    if input.stored_unknown
        && input.config.version.rules().default_addresses == DefaultAddresses::Stored
        && [&model.default_billing, &model.default_shipping]
            .iter()
            .any(|value| truthy(value.as_deref()))
    {
        findings.unknown(needs_context(
            "customer.default_billing",
            "Whether the default address is one of the stored addresses is known only to the shop.",
        ));
        return;
    }
    let Some(ids) = candidates.filter(|ids| !ids.is_empty()) else {
        return;
    };
    for (field, value) in [
        ("default_billing", &model.default_billing),
        ("default_shipping", &model.default_shipping),
    ] {
        if !truthy(value.as_deref()) {
            continue;
        }
        let id = php::int_cast(value.as_deref().unwrap_or(""));
        if !ids.contains(&id) {
            let template = "The %fieldName value is invalid. Set the correct value and try again.";
            findings.fail(
                ShopError::named(400, template, &[("fieldName", json!(field))]),
                vec![violation(
                    &format!("customer.{field}"),
                    template,
                    json!({ "fieldName": field }),
                    findings.dictionary,
                )],
            );
        }
    }
}

/// C3 (`CustomerRepository::validateGroupId`): a truthy group id must exist.
fn check_group(model: &CustomerModel, context: &Known<'_>, findings: &mut Findings<'_>) {
    let group = model.group_id.unwrap_or(0);
    if group == 0 {
        return;
    }
    match &context.groups {
        Some(groups) if groups.contains(&group) => {}
        Some(_) => {
            let template = "The specified customer group id does not exist.";
            findings.fail(
                ShopError::plain(400, template),
                vec![violation(
                    "customer.group_id",
                    template,
                    Value::Null,
                    findings.dictionary,
                )],
            );
        }
        None => findings.unknown(needs_context(
            "customer.group_id",
            "Whether the customer group exists is known only to the shop.",
        )),
    }
}

/// D1: the `dob` backend parses the value (`Invalid date`).
fn check_dob(model: &CustomerModel, clock: &Clock, findings: &mut Findings<'_>) -> DobValue {
    let value = match &model.dob {
        Some(dob) => dob::normalize(dob, clock),
        None => DobValue::Empty,
    };
    if value == DobValue::Invalid {
        findings.fail(
            ShopError::plain(400, "Invalid date"),
            vec![violation(
                "customer.dob",
                "Invalid date",
                Value::Null,
                findings.dictionary,
            )],
        );
    }
    value
}

/// D2 and D3 (`Customer/Model/ResourceModel/Customer::_beforeSave` l.156–183).
fn check_email_presence_and_uniqueness(
    model: &CustomerModel,
    merged_id: Option<i64>,
    config: &Config,
    context: &Known<'_>,
    findings: &mut Findings<'_>,
) {
    let email = model.email.as_deref().unwrap_or("");
    if php::empty_string(email) {
        let template = "The customer email is missing. Enter and try again.";
        findings.fail(
            ShopError::plain(400, template),
            vec![violation(
                "customer.email",
                template,
                Value::Null,
                findings.dictionary,
            )],
        );
        return;
    }
    let website = model.website_id.unwrap_or(0);
    let taken = match context.customers {
        // Deliberate simplification: the column collation is approximated by a Unicode
        // lower-case comparison.
        Some(customers) => {
            let folded = email.to_lowercase();
            Some(customers.iter().any(|other| {
                Some(other.id) != merged_id
                    && (!config.share_per_website() || other.website_id == website)
                    && other.email.to_lowercase() == folded
            }))
        }
        None => context.email_taken,
    };
    match taken {
        Some(true) => findings.fail(
            ShopError::plain(400, DUPLICATE),
            vec![violation(
                "customer.email",
                DUPLICATE,
                Value::Null,
                findings.dictionary,
            )],
        ),
        Some(false) => {}
        None => findings.unknown(needs_context(
            "customer.email",
            "Whether another customer of the website uses this email is known only to the shop.",
        )),
    }
}

/// One line of a `Validator\Exception` message with the field it concerns.
struct Line {
    path: String,
    text: Text,
}

impl Line {
    /// A line built with `__(template, ...parameters)`.
    fn phrase(path: String, template: &str, parameters: Value) -> Line {
        Line {
            path,
            text: Text::Phrase {
                template: template.to_string(),
                parameters,
            },
        }
    }
}

/// Fails a stage whose lines form one `Validator\Exception`.
fn fail_lines(lines: Vec<Line>, findings: &mut Findings<'_>) {
    if lines.is_empty() {
        return;
    }
    let violations = lines
        .iter()
        .map(|line| line_violation(&line.path, &line.text, findings.dictionary))
        .collect();
    let error = ShopError::Lines(lines.into_iter().map(|line| line.text).collect());
    findings.fail(error, violations);
}

/// EAV `Text` rule (`Eav/Model/Attribute/Data/Text::validateValue`): an unset invisible
/// attribute is skipped; an unset visible one is validated as `''`.
fn text_required(
    value: Option<&str>,
    show: Show,
    required_always: bool,
    label: &str,
    (parent, code): (&str, &str),
    lines: &mut Vec<Line>,
) {
    let required = required_always || show == Show::Required;
    let visible = required_always || show != Show::Hidden;
    if value.is_none() && !visible {
        return;
    }
    let value = value.unwrap_or("");
    if required && php::empty_string(value) && value != "0" {
        lines.push(Line::phrase(
            format!("{parent}.{code}"),
            EAV_REQUIRED,
            json!([label]),
        ));
    }
}

/// A value as an EAV input rule reads it.
enum AttributeValue<'a> {
    Text(Option<&'a str>),
    Option(Option<i64>),
    Lines(&'a [String]),
    /// A stored value the caller did not give: not judged.
    Unknown,
}

/// The EAV lines of one entity, attribute by attribute (`Eav/Model/Validator/Attribute/Data`).
/// `Err` names an attribute whose check raised a PHP warning (a 500).
fn attribute_lines<'v>(
    rows: &[Attribute],
    (entity, parent): (&str, &str),
    config: &Config,
    value: impl Fn(&str) -> AttributeValue<'v>,
    postcode_optional: bool,
    lines: &mut Vec<Line>,
) -> Result<(), &'static str> {
    let dictionary = config.translations();
    for row in rows {
        // The rules' own messages translate the label (`__($attribute->getStoreLabel())`);
        // the email rule's do not.
        let store_label = config.label(entity, row.code, row.label);
        let label = translate(dictionary, store_label);
        let (show, always) = match row.requirement {
            Requirement::Always => (Show::Required, true),
            Requirement::ShowSetting => (config.show(row.code), false),
        };
        let path = || format!("{parent}.{}", row.code);
        match (row.input, value(row.code)) {
            (InputRule::Text, AttributeValue::Text(text)) => {
                text_required(text, show, always, label, (parent, row.code), lines);
            }
            (InputRule::Postcode, AttributeValue::Text(text)) if !postcode_optional => {
                text_required(text, show, always, label, (parent, row.code), lines);
            }
            // Presence is `_beforeSave`'s check (D2); the format is Laminas `EmailAddress`.
            (InputRule::Email, AttributeValue::Text(Some(email))) if !php::empty_string(email) => {
                let messages = email_check(email, store_label, dictionary).map_err(|_| row.code)?;
                lines.extend(messages.into_iter().map(|message| Line {
                    path: path(),
                    text: Text::Plain(message),
                }));
            }
            // `Select`: an unset invisible value is skipped, an unset visible one is `''`; `0`
            // passes `empty($v) && $v != '0'`; another id must be an option (reference §8 q.6).
            (InputRule::Select { options }, AttributeValue::Option(option)) => match option {
                None if show == Show::Required => {
                    lines.push(Line::phrase(path(), EAV_REQUIRED, json!([label])));
                }
                Some(id) if id != 0 && !(1..=options).contains(&id) => lines.push(Line::phrase(
                    path(),
                    "Attribute %1 does not contain option with Id %2",
                    json!([row.code, id]),
                )),
                _ => {}
            },
            // `Multiline` with `multiline_count` = `customer/address/street_lines`.
            (InputRule::Multiline, AttributeValue::Lines(street)) => {
                let line_count = config.street_lines();
                if street.len() > line_count {
                    lines.push(Line::phrase(
                        path(),
                        "\"%1\" cannot contain more than %2 lines.",
                        json!([label, line_count]),
                    ));
                }
                if street
                    .first()
                    .is_none_or(|line| php::empty_string(line) && line != "0")
                {
                    lines.push(Line::phrase(path(), EAV_REQUIRED, json!([label])));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// D4: validator group `customer`/`save` — EAV attributes in attribute order, then Name,
/// then Dob (`Customer/etc/validation.xml`; order of `Validator::_addMessages`).
fn check_customer_attributes(
    model: &CustomerModel,
    config: &Config,
    dob: &DobValue,
    input: &Input<'_>,
    findings: &mut Findings<'_>,
) {
    let clock = input.clock;
    let mut lines = Vec::new();
    let value = |code: &str| match code {
        "gender" if input.stored_unknown && model.gender.is_none() => AttributeValue::Unknown,
        "gender" => AttributeValue::Option(model.gender),
        code => match model.text(code) {
            None if input.stored_unknown => AttributeValue::Unknown,
            text => AttributeValue::Text(text),
        },
    };
    let eav = attribute_lines(
        attributes::CUSTOMER,
        ("customer", "customer"),
        config,
        value,
        false,
        &mut lines,
    );
    // A PHP warning inside Laminas is thrown as an exception by Magento's error handler: the
    // save answers 500, whatever the other validators found.
    if let Err(code) = eav {
        findings.fail(
            ShopError::internal(),
            vec![violation(
                &format!("customer.{code}"),
                INTERNAL_ERROR,
                Value::Null,
                None,
            )],
        );
        return;
    }
    let path = |code: &str| format!("customer.{code}");
    let rules = config.version.rules();
    if let Some(check) = rules.customer_name {
        field_lines(
            check,
            "customer",
            |field| vec![model.text(field)],
            &mut lines,
        );
    }
    // `Customer/Model/Validator/Dob.php` (2.4.8).
    if rules.dob_check
        && let DobValue::Date(date) = dob
        && !dob::not_in_future(*date, clock.today)
    {
        lines.push(Line {
            path: path("dob"),
            text: Text::Plain(String::from(
                "The Date of Birth should not be greater than today.",
            )),
        });
    }
    fail_lines(lines, findings);
}

/// The lines of one validator; `values` gives, per field the check reads, the values it
/// judges (one per street line for a line-by-line Street check).
fn field_lines<'v>(
    check: &Check,
    parent: &str,
    values: impl Fn(&str) -> Vec<Option<&'v str>>,
    lines: &mut Vec<Line>,
) {
    for field in check.fields {
        for value in values(field.field) {
            let (template, parameters) = match check.judge(value) {
                None => continue,
                Some(Problem::Invalid) => (field.invalid, Value::Null),
                Some(Problem::TooLong(max)) => {
                    (field.too_long.unwrap_or(field.invalid), json!([max]))
                }
            };
            let path = format!("{parent}.{}", field.field);
            lines.push(if check.phrases {
                Line::phrase(path, template, parameters)
            } else {
                Line {
                    path,
                    text: Text::Plain(render(template, &parameters)),
                }
            });
        }
    }
}

/// Laminas `NotEmpty` with its default types: `null`, `""`, whitespace-only (`/^\s+$/s`).
fn not_empty(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        !v.is_empty()
            && !v
                .chars()
                .all(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0B}' | '\u{0C}'))
    })
}

/// Stage E: each address in order (E1 load, E2 `CompositeValidator`, E3 validator group
/// `customer_address`/`save`); the first failing address ends the request. Answers the saved
/// addresses with their final ids, `None` when the addresses are untouched.
fn check_addresses(
    input: &Input<'_>,
    plan: &AddressPlan,
    customer_id: i64,
    findings: &mut Findings<'_>,
) -> Option<Vec<(i64, AddressModel)>> {
    let AddressPlan::Save(list) = plan else {
        return None;
    };
    let mut next_id = next_address_id(input);
    let known = KnownAddresses::new(input);
    let mut saved = Vec::new();
    for save in list {
        // The first failing address decides the answer; once it has and the list is full, the
        // addresses after it can only add problems that would not be listed.
        if findings.first.is_some() && findings.violations.is_full() {
            findings.violations.cut();
            break;
        }
        let Some(LoadedAddress {
            model,
            owner,
            unchanged,
            partial,
        }) = load_address(input, &known, save, findings)
        else {
            continue;
        };
        let general = general_errors(input, save, &model, owner, customer_id, partial, findings);
        if unchanged && general.is_empty() {
            // Nothing to write: E2 ran in `AddressRepository::save`, E3 does not.
        } else if general.is_empty() {
            match address_lines(input.config, &save.path, &model, partial) {
                Ok(lines) => fail_lines(lines, findings),
                Err(code) => findings.fail(
                    ShopError::internal(),
                    vec![violation(
                        &format!("{}.{code}", save.path),
                        INTERNAL_ERROR,
                        Value::Null,
                        None,
                    )],
                ),
            }
        } else {
            let violations: Vec<Violation> = general
                .iter()
                .map(|(path, template, parameters)| {
                    violation(path, template, parameters.clone(), findings.dictionary)
                })
                .collect();
            // The shop stops at E2, but a form shows every problem: the E3 lines of the fields
            // E2 did not already flag are listed too, without changing the answer.
            let unreached: Vec<Violation> =
                match address_lines(input.config, &save.path, &model, partial) {
                    Ok(lines) => lines
                        .into_iter()
                        .filter(|line| !violations.iter().any(|v| v.path == line.path))
                        .map(|line| line_violation(&line.path, &line.text, findings.dictionary))
                        .collect(),
                    Err(_) => Vec::new(),
                };
            let errors = general
                .into_iter()
                .map(|(_, template, parameters)| (template, parameters))
                .collect();
            findings.fail(ShopError::Aggregate(errors), violations);
            findings.violations.extend(unreached);
        }
        let id = match save.id {
            Some(id) => id,
            None => {
                let id = next_id;
                next_id = next_id.saturating_add(1);
                id
            }
        };
        saved.push((id, model));
    }
    Some(saved)
}

fn next_address_id(input: &Input<'_>) -> i64 {
    let own = input.stored.addresses.iter().map(|a| a.id);
    let others = input
        .context
        .customers
        .unwrap_or_default()
        .iter()
        .flat_map(|c| c.addresses.iter().map(|a| a.id));
    own.chain(others).max().unwrap_or(0).saturating_add(1)
}

/// The addresses an element may name, by id, indexed once per request: the stored customer's,
/// then those of the other customers the caller gave (`others` is `None` when it gave none).
struct KnownAddresses<'a> {
    own: BTreeMap<i64, (&'a StoredAddress, i64)>,
    others: Option<BTreeMap<i64, (&'a StoredAddress, i64)>>,
}

impl<'a> KnownAddresses<'a> {
    fn new(input: &Input<'a>) -> KnownAddresses<'a> {
        fn index<'a>(
            index: &mut BTreeMap<i64, (&'a StoredAddress, i64)>,
            customer: &'a StoredCustomer,
        ) {
            for address in &customer.addresses {
                index.entry(address.id).or_insert((address, customer.id));
            }
        }
        let mut own = BTreeMap::new();
        index(&mut own, input.stored);
        let others = input.context.customers.map(|customers| {
            let mut others = BTreeMap::new();
            for customer in customers {
                index(&mut others, customer);
            }
            others
        });
        KnownAddresses { own, others }
    }

    /// The address with this id and its owner; `Some(None)` when no known customer has it,
    /// `None` when only the shop can tell.
    fn find(&self, id: i64) -> Option<Option<(&'a StoredAddress, i64)>> {
        match self.own.get(&id) {
            Some(found) => Some(Some(*found)),
            None => self.others.as_ref().map(|others| others.get(&id).copied()),
        }
    }
}

/// E1: the address an element names must exist (`AddressRegistry::retrieve`, 404 `addressId`);
/// its fields are merged onto the loaded address. Answers the address model and the id of the
/// customer owning the loaded address (`None`: new address, or the owner is unknown).
fn load_address(
    input: &Input<'_>,
    known: &KnownAddresses<'_>,
    save: &AddressSave,
    findings: &mut Findings<'_>,
) -> Option<LoadedAddress> {
    let Some(request) = &save.request else {
        return save.stored.clone().map(|model| LoadedAddress {
            model,
            owner: Some(input.stored.id),
            unchanged: true,
            partial: false,
        });
    };
    let mut model = AddressModel::default();
    let mut owner = None;
    let mut partial = false;
    if let Some(id) = save.id {
        match known.find(id) {
            Some(Some((address, customer))) => {
                model = AddressModel::from_stored(address, input.stored);
                model.default_billing = None;
                model.default_shipping = None;
                owner = Some(customer);
            }
            Some(None) if !input.stored_unknown => {
                let parameters = json!({"fieldName": "addressId", "fieldValue": id});
                findings.fail(
                    ShopError::Localized {
                        status: 404,
                        template: NO_SUCH_ENTITY.to_string(),
                        parameters: parameters.clone(),
                    },
                    vec![violation(
                        &format!("{}.id", save.path),
                        NO_SUCH_ENTITY,
                        parameters,
                        findings.dictionary,
                    )],
                );
                return None;
            }
            _ => {
                findings.unknown(needs_context(
                    &format!("{}.id", save.path),
                    "Whether this address id exists, and whose it is, is known only to the shop.",
                ));
                model.id = Some(id);
                // Its stored fields are unknown: only the values the body gives are judged.
                partial = true;
            }
        }
    }
    let loaded = owner.is_some().then(|| model.clone());
    model.apply(request, input.config);
    let unchanged = loaded.is_some_and(|loaded| model.same_columns(&loaded));
    Some(LoadedAddress {
        model,
        owner,
        unchanged,
        partial,
    })
}

/// An address as `AddressRepository::save` has it after `updateData`.
struct LoadedAddress {
    model: AddressModel,
    /// The customer owning the loaded address (`None`: new address, or the owner is unknown).
    owner: Option<i64>,
    /// Whether the save finds nothing changed: `Eav/Model/Entity/VersionControl/AbstractEntity::save`
    /// then commits without `validateBeforeSave` or `_beforeSave`, so the `customer_address`
    /// validator group (E3) does not run (`Framework/Model/ResourceModel/Db/VersionControl/Snapshot::isModified`
    /// compares the columns with the values loaded, loosely).
    unchanged: bool,
    /// The address is stored but its fields are unknown: a field the body leaves out is not
    /// judged.
    partial: bool,
}

type FieldError = (String, String, Value);

/// E2: `Address/Validator/General`, `Country`, `Customer` — all errors collected.
#[allow(clippy::too_many_arguments)]
fn general_errors(
    input: &Input<'_>,
    save: &AddressSave,
    model: &AddressModel,
    owner: Option<i64>,
    customer_id: i64,
    partial: bool,
    findings: &mut Findings<'_>,
) -> Vec<FieldError> {
    let config = input.config;
    let path = |field: &str| format!("{}.{field}", save.path);
    let mut errors: Vec<FieldError> = Vec::new();
    // Of a partly known address, a field the body leaves out is the stored one: not judged.
    let not_empty = |value: Option<&str>| (partial && value.is_none()) || not_empty(value);
    let required = |field: &str, name: &str, errors: &mut Vec<FieldError>| {
        errors.push((
            path(field),
            REQUIRED.to_string(),
            json!({ "fieldName": name }),
        ));
    };
    let first_line = model.street_lines().into_iter().next();
    for (field, value) in [
        ("firstname", model.firstname.as_deref()),
        ("lastname", model.lastname.as_deref()),
        ("street", first_line.as_deref()),
        ("city", model.city.as_deref()),
    ] {
        if !not_empty(value) {
            required(field, field, &mut errors);
        }
    }
    for (field, value) in [
        ("telephone", model.telephone.as_deref()),
        ("fax", model.fax.as_deref()),
        ("company", model.company.as_deref()),
    ] {
        if config.show(field) == Show::Required && !not_empty(value) {
            required(field, field, &mut errors);
        }
    }
    let country = model.country_id.as_deref();
    if !country.is_some_and(|c| config.postcode_optional(c))
        && !not_empty(model.postcode.as_deref())
    {
        required("postcode", "postcode", &mut errors);
    }
    // Country, then regions only when the country passed.
    match country.filter(|c| not_empty(Some(c))) {
        None if partial && country.is_none() => {}
        None => required("country_id", "countryId", &mut errors),
        Some(country) if !config.country_allowed(country) => errors.push((
            path("country_id"),
            INVALID_VALUE.to_string(),
            json!({"fieldName": "countryId", "value": php::escape_html(country)}),
        )),
        Some(country) => {
            // `Validator/Country::validateRegion` reads `(string)(int)` of the region id: a
            // missing id is `"0"`, which `NotEmpty` does not count as empty, so "regionId is
            // required" never fires, and only a non-zero id is looked up (reference §4.6).
            let region_id = model.effective_region_id(input.context.directory);
            match input.context.directory.regions(country) {
                Regions::None => {
                    if config.state_required(country) && !not_empty(model.region.as_deref()) {
                        required("region", "region", &mut errors);
                    }
                }
                Regions::Listed(regions) => {
                    if let Some(id) = region_id
                        && !regions.iter().any(|r| r.id == id)
                    {
                        errors.push((
                            path("region_id"),
                            INVALID_VALUE.to_string(),
                            json!({"fieldName": "regionId", "value": id.to_string()}),
                        ));
                    }
                }
                // A country whose list only the shop knows has a list: only an id can fail.
                Regions::Unknown if region_id.is_some() => {
                    findings.unknown(needs_context(
                        &path("region_id"),
                        "The region list of this country is known only to the shop.",
                    ));
                }
                Regions::Unknown => {}
            }
        }
    }
    // `Address/Validator/Customer`: the loaded address must not belong to another customer
    // (the message changed in 2.4.8, blob d2a65ca2).
    if let (Some(_), Some(owner)) = (save.id, owner)
        && owner != 0
        && owner != customer_id
    {
        errors.push(match config.version.rules().address_owner {
            AddressOwner::SameEmail => (path("id"), DUPLICATE.to_string(), Value::Null),
            AddressOwner::ProvidedCustomerId => (
                path("id"),
                String::from(
                    "Provided customer ID \"%customer_id\" isn't related to current customer address.",
                ),
                json!({ "customer_id": customer_id }),
            ),
        });
    }
    errors
}

/// E3: EAV address attributes, then the Name, Street, City and Telephone validators the profile
/// runs.
fn address_lines(
    config: &Config,
    address_path: &str,
    model: &AddressModel,
    partial: bool,
) -> Result<Vec<Line>, &'static str> {
    let mut lines = Vec::new();
    let street = model.street_lines();
    let value = |code: &str| match code {
        "street" if partial && model.street.is_none() => AttributeValue::Unknown,
        "street" => AttributeValue::Lines(&street),
        code => match model.text(code) {
            None if partial => AttributeValue::Unknown,
            text => AttributeValue::Text(text),
        },
    };
    let postcode_optional = model
        .country_id
        .as_deref()
        .is_some_and(|country| config.postcode_optional(country));
    attribute_lines(
        attributes::ADDRESS,
        ("customer_address", address_path),
        config,
        value,
        postcode_optional,
        &mut lines,
    )?;
    let rules = config.version.rules();
    let joined_street = model.street.as_deref().map(pattern::joined_street);
    let values = |field: &str| match field {
        "street" => match rules.street.map(|check| check.street) {
            Some(StreetValues::Joined) => vec![joined_street.as_deref()],
            _ => street.iter().map(|line| Some(line.as_str())).collect(),
        },
        field => vec![model.text(field)],
    };
    let checks = [
        rules.address_name,
        rules.street,
        rules.city,
        rules.telephone,
    ];
    for check in checks.into_iter().flatten() {
        field_lines(check, address_path, values, &mut lines);
    }
    Ok(lines)
}

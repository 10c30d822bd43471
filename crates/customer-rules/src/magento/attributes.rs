//! The EAV attributes the `customer`/`save` and `customer_address`/`save` validator groups check
//! (`Eav/Model/Validator/Attribute/Data`), as rows: code, default label, how the store's
//! `customer/address/<code>_show` setting applies, and the attribute's input rule. The order is
//! the attributes' order (`Customer/Setup/CustomerSetup::getDefaultEntities`); attributes on
//! the validator's ignore list (`Customer/etc/di.xml`: `website_id`, `store_id`, `group_id`,
//! `dob` on customers, `country_id` on addresses) are not rows. The same rows hold for every
//! release this crate knows.

/// Whether an attribute is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Requirement {
    /// `is_required` at install: always required and visible.
    Always,
    /// Required, optional or hidden by `customer/address/<code>_show`.
    ShowSetting,
}

/// The input rule of an attribute (`Eav/Model/Attribute/Data/*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InputRule {
    /// `Text`: the required rule only.
    Text,
    /// `Text` with `input_validation: email` (Laminas `EmailAddress`); presence is checked
    /// earlier, by `ResourceModel/Customer::_beforeSave`.
    Email,
    /// `Select` with the option ids `1..=options` (gender: Male, Female, Not Specified).
    Select { options: i64 },
    /// `Multiline` with `customer/address/street_lines` lines.
    Multiline,
    /// `Customer/Model/Attribute/Data/Postcode`: not required for the countries of
    /// `general/country/optional_zip_countries`.
    Postcode,
}

/// One attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Attribute {
    pub code: &'static str,
    /// The label at install (a store changes it as `<entity>/labels/<code>`).
    pub label: &'static str,
    pub requirement: Requirement,
    pub input: InputRule,
}

const fn text(code: &'static str, label: &'static str, requirement: Requirement) -> Attribute {
    Attribute {
        code,
        label,
        requirement,
        input: InputRule::Text,
    }
}

/// The customer attributes, in attribute order.
pub(super) const CUSTOMER: &[Attribute] = &[
    text("prefix", "Name Prefix", Requirement::ShowSetting),
    text("firstname", "First Name", Requirement::Always),
    text(
        "middlename",
        "Middle Name/Initial",
        Requirement::ShowSetting,
    ),
    text("lastname", "Last Name", Requirement::Always),
    text("suffix", "Name Suffix", Requirement::ShowSetting),
    Attribute {
        input: InputRule::Email,
        ..text("email", "Email", Requirement::Always)
    },
    text("taxvat", "Tax/VAT Number", Requirement::ShowSetting),
    Attribute {
        input: InputRule::Select { options: 3 },
        ..text("gender", "Gender", Requirement::ShowSetting)
    },
];

/// The address attributes, in attribute order.
pub(super) const ADDRESS: &[Attribute] = &[
    text("prefix", "Name Prefix", Requirement::ShowSetting),
    text("firstname", "First Name", Requirement::Always),
    text(
        "middlename",
        "Middle Name/Initial",
        Requirement::ShowSetting,
    ),
    text("lastname", "Last Name", Requirement::Always),
    text("suffix", "Name Suffix", Requirement::ShowSetting),
    text("company", "Company", Requirement::ShowSetting),
    Attribute {
        input: InputRule::Multiline,
        ..text("street", "Street Address", Requirement::Always)
    },
    text("city", "City", Requirement::Always),
    Attribute {
        input: InputRule::Postcode,
        ..text("postcode", "Zip/Postal Code", Requirement::Always)
    },
    text("telephone", "Phone Number", Requirement::ShowSetting),
    text("fax", "Fax", Requirement::ShowSetting),
];

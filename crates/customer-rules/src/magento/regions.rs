//! Region data of a fresh install: the rows `Directory/Setup/Patch/Data/InitializeDirectoryData.php`
//! inserts into `directory_country_region`, in insertion order, so a row's position + 1 is its
//! `region_id`, with the Swiss names of `UpdateRegionNamesForSwitzerland.php`. The rows
//! ([`ROWS`]) are generated from those files; do not edit them by hand.
//!
//! The binary holds them packed at compile time in one text (`code`, U+001F, `name`, U+001E per
//! row) and, per country, where its rows are in that text: two bytes per region beside its text,
//! where a table of three string slices takes 24.

/// Ends a row's code in [`PACKED`].
const CODE_END: char = '\u{1F}';
/// Ends a row in [`PACKED`].
const ROW_END: char = '\u{1E}';

/// The install regions of one country: the `region_id` of the first, and the packed rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct InstallRegions {
    first_id: i64,
    rows: &'static str,
}

impl InstallRegions {
    /// `(region_id, code, name)` of each region, in `region_id` order.
    pub(super) fn iter(self) -> InstallRows {
        InstallRows {
            next_id: self.first_id,
            rest: self.rows,
        }
    }
}

/// The regions of [`InstallRegions::iter`]; the default has none.
#[derive(Debug, Clone, Default)]
pub(super) struct InstallRows {
    next_id: i64,
    rest: &'static str,
}

impl Iterator for InstallRows {
    type Item = (i64, &'static str, &'static str);

    fn next(&mut self) -> Option<Self::Item> {
        let (row, rest) = self.rest.split_once(ROW_END)?;
        let (code, name) = row.split_once(CODE_END)?;
        self.rest = rest;
        let id = self.next_id;
        self.next_id = id.saturating_add(1);
        Some((id, code, name))
    }
}

/// The install regions of a country, if it has any.
pub(super) fn install_regions(country: &str) -> Option<InstallRegions> {
    let (_, first_row, start, end) = COUNTRIES.iter().find(|(c, ..)| *c == country)?;
    Some(InstallRegions {
        first_id: i64::from(*first_row) + 1,
        rows: PACKED.get(usize::from(*start)..usize::from(*end))?,
    })
}

/// The rows packed: `code`, [`CODE_END`], `name`, [`ROW_END`], in [`ROWS`] order.
static PACKED: &str = match str::from_utf8(&pack()) {
    Ok(text) => text,
    Err(_) => panic!("the rows are UTF-8"),
};

/// `(country_id, its first row, start and end of its rows in PACKED)`, in [`ROWS`] order.
static COUNTRIES: [(&str, u16, u16, u16); count_countries()] = index_countries();

const PACKED_LENGTH: usize = {
    let mut length = 0;
    let mut row = 0;
    while row < ROWS.len() {
        length += ROWS[row].1.len() + ROWS[row].2.len() + 2;
        row += 1;
    }
    length
};

const fn pack() -> [u8; PACKED_LENGTH] {
    const fn copy(out: &mut [u8; PACKED_LENGTH], mut at: usize, text: &str) -> usize {
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            out[at] = bytes[i];
            at += 1;
            i += 1;
        }
        at
    }
    let mut packed = [0; PACKED_LENGTH];
    let mut at = 0;
    let mut row = 0;
    while row < ROWS.len() {
        let (_, code, name) = ROWS[row];
        at = copy(&mut packed, at, code);
        packed[at] = CODE_END as u8;
        at = copy(&mut packed, at + 1, name);
        packed[at] = ROW_END as u8;
        at += 1;
        row += 1;
    }
    packed
}

/// `==` for `&str` in a `const fn`.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn count_countries() -> usize {
    let mut count = 0;
    let mut row = 0;
    while row < ROWS.len() {
        if row == 0 || !same(ROWS[row - 1].0, ROWS[row].0) {
            count += 1;
        }
        row += 1;
    }
    count
}

/// Indexes the countries; the build fails if a country's rows are not contiguous.
const fn index_countries<const N: usize>() -> [(&'static str, u16, u16, u16); N] {
    let mut countries = [("", 0, 0, 0); N];
    let mut count = 0;
    let mut at = 0;
    let mut row = 0;
    while row < ROWS.len() {
        let (country, code, name) = ROWS[row];
        if row == 0 || !same(ROWS[row - 1].0, country) {
            let mut earlier = 0;
            while earlier < count {
                assert!(!same(countries[earlier].0, country), "rows not contiguous");
                earlier += 1;
            }
            assert!(row <= u16::MAX as usize && at <= u16::MAX as usize);
            countries[count] = (country, row as u16, at as u16, at as u16);
            count += 1;
        }
        at += code.len() + name.len() + 2;
        assert!(at <= u16::MAX as usize);
        countries[count - 1].3 = at as u16;
        row += 1;
    }
    countries
}

/// `(country_id, code, default_name)`; the `region_id` is the index + 1. Read at compile time
/// only: the binary holds [`PACKED`] and [`COUNTRIES`].
const ROWS: &[(&str, &str, &str)] = &[
    ("US", "AL", "Alabama"),
    ("US", "AK", "Alaska"),
    ("US", "AS", "American Samoa"),
    ("US", "AZ", "Arizona"),
    ("US", "AR", "Arkansas"),
    ("US", "AE", "Armed Forces Africa"),
    ("US", "AA", "Armed Forces Americas"),
    ("US", "AE", "Armed Forces Canada"),
    ("US", "AE", "Armed Forces Europe"),
    ("US", "AE", "Armed Forces Middle East"),
    ("US", "AP", "Armed Forces Pacific"),
    ("US", "CA", "California"),
    ("US", "CO", "Colorado"),
    ("US", "CT", "Connecticut"),
    ("US", "DE", "Delaware"),
    ("US", "DC", "District of Columbia"),
    ("US", "FM", "Federated States Of Micronesia"),
    ("US", "FL", "Florida"),
    ("US", "GA", "Georgia"),
    ("US", "GU", "Guam"),
    ("US", "HI", "Hawaii"),
    ("US", "ID", "Idaho"),
    ("US", "IL", "Illinois"),
    ("US", "IN", "Indiana"),
    ("US", "IA", "Iowa"),
    ("US", "KS", "Kansas"),
    ("US", "KY", "Kentucky"),
    ("US", "LA", "Louisiana"),
    ("US", "ME", "Maine"),
    ("US", "MH", "Marshall Islands"),
    ("US", "MD", "Maryland"),
    ("US", "MA", "Massachusetts"),
    ("US", "MI", "Michigan"),
    ("US", "MN", "Minnesota"),
    ("US", "MS", "Mississippi"),
    ("US", "MO", "Missouri"),
    ("US", "MT", "Montana"),
    ("US", "NE", "Nebraska"),
    ("US", "NV", "Nevada"),
    ("US", "NH", "New Hampshire"),
    ("US", "NJ", "New Jersey"),
    ("US", "NM", "New Mexico"),
    ("US", "NY", "New York"),
    ("US", "NC", "North Carolina"),
    ("US", "ND", "North Dakota"),
    ("US", "MP", "Northern Mariana Islands"),
    ("US", "OH", "Ohio"),
    ("US", "OK", "Oklahoma"),
    ("US", "OR", "Oregon"),
    ("US", "PW", "Palau"),
    ("US", "PA", "Pennsylvania"),
    ("US", "PR", "Puerto Rico"),
    ("US", "RI", "Rhode Island"),
    ("US", "SC", "South Carolina"),
    ("US", "SD", "South Dakota"),
    ("US", "TN", "Tennessee"),
    ("US", "TX", "Texas"),
    ("US", "UT", "Utah"),
    ("US", "VT", "Vermont"),
    ("US", "VI", "Virgin Islands"),
    ("US", "VA", "Virginia"),
    ("US", "WA", "Washington"),
    ("US", "WV", "West Virginia"),
    ("US", "WI", "Wisconsin"),
    ("US", "WY", "Wyoming"),
    ("CA", "AB", "Alberta"),
    ("CA", "BC", "British Columbia"),
    ("CA", "MB", "Manitoba"),
    ("CA", "NL", "Newfoundland and Labrador"),
    ("CA", "NB", "New Brunswick"),
    ("CA", "NS", "Nova Scotia"),
    ("CA", "NT", "Northwest Territories"),
    ("CA", "NU", "Nunavut"),
    ("CA", "ON", "Ontario"),
    ("CA", "PE", "Prince Edward Island"),
    ("CA", "QC", "Quebec"),
    ("CA", "SK", "Saskatchewan"),
    ("CA", "YT", "Yukon Territory"),
    ("DE", "NDS", "Niedersachsen"),
    ("DE", "BAW", "Baden-Württemberg"),
    ("DE", "BAY", "Bayern"),
    ("DE", "BER", "Berlin"),
    ("DE", "BRG", "Brandenburg"),
    ("DE", "BRE", "Bremen"),
    ("DE", "HAM", "Hamburg"),
    ("DE", "HES", "Hessen"),
    ("DE", "MEC", "Mecklenburg-Vorpommern"),
    ("DE", "NRW", "Nordrhein-Westfalen"),
    ("DE", "RHE", "Rheinland-Pfalz"),
    ("DE", "SAR", "Saarland"),
    ("DE", "SAS", "Sachsen"),
    ("DE", "SAC", "Sachsen-Anhalt"),
    ("DE", "SCN", "Schleswig-Holstein"),
    ("DE", "THE", "Thüringen"),
    ("AT", "WI", "Wien"),
    ("AT", "NO", "Niederösterreich"),
    ("AT", "OO", "Oberösterreich"),
    ("AT", "SB", "Salzburg"),
    ("AT", "KN", "Kärnten"),
    ("AT", "ST", "Steiermark"),
    ("AT", "TI", "Tirol"),
    ("AT", "BL", "Burgenland"),
    ("AT", "VB", "Vorarlberg"),
    ("CH", "AG", "Aargau"),
    ("CH", "AI", "Appenzell Innerrhoden"),
    ("CH", "AR", "Appenzell Ausserrhoden"),
    ("CH", "BE", "Bern"),
    ("CH", "BL", "Basel-Landschaft"),
    ("CH", "BS", "Basel-Stadt"),
    ("CH", "FR", "Friburg"),
    ("CH", "GE", "Geneva"),
    ("CH", "GL", "Glarus"),
    ("CH", "GR", "Graubünden"),
    ("CH", "JU", "Jura"),
    ("CH", "LU", "Lucerne"),
    ("CH", "NE", "Neuchâtel"),
    ("CH", "NW", "Nidwalden"),
    ("CH", "OW", "Obwalden"),
    ("CH", "SG", "St. Gallen"),
    ("CH", "SH", "Schaffhausen"),
    ("CH", "SO", "Solothurn"),
    ("CH", "SZ", "Schwyz"),
    ("CH", "TG", "Thurgau"),
    ("CH", "TI", "Ticino"),
    ("CH", "UR", "Uri"),
    ("CH", "VD", "Vaud"),
    ("CH", "VS", "Wallis"),
    ("CH", "ZG", "Zug"),
    ("CH", "ZH", "Zürich"),
    ("ES", "A Coruсa", "A Coruña"),
    ("ES", "Alava", "Alava"),
    ("ES", "Albacete", "Albacete"),
    ("ES", "Alicante", "Alicante"),
    ("ES", "Almeria", "Almeria"),
    ("ES", "Asturias", "Asturias"),
    ("ES", "Avila", "Avila"),
    ("ES", "Badajoz", "Badajoz"),
    ("ES", "Baleares", "Baleares"),
    ("ES", "Barcelona", "Barcelona"),
    ("ES", "Burgos", "Burgos"),
    ("ES", "Caceres", "Caceres"),
    ("ES", "Cadiz", "Cadiz"),
    ("ES", "Cantabria", "Cantabria"),
    ("ES", "Castellon", "Castellon"),
    ("ES", "Ceuta", "Ceuta"),
    ("ES", "Ciudad Real", "Ciudad Real"),
    ("ES", "Cordoba", "Cordoba"),
    ("ES", "Cuenca", "Cuenca"),
    ("ES", "Girona", "Girona"),
    ("ES", "Granada", "Granada"),
    ("ES", "Guadalajara", "Guadalajara"),
    ("ES", "Guipuzcoa", "Guipuzcoa"),
    ("ES", "Huelva", "Huelva"),
    ("ES", "Huesca", "Huesca"),
    ("ES", "Jaen", "Jaen"),
    ("ES", "La Rioja", "La Rioja"),
    ("ES", "Las Palmas", "Las Palmas"),
    ("ES", "Leon", "Leon"),
    ("ES", "Lleida", "Lleida"),
    ("ES", "Lugo", "Lugo"),
    ("ES", "Madrid", "Madrid"),
    ("ES", "Malaga", "Malaga"),
    ("ES", "Melilla", "Melilla"),
    ("ES", "Murcia", "Murcia"),
    ("ES", "Navarra", "Navarra"),
    ("ES", "Ourense", "Ourense"),
    ("ES", "Palencia", "Palencia"),
    ("ES", "Pontevedra", "Pontevedra"),
    ("ES", "Salamanca", "Salamanca"),
    ("ES", "Santa Cruz de Tenerife", "Santa Cruz de Tenerife"),
    ("ES", "Segovia", "Segovia"),
    ("ES", "Sevilla", "Sevilla"),
    ("ES", "Soria", "Soria"),
    ("ES", "Tarragona", "Tarragona"),
    ("ES", "Teruel", "Teruel"),
    ("ES", "Toledo", "Toledo"),
    ("ES", "Valencia", "Valencia"),
    ("ES", "Valladolid", "Valladolid"),
    ("ES", "Vizcaya", "Vizcaya"),
    ("ES", "Zamora", "Zamora"),
    ("ES", "Zaragoza", "Zaragoza"),
    ("FR", "2A", "Corse-du-Sud"),
    ("FR", "2B", "Haute-Corse"),
    ("RO", "AB", "Alba"),
    ("RO", "AR", "Arad"),
    ("RO", "AG", "Argeş"),
    ("RO", "BC", "Bacău"),
    ("RO", "BH", "Bihor"),
    ("RO", "BN", "Bistriţa-Năsăud"),
    ("RO", "BT", "Botoşani"),
    ("RO", "BV", "Braşov"),
    ("RO", "BR", "Brăila"),
    ("RO", "B", "Bucureşti"),
    ("RO", "BZ", "Buzău"),
    ("RO", "CS", "Caraş-Severin"),
    ("RO", "CL", "Călăraşi"),
    ("RO", "CJ", "Cluj"),
    ("RO", "CT", "Constanţa"),
    ("RO", "CV", "Covasna"),
    ("RO", "DB", "Dâmboviţa"),
    ("RO", "DJ", "Dolj"),
    ("RO", "GL", "Galaţi"),
    ("RO", "GR", "Giurgiu"),
    ("RO", "GJ", "Gorj"),
    ("RO", "HR", "Harghita"),
    ("RO", "HD", "Hunedoara"),
    ("RO", "IL", "Ialomiţa"),
    ("RO", "IS", "Iaşi"),
    ("RO", "IF", "Ilfov"),
    ("RO", "MM", "Maramureş"),
    ("RO", "MH", "Mehedinţi"),
    ("RO", "MS", "Mureş"),
    ("RO", "NT", "Neamţ"),
    ("RO", "OT", "Olt"),
    ("RO", "PH", "Prahova"),
    ("RO", "SM", "Satu-Mare"),
    ("RO", "SJ", "Sălaj"),
    ("RO", "SB", "Sibiu"),
    ("RO", "SV", "Suceava"),
    ("RO", "TR", "Teleorman"),
    ("RO", "TM", "Timiş"),
    ("RO", "TL", "Tulcea"),
    ("RO", "VS", "Vaslui"),
    ("RO", "VL", "Vâlcea"),
    ("RO", "VN", "Vrancea"),
    ("FI", "Lappi", "Lappi"),
    ("FI", "Pohjois-Pohjanmaa", "Pohjois-Pohjanmaa"),
    ("FI", "Kainuu", "Kainuu"),
    ("FI", "Pohjois-Karjala", "Pohjois-Karjala"),
    ("FI", "Pohjois-Savo", "Pohjois-Savo"),
    ("FI", "Etelä-Savo", "Etelä-Savo"),
    ("FI", "Etelä-Pohjanmaa", "Etelä-Pohjanmaa"),
    ("FI", "Pohjanmaa", "Pohjanmaa"),
    ("FI", "Pirkanmaa", "Pirkanmaa"),
    ("FI", "Satakunta", "Satakunta"),
    ("FI", "Keski-Pohjanmaa", "Keski-Pohjanmaa"),
    ("FI", "Keski-Suomi", "Keski-Suomi"),
    ("FI", "Varsinais-Suomi", "Varsinais-Suomi"),
    ("FI", "Etelä-Karjala", "Etelä-Karjala"),
    ("FI", "Päijät-Häme", "Päijät-Häme"),
    ("FI", "Kanta-Häme", "Kanta-Häme"),
    ("FI", "Uusimaa", "Uusimaa"),
    ("FI", "Itä-Uusimaa", "Itä-Uusimaa"),
    ("FI", "Kymenlaakso", "Kymenlaakso"),
    ("FI", "Ahvenanmaa", "Ahvenanmaa"),
    ("EE", "EE-37", "Harjumaa"),
    ("EE", "EE-39", "Hiiumaa"),
    ("EE", "EE-44", "Ida-Virumaa"),
    ("EE", "EE-49", "Jõgevamaa"),
    ("EE", "EE-51", "Järvamaa"),
    ("EE", "EE-57", "Läänemaa"),
    ("EE", "EE-59", "Lääne-Virumaa"),
    ("EE", "EE-65", "Põlvamaa"),
    ("EE", "EE-67", "Pärnumaa"),
    ("EE", "EE-70", "Raplamaa"),
    ("EE", "EE-74", "Saaremaa"),
    ("EE", "EE-78", "Tartumaa"),
    ("EE", "EE-82", "Valgamaa"),
    ("EE", "EE-84", "Viljandimaa"),
    ("EE", "EE-86", "Võrumaa"),
    ("LV", "LV-DGV", "Daugavpils"),
    ("LV", "LV-JEL", "Jelgava"),
    ("LV", "Jēkabpils", "Jēkabpils"),
    ("LV", "LV-JUR", "Jūrmala"),
    ("LV", "LV-LPX", "Liepāja"),
    ("LV", "LV-LE", "Liepājas novads"),
    ("LV", "LV-REZ", "Rēzekne"),
    ("LV", "LV-RIX", "Rīga"),
    ("LV", "LV-RI", "Rīgas novads"),
    ("LV", "Valmiera", "Valmiera"),
    ("LV", "LV-VEN", "Ventspils"),
    ("LV", "Aglonas novads", "Aglonas novads"),
    ("LV", "LV-AI", "Aizkraukles novads"),
    ("LV", "Aizputes novads", "Aizputes novads"),
    ("LV", "Aknīstes novads", "Aknīstes novads"),
    ("LV", "Alojas novads", "Alojas novads"),
    ("LV", "Alsungas novads", "Alsungas novads"),
    ("LV", "LV-AL", "Alūksnes novads"),
    ("LV", "Amatas novads", "Amatas novads"),
    ("LV", "Apes novads", "Apes novads"),
    ("LV", "Auces novads", "Auces novads"),
    ("LV", "Babītes novads", "Babītes novads"),
    ("LV", "Baldones novads", "Baldones novads"),
    ("LV", "Baltinavas novads", "Baltinavas novads"),
    ("LV", "LV-BL", "Balvu novads"),
    ("LV", "LV-BU", "Bauskas novads"),
    ("LV", "Beverīnas novads", "Beverīnas novads"),
    ("LV", "Brocēnu novads", "Brocēnu novads"),
    ("LV", "Burtnieku novads", "Burtnieku novads"),
    ("LV", "Carnikavas novads", "Carnikavas novads"),
    ("LV", "Cesvaines novads", "Cesvaines novads"),
    ("LV", "Ciblas novads", "Ciblas novads"),
    ("LV", "LV-CE", "Cēsu novads"),
    ("LV", "Dagdas novads", "Dagdas novads"),
    ("LV", "LV-DA", "Daugavpils novads"),
    ("LV", "LV-DO", "Dobeles novads"),
    ("LV", "Dundagas novads", "Dundagas novads"),
    ("LV", "Durbes novads", "Durbes novads"),
    ("LV", "Engures novads", "Engures novads"),
    ("LV", "Garkalnes novads", "Garkalnes novads"),
    ("LV", "Grobiņas novads", "Grobiņas novads"),
    ("LV", "LV-GU", "Gulbenes novads"),
    ("LV", "Iecavas novads", "Iecavas novads"),
    ("LV", "Ikšķiles novads", "Ikšķiles novads"),
    ("LV", "Ilūkstes novads", "Ilūkstes novads"),
    ("LV", "Inčukalna novads", "Inčukalna novads"),
    ("LV", "Jaunjelgavas novads", "Jaunjelgavas novads"),
    ("LV", "Jaunpiebalgas novads", "Jaunpiebalgas novads"),
    ("LV", "Jaunpils novads", "Jaunpils novads"),
    ("LV", "LV-JL", "Jelgavas novads"),
    ("LV", "LV-JK", "Jēkabpils novads"),
    ("LV", "Kandavas novads", "Kandavas novads"),
    ("LV", "Kokneses novads", "Kokneses novads"),
    ("LV", "Krimuldas novads", "Krimuldas novads"),
    ("LV", "Krustpils novads", "Krustpils novads"),
    ("LV", "LV-KR", "Krāslavas novads"),
    ("LV", "LV-KU", "Kuldīgas novads"),
    ("LV", "Kārsavas novads", "Kārsavas novads"),
    ("LV", "Lielvārdes novads", "Lielvārdes novads"),
    ("LV", "LV-LM", "Limbažu novads"),
    ("LV", "Lubānas novads", "Lubānas novads"),
    ("LV", "LV-LU", "Ludzas novads"),
    ("LV", "Līgatnes novads", "Līgatnes novads"),
    ("LV", "Līvānu novads", "Līvānu novads"),
    ("LV", "LV-MA", "Madonas novads"),
    ("LV", "Mazsalacas novads", "Mazsalacas novads"),
    ("LV", "Mālpils novads", "Mālpils novads"),
    ("LV", "Mārupes novads", "Mārupes novads"),
    ("LV", "Naukšēnu novads", "Naukšēnu novads"),
    ("LV", "Neretas novads", "Neretas novads"),
    ("LV", "Nīcas novads", "Nīcas novads"),
    ("LV", "LV-OG", "Ogres novads"),
    ("LV", "Olaines novads", "Olaines novads"),
    ("LV", "Ozolnieku novads", "Ozolnieku novads"),
    ("LV", "LV-PR", "Preiļu novads"),
    ("LV", "Priekules novads", "Priekules novads"),
    ("LV", "Priekuļu novads", "Priekuļu novads"),
    ("LV", "Pārgaujas novads", "Pārgaujas novads"),
    ("LV", "Pāvilostas novads", "Pāvilostas novads"),
    ("LV", "Pļaviņu novads", "Pļaviņu novads"),
    ("LV", "Raunas novads", "Raunas novads"),
    ("LV", "Riebiņu novads", "Riebiņu novads"),
    ("LV", "Rojas novads", "Rojas novads"),
    ("LV", "Ropažu novads", "Ropažu novads"),
    ("LV", "Rucavas novads", "Rucavas novads"),
    ("LV", "Rugāju novads", "Rugāju novads"),
    ("LV", "Rundāles novads", "Rundāles novads"),
    ("LV", "LV-RE", "Rēzeknes novads"),
    ("LV", "Rūjienas novads", "Rūjienas novads"),
    ("LV", "Salacgrīvas novads", "Salacgrīvas novads"),
    ("LV", "Salas novads", "Salas novads"),
    ("LV", "Salaspils novads", "Salaspils novads"),
    ("LV", "LV-SA", "Saldus novads"),
    ("LV", "Saulkrastu novads", "Saulkrastu novads"),
    ("LV", "Siguldas novads", "Siguldas novads"),
    ("LV", "Skrundas novads", "Skrundas novads"),
    ("LV", "Skrīveru novads", "Skrīveru novads"),
    ("LV", "Smiltenes novads", "Smiltenes novads"),
    ("LV", "Stopiņu novads", "Stopiņu novads"),
    ("LV", "Strenču novads", "Strenču novads"),
    ("LV", "Sējas novads", "Sējas novads"),
    ("LV", "LV-TA", "Talsu novads"),
    ("LV", "LV-TU", "Tukuma novads"),
    ("LV", "Tērvetes novads", "Tērvetes novads"),
    ("LV", "Vaiņodes novads", "Vaiņodes novads"),
    ("LV", "LV-VK", "Valkas novads"),
    ("LV", "LV-VM", "Valmieras novads"),
    ("LV", "Varakļānu novads", "Varakļānu novads"),
    ("LV", "Vecpiebalgas novads", "Vecpiebalgas novads"),
    ("LV", "Vecumnieku novads", "Vecumnieku novads"),
    ("LV", "LV-VE", "Ventspils novads"),
    ("LV", "Viesītes novads", "Viesītes novads"),
    ("LV", "Viļakas novads", "Viļakas novads"),
    ("LV", "Viļānu novads", "Viļānu novads"),
    ("LV", "Vārkavas novads", "Vārkavas novads"),
    ("LV", "Zilupes novads", "Zilupes novads"),
    ("LV", "Ādažu novads", "Ādažu novads"),
    ("LV", "Ērgļu novads", "Ērgļu novads"),
    ("LV", "Ķeguma novads", "Ķeguma novads"),
    ("LV", "Ķekavas novads", "Ķekavas novads"),
    ("LT", "LT-AL", "Alytaus Apskritis"),
    ("LT", "LT-KU", "Kauno Apskritis"),
    ("LT", "LT-KL", "Klaipėdos Apskritis"),
    ("LT", "LT-MR", "Marijampolės Apskritis"),
    ("LT", "LT-PN", "Panevėžio Apskritis"),
    ("LT", "LT-SA", "Šiaulių Apskritis"),
    ("LT", "LT-TA", "Tauragės Apskritis"),
    ("LT", "LT-TE", "Telšių Apskritis"),
    ("LT", "LT-UT", "Utenos Apskritis"),
    ("LT", "LT-VL", "Vilniaus Apskritis"),
    ("BR", "AC", "Acre"),
    ("BR", "AL", "Alagoas"),
    ("BR", "AP", "Amapá"),
    ("BR", "AM", "Amazonas"),
    ("BR", "BA", "Bahia"),
    ("BR", "CE", "Ceará"),
    ("BR", "ES", "Espírito Santo"),
    ("BR", "GO", "Goiás"),
    ("BR", "MA", "Maranhão"),
    ("BR", "MT", "Mato Grosso"),
    ("BR", "MS", "Mato Grosso do Sul"),
    ("BR", "MG", "Minas Gerais"),
    ("BR", "PA", "Pará"),
    ("BR", "PB", "Paraíba"),
    ("BR", "PR", "Paraná"),
    ("BR", "PE", "Pernambuco"),
    ("BR", "PI", "Piauí"),
    ("BR", "RJ", "Rio de Janeiro"),
    ("BR", "RN", "Rio Grande do Norte"),
    ("BR", "RS", "Rio Grande do Sul"),
    ("BR", "RO", "Rondônia"),
    ("BR", "RR", "Roraima"),
    ("BR", "SC", "Santa Catarina"),
    ("BR", "SP", "São Paulo"),
    ("BR", "SE", "Sergipe"),
    ("BR", "TO", "Tocantins"),
    ("BR", "DF", "Distrito Federal"),
];

#[cfg(test)]
mod tests {
    use super::{ROWS, install_regions};

    #[test]
    fn the_packed_regions_are_the_rows() {
        let mut unpacked = Vec::new();
        let mut countries: Vec<&str> = ROWS.iter().map(|(country, ..)| *country).collect();
        countries.dedup();
        for country in countries {
            let regions = install_regions(country).expect("a country of the rows");
            unpacked.extend(
                regions
                    .iter()
                    .map(|(id, code, name)| (id, country, code, name)),
            );
        }
        let rows: Vec<(i64, &str, &str, &str)> = (1..)
            .zip(ROWS)
            .map(|(id, (country, code, name))| (id, *country, *code, *name))
            .collect();
        assert_eq!(unpacked, rows);
        assert_eq!(install_regions("GB"), None);
        let texas = install_regions("US").and_then(|us| us.iter().find(|(id, ..)| *id == 57));
        assert_eq!(texas, Some((57, "TX", "Texas")));
    }
}

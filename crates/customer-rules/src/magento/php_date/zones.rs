//! Time zone names of PHP's date parser (generated; do not edit by hand).
//!
//! `ABBREVIATIONS`: the abbreviations of timelib 2022.12 `timezonemap.h` shorter than six letters
//! (glibc `_POSIX_TZNAME_MAX`), space-separated. Their offsets are not needed: PHP takes a
//! missing date or time from UTC's wall clock whatever offset or abbreviation the text names.
//! `IDENTIFIERS`: `DateTimeZone::listIdentifiers(DateTimeZone::ALL_WITH_BC)` of PHP 8.2.36,
//! only the names the date grammar can spell (`[A-Z][a-z]+([_/-][A-Za-z]+)+` or up to six
//! letters), by area: the part before the first `/`, then the rest separated by spaces, each
//! followed by `=` and the index of its rule in `RULES`.
//! `RULES`: each zone's current rule, the POSIX TZ string that ends its file in the zone
//! database PHP reads here (system tzdata 2025b-0+deb12u2).

/// Abbreviations, lower case.
pub(super) const ABBREVIATIONS: &str = "acdt acst addt adt aedt aest ahdt ahst akdt akst amt apt ast awdt awst awt bdst bdt bmt bst cast cat cddt cdt cemt cest cet cmt cpt cst cwt chst dmt eat eddt edt eest eet emt ept est ewt ffmt fmt gdt gmt gst hdt hkst hkt hmt hpt hst hwt iddt idt imt ist jdt jmt jst kdt kmt kst lst mddt mdst mdt mest met mmt mpt msd msk mst mwt nddt ndt npt nst nwt nzdt nzmt nzst pddt pdt pkst pkt plmt pmt ppmt ppt pst pwt qmt rmt sast sdmt sjmt smt sst tbmt tmt uct utc wast wat wemt west wet wib wita wit wmt yddt ydt ypt yst ywt a b c d e f g h i k l m n o p q r s t u v w x y z";

/// Current rules of the zones (POSIX TZ strings).
pub(super) const RULES: &[&str] = &[
    "GMT0",
    "EAT-3",
    "CET-1",
    "WAT-1",
    "CAT-2",
    "EET-2EEST,M4.5.5/0,M10.5.4/24",
    "<+01>-1",
    "CET-1CEST,M3.5.0,M10.5.0/3",
    "SAST-2",
    "EET-2",
    "HST10HDT,M3.2.0,M11.1.0",
    "AKST9AKDT,M3.2.0,M11.1.0",
    "AST4",
    "<-03>3",
    "EST5",
    "CST6",
    "<-04>4",
    "<-05>5",
    "MST7MDT,M3.2.0,M11.1.0",
    "CST6CDT,M3.2.0,M11.1.0",
    "MST7",
    "EST5EDT,M3.2.0,M11.1.0",
    "PST8PDT,M3.2.0,M11.1.0",
    "AST4ADT,M3.2.0,M11.1.0",
    "<-02>2<-01>,M3.5.0/-1,M10.5.0/0",
    "CST5CDT,M3.2.0/0,M11.1.0/1",
    "<-03>3<-02>,M3.2.0,M11.1.0",
    "<-02>2",
    "<-04>4<-03>,M9.1.6/24,M4.1.6/24",
    "NST3:30NDT,M3.2.0,M11.1.0",
    "<+08>-8",
    "<+07>-7",
    "<+10>-10",
    "AEST-10AEDT,M10.1.0,M4.1.0/3",
    "<+05>-5",
    "NZST-12NZDT,M9.5.0,M4.1.0/3",
    "<+03>-3",
    "<+00>0<+02>-2,M3.5.0/1,M10.5.0/3",
    "<+12>-12",
    "<+04>-4",
    "EET-2EEST,M3.5.0/0,M10.5.0/0",
    "<+06>-6",
    "IST-5:30",
    "<+09>-9",
    "CST-8",
    "<+0530>-5:30",
    "EET-2EEST,M3.5.0/3,M10.5.0/4",
    "EET-2EEST,M3.4.4/50,M10.4.4/50",
    "HKT-8",
    "WIB-7",
    "WIT-9",
    "IST-2IDT,M3.4.4/26,M10.5.0",
    "<+0430>-4:30",
    "PKT-5",
    "<+0545>-5:45",
    "<+11>-11",
    "WITA-8",
    "PST-8",
    "KST-9",
    "<+0630>-6:30",
    "<+0330>-3:30",
    "JST-9",
    "<-01>1<+00>,M3.5.0/0,M10.5.0/1",
    "WET0WEST,M3.5.0/1,M10.5.0",
    "<-01>1",
    "ACST-9:30ACDT,M10.1.0,M4.1.0/3",
    "AEST-10",
    "ACST-9:30",
    "<+0845>-8:45",
    "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0",
    "AWST-8",
    "<-06>6<-05>,M9.1.6/22,M4.1.6/22",
    "IST-1GMT0,M10.5.0,M3.5.0/1",
    "UTC0",
    "GMT0BST,M3.5.0/1,M10.5.0",
    "EET-2EEST,M3.5.0,M10.5.0/3",
    "MSK-3",
    "HST10",
    "MET-1MEST,M3.5.0,M10.5.0/3",
    "<+13>-13",
    "<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45",
    "<-06>6",
    "<-09>9",
    "ChST-10",
    "<+14>-14",
    "<-0930>9:30",
    "SST11",
    "<-11>11",
    "<+11>-11<+12>,M10.1.0,M4.1.0/3",
    "<-08>8",
    "<-10>10",
];

/// Area, then the rest of each identifier of the area with its rule (space-separated).
pub(super) const IDENTIFIERS: &[(&str, &str)] = &[
    (
        "Africa",
        "Abidjan=0 Accra=0 Addis_Ababa=1 Algiers=2 Asmara=1 Asmera=1 Bamako=0 Bangui=3 Banjul=0 Bissau=0 Blantyre=4 Brazzaville=3 Bujumbura=4 Cairo=5 Casablanca=6 Ceuta=7 Conakry=0 Dakar=0 Dar_es_Salaam=1 Djibouti=1 Douala=3 El_Aaiun=6 Freetown=0 Gaborone=4 Harare=4 Johannesburg=8 Juba=4 Kampala=1 Khartoum=4 Kigali=4 Kinshasa=3 Lagos=3 Libreville=3 Lome=0 Luanda=3 Lubumbashi=4 Lusaka=4 Malabo=3 Maputo=4 Maseru=8 Mbabane=8 Mogadishu=1 Monrovia=0 Nairobi=1 Ndjamena=3 Niamey=3 Nouakchott=0 Ouagadougou=0 Porto-Novo=3 Sao_Tome=0 Timbuktu=0 Tripoli=9 Tunis=2 Windhoek=4",
    ),
    (
        "America",
        "Adak=10 Anchorage=11 Anguilla=12 Antigua=12 Araguaina=13 Argentina/Buenos_Aires=13 Argentina/Catamarca=13 Argentina/ComodRivadavia=13 Argentina/Cordoba=13 Argentina/Jujuy=13 Argentina/La_Rioja=13 Argentina/Mendoza=13 Argentina/Rio_Gallegos=13 Argentina/Salta=13 Argentina/San_Juan=13 Argentina/San_Luis=13 Argentina/Tucuman=13 Argentina/Ushuaia=13 Aruba=12 Asuncion=13 Atikokan=14 Atka=10 Bahia=13 Bahia_Banderas=15 Barbados=12 Belem=13 Belize=15 Blanc-Sablon=12 Boa_Vista=16 Bogota=17 Boise=18 Buenos_Aires=13 Cambridge_Bay=18 Campo_Grande=16 Cancun=14 Caracas=16 Catamarca=13 Cayenne=13 Cayman=14 Chicago=19 Chihuahua=15 Ciudad_Juarez=18 Coral_Harbour=14 Cordoba=13 Costa_Rica=15 Coyhaique=13 Creston=20 Cuiaba=16 Curacao=12 Danmarkshavn=0 Dawson=20 Dawson_Creek=20 Denver=18 Detroit=21 Dominica=12 Edmonton=18 Eirunepe=17 El_Salvador=15 Ensenada=22 Fort_Nelson=20 Fort_Wayne=21 Fortaleza=13 Glace_Bay=23 Godthab=24 Goose_Bay=23 Grand_Turk=21 Grenada=12 Guadeloupe=12 Guatemala=15 Guayaquil=17 Guyana=16 Halifax=23 Havana=25 Hermosillo=20 Indiana/Indianapolis=21 Indiana/Knox=19 Indiana/Marengo=21 Indiana/Petersburg=21 Indiana/Tell_City=19 Indiana/Vevay=21 Indiana/Vincennes=21 Indiana/Winamac=21 Indianapolis=21 Inuvik=18 Iqaluit=21 Jamaica=14 Jujuy=13 Juneau=11 Kentucky/Louisville=21 Kentucky/Monticello=21 Knox_IN=19 Kralendijk=12 La_Paz=16 Lima=17 Los_Angeles=22 Louisville=21 Lower_Princes=12 Maceio=13 Managua=15 Manaus=16 Marigot=12 Martinique=12 Matamoros=19 Mazatlan=20 Mendoza=13 Menominee=19 Merida=15 Metlakatla=11 Mexico_City=15 Miquelon=26 Moncton=23 Monterrey=15 Montevideo=13 Montreal=21 Montserrat=12 Nassau=21 New_York=21 Nipigon=21 Nome=11 Noronha=27 North_Dakota/Beulah=19 North_Dakota/Center=19 North_Dakota/New_Salem=19 Nuuk=24 Ojinaga=19 Panama=14 Pangnirtung=21 Paramaribo=13 Phoenix=20 Port-au-Prince=21 Port_of_Spain=12 Porto_Acre=17 Porto_Velho=16 Puerto_Rico=12 Punta_Arenas=13 Rainy_River=19 Rankin_Inlet=19 Recife=13 Regina=15 Resolute=19 Rio_Branco=17 Rosario=13 Santa_Isabel=22 Santarem=13 Santiago=28 Santo_Domingo=12 Sao_Paulo=13 Scoresbysund=24 Shiprock=18 Sitka=11 St_Barthelemy=12 St_Johns=29 St_Kitts=12 St_Lucia=12 St_Thomas=12 St_Vincent=12 Swift_Current=15 Tegucigalpa=15 Thule=23 Thunder_Bay=21 Tijuana=22 Toronto=21 Tortola=12 Vancouver=22 Virgin=12 Whitehorse=20 Winnipeg=19 Yakutat=11 Yellowknife=18",
    ),
    (
        "Antarctica",
        "Casey=30 Davis=31 DumontDUrville=32 Macquarie=33 Mawson=34 McMurdo=35 Palmer=13 Rothera=13 South_Pole=35 Syowa=36 Troll=37 Vostok=34",
    ),
    ("Arctic", "Longyearbyen=7"),
    (
        "Asia",
        "Aden=36 Almaty=34 Amman=36 Anadyr=38 Aqtau=34 Aqtobe=34 Ashgabat=34 Ashkhabad=34 Atyrau=34 Baghdad=36 Bahrain=36 Baku=39 Bangkok=31 Barnaul=31 Beirut=40 Bishkek=41 Brunei=30 Calcutta=42 Chita=43 Choibalsan=30 Chongqing=44 Chungking=44 Colombo=45 Dacca=41 Damascus=36 Dhaka=41 Dili=43 Dubai=39 Dushanbe=34 Famagusta=46 Gaza=47 Harbin=44 Hebron=47 Ho_Chi_Minh=31 Hong_Kong=48 Hovd=31 Irkutsk=30 Istanbul=36 Jakarta=49 Jayapura=50 Jerusalem=51 Kabul=52 Kamchatka=38 Karachi=53 Kashgar=41 Kathmandu=54 Katmandu=54 Khandyga=43 Kolkata=42 Krasnoyarsk=31 Kuala_Lumpur=30 Kuching=30 Kuwait=36 Macao=44 Macau=44 Magadan=55 Makassar=56 Manila=57 Muscat=39 Nicosia=46 Novokuznetsk=31 Novosibirsk=31 Omsk=41 Oral=34 Phnom_Penh=31 Pontianak=49 Pyongyang=58 Qatar=36 Qostanay=34 Qyzylorda=34 Rangoon=59 Riyadh=36 Saigon=31 Sakhalin=55 Samarkand=34 Seoul=58 Shanghai=44 Singapore=30 Srednekolymsk=55 Taipei=44 Tashkent=34 Tbilisi=39 Tehran=60 Tel_Aviv=51 Thimbu=41 Thimphu=41 Tokyo=61 Tomsk=31 Ujung_Pandang=56 Ulaanbaatar=30 Ulan_Bator=30 Urumqi=41 Ust-Nera=32 Vientiane=31 Vladivostok=32 Yakutsk=43 Yangon=59 Yekaterinburg=34 Yerevan=39",
    ),
    (
        "Atlantic",
        "Azores=62 Bermuda=23 Canary=63 Cape_Verde=64 Faeroe=63 Faroe=63 Jan_Mayen=7 Madeira=63 Reykjavik=0 South_Georgia=27 St_Helena=0 Stanley=13",
    ),
    (
        "Australia",
        "ACT=33 Adelaide=65 Brisbane=66 Broken_Hill=65 Canberra=33 Currie=33 Darwin=67 Eucla=68 Hobart=33 LHI=69 Lindeman=66 Lord_Howe=69 Melbourne=33 North=67 NSW=33 Perth=70 Queensland=66 South=65 Sydney=33 Tasmania=33 Victoria=33 West=70 Yancowinna=65",
    ),
    ("Brazil", "Acre=17 DeNoronha=27 East=13 West=16"),
    (
        "Canada",
        "Atlantic=23 Central=19 Eastern=21 Mountain=18 Newfoundland=29 Pacific=22 Saskatchewan=15 Yukon=20",
    ),
    (
        "",
        "CET=7 Cuba=25 EET=46 Egypt=5 Eire=72 EST=14 GB=74 GMT=0 HST=77 Iran=60 Israel=51 Japan=61 Libya=9 MET=78 MST=20 Navajo=18 NZ=35 Poland=7 PRC=44 ROC=44 ROK=58 Turkey=36 UCT=73 UTC=73 WET=63 Zulu=73",
    ),
    ("Chile", "Continental=28 EasterIsland=71"),
    (
        "Etc",
        "GMT=0 Greenwich=0 UCT=73 Universal=73 UTC=73 Zulu=73",
    ),
    (
        "Europe",
        "Amsterdam=7 Andorra=7 Astrakhan=39 Athens=46 Belfast=74 Belgrade=7 Berlin=7 Bratislava=7 Brussels=7 Bucharest=46 Budapest=7 Busingen=7 Chisinau=75 Copenhagen=7 Dublin=72 Gibraltar=7 Guernsey=74 Helsinki=46 Isle_of_Man=74 Istanbul=36 Jersey=74 Kaliningrad=9 Kiev=46 Kirov=76 Kyiv=46 Lisbon=63 Ljubljana=7 London=74 Luxembourg=7 Madrid=7 Malta=7 Mariehamn=46 Minsk=36 Monaco=7 Moscow=76 Nicosia=46 Oslo=7 Paris=7 Podgorica=7 Prague=7 Riga=46 Rome=7 Samara=39 San_Marino=7 Sarajevo=7 Saratov=39 Simferopol=76 Skopje=7 Sofia=46 Stockholm=7 Tallinn=46 Tirane=7 Tiraspol=75 Ulyanovsk=39 Uzhgorod=46 Vaduz=7 Vatican=7 Vienna=7 Vilnius=46 Volgograd=76 Warsaw=7 Zagreb=7 Zaporozhye=46 Zurich=7",
    ),
    (
        "Indian",
        "Antananarivo=1 Chagos=41 Christmas=31 Cocos=59 Comoro=1 Kerguelen=34 Mahe=39 Maldives=34 Mauritius=39 Mayotte=1 Reunion=39",
    ),
    ("Mexico", "BajaNorte=22 BajaSur=20 General=15"),
    (
        "Pacific",
        "Apia=79 Auckland=35 Bougainville=55 Chatham=80 Chuuk=32 Easter=71 Efate=55 Enderbury=79 Fakaofo=79 Fiji=38 Funafuti=38 Galapagos=81 Gambier=82 Guadalcanal=55 Guam=83 Honolulu=77 Johnston=77 Kanton=79 Kiritimati=84 Kosrae=55 Kwajalein=38 Majuro=38 Marquesas=85 Midway=86 Nauru=38 Niue=87 Norfolk=88 Noumea=55 Pago_Pago=86 Palau=43 Pitcairn=89 Pohnpei=55 Ponape=55 Port_Moresby=32 Rarotonga=90 Saipan=83 Samoa=86 Tahiti=90 Tarawa=38 Tongatapu=79 Truk=32 Wake=38 Wallis=38 Yap=32",
    ),
];

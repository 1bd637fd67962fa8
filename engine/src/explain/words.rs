//! The few fixed words of an explanation, in the languages etuus ships.

/// Fixed words by key and language; unknown languages fall back to English.
pub(super) fn word(key: &str, lang: &str) -> &'static str {
    let row: [&'static str; 3] = match key {
        "calculation" => ["Laskelma", "Beräkning", "Calculation"],
        "bases" => [
            "Laskennan perusteet",
            "Beräkningsgrunder",
            "Parameters used",
        ],
        "notes" => ["Huomautukset", "Anmärkningar", "Notes"],
        "inputs" => ["Annetut tiedot", "Givna uppgifter", "Inputs given"],
        "receipt" => ["Kuitti", "Kvitto", "Receipt"],
        "since" => ["alkaen", "från och med", "from"],
        "rules" => ["säännöt", "regler", "rules"],
        "month" => ["kuukausi", "månad", "month"],
        "unconfirmed" => [
            "arvoa ei ole vahvistettu ensisijaisesta lähteestä",
            "värdet är inte bekräftat av en primär källa",
            "value not confirmed by a primary source",
        ],
        "derived" => [
            "arvo on johdettu muista lähteistetyistä arvoista",
            "värdet är härlett från andra belagda värden",
            "value derived from other sourced values",
        ],
        "ambiguous" => ["tulkinnanvarainen", "tolkningsfråga", "ambiguous"],
        "discretion" => [
            "harkinnanvarainen: ihminen päättää, ei laskuri",
            "prövning: en människa avgör, inte räknaren",
            "discretion: a person decides, not the calculator",
        ],
        "gap" => ["ei mallinnettu", "inte modellerat", "not modelled"],
        "info" => ["tieto", "information", "note"],
        "source" => ["lähde", "källa", "source"],
        "not_calculated" => ["ei laskettu", "inte beräknat", "not calculated"],
        _ => ["", "", ""],
    };
    match lang {
        "fi" => row[0],
        "sv" => row[1],
        _ => row[2],
    }
}

/// The notice at the top of a calculation whose month lies after the rules:
/// the law of the last covered month was carried forward to it. `lang` is a
/// language code; unknown codes get English.
pub fn carried_notice(lang: &str, first: &str, last: &str, month: &str) -> String {
    match lang {
        "fi" => format!(
            "HUOM: säännöt kattavat kuukaudet {first} … {last}. Kuukausi {month} on laskettu \
             kuukauden {last} lainsäädännöllä jatkettuna eteenpäin: jokainen arvo on \
             vahvistamaton, kunnes kuukauden {month} säännöt on julkaistu."
        ),
        "sv" => format!(
            "OBS: reglerna täcker månaderna {first} … {last}. Månaden {month} är beräknad med \
             lagstiftningen för {last} framförd: varje värde är obekräftat tills reglerna för \
             {month} har publicerats."
        ),
        _ => format!(
            "NOTE: the rules cover {first} … {last}. {month} was calculated with the law of \
             {last} carried forward: every value is unconfirmed until the rules for {month} \
             are published."
        ),
    }
}

/// The status note of a value carried forward past the rules' last month.
pub(crate) fn carried_value(lang: &str, last: &str) -> String {
    match lang {
        "fi" => format!("jatkettu eteenpäin kuukaudesta {last}"),
        "sv" => format!("framförd från {last}"),
        _ => format!("carried forward from {last}"),
    }
}

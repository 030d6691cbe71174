//! Lecture directe d'une entrée d'inventaire : pendant que le découpage lit
//! les événements de l'analyseur YAML, les réponses brutes de l'entrée sont
//! construites au passage, sans relire son texte une seconde fois.
//!
//! Seules les formes courantes sont construites ainsi : une table dont les
//! clés sont celles d'un fichier de réponses, `reponses` en table de
//! scalaires ou de listes de scalaires, `demandeur` et `derogations` en
//! tables de textes. Tout le reste abandonne la construction : ancre, alias,
//! étiquette, clé inconnue ou en double, imbrication inattendue, `null`,
//! réponse écrite comme un scalaire nu qui pourrait se lire comme un nombre,
//! une date ou un booléen autre que `true`/`false`, entrée de plus de
//! [`EVENEMENTS_MAX`] événements. L'entrée est alors relue depuis son
//! texte par serde-saphyr, comme avant (de même au-delà de
//! [`OCTETS_SCALAIRES_MAX`] octets de scalaires, la borne de son budget) ;
//! de même quand le typage des réponses
//! construites signale une erreur, pour que chaque message garde sa position
//! exacte. Un test compare les deux lectures sur des entrées tirées au hasard.

use super::lecture::OCTETS_SCALAIRES_MAX;
use crate::derogations::DerogationBrute;
use crate::reponses::{DemandeurBrut, ReponsesBrutes};
use crate::yaml::Brut;
use serde_saphyr::granit_parser::{Event, ScalarStyle};
use serde_saphyr::{Location, Spanned};

/// Au-delà de ce nombre d'événements, l'entrée est relue par serde-saphyr,
/// dont le budget (`budget_entree`) décide seul.
pub const EVENEMENTS_MAX: usize = 10_000;

/// Champ de premier niveau d'une entrée.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Champ {
    Outil,
    Questionnaire,
    DeclarePar,
    Etablissement,
    Demandeur,
    Reponses,
    Derogations,
}

impl Champ {
    fn de(cle: &str) -> Option<Champ> {
        Some(match cle {
            "outil" => Champ::Outil,
            "questionnaire" => Champ::Questionnaire,
            "declare_par" => Champ::DeclarePar,
            "etablissement" => Champ::Etablissement,
            "demandeur" => Champ::Demandeur,
            "reponses" => Champ::Reponses,
            "derogations" => Champ::Derogations,
            _ => return None,
        })
    }
}

/// Champ d'une dérogation (0 `regle`, 1 `justification`, 2 `approuve_par`,
/// 3 `expire_le`) ou du demandeur (0 `nom`, 1 `fonction`).
type Rang = usize;

/// Où en est la construction.
enum Lieu {
    /// Avant la table de l'entrée.
    Avant,
    /// Dans la table de l'entrée, en attente d'une clé.
    Cle,
    /// En attente de la valeur d'un champ de premier niveau.
    Valeur(Champ),
    /// Dans `reponses`, en attente d'une clé.
    ReponsesCle,
    /// En attente de la réponse au fait nommé.
    Reponse(Spanned<String>),
    /// Dans la liste de valeurs d'un fait.
    Liste(Spanned<String>, Vec<Spanned<String>>),
    /// Dans `demandeur`, en attente d'une clé.
    DemandeurCle,
    /// En attente d'un champ du demandeur.
    DemandeurValeur(Rang),
    /// Dans `derogations`, en attente d'une dérogation.
    Derogations,
    /// Dans une dérogation, en attente d'une clé.
    DerogationCle([Option<Spanned<String>>; 4]),
    /// En attente d'un champ de dérogation.
    DerogationValeur([Option<Spanned<String>>; 4], Rang),
    /// L'entrée est construite.
    Fini,
    /// Forme non prise en charge : relire le texte.
    Abandon,
}

/// Réponses brutes construites à partir des événements d'une entrée.
pub struct Construction {
    lieu: Lieu,
    brut: ReponsesBrutes,
    vus: Vec<Champ>,
    demandeur_vus: [bool; 2],
    evenements: usize,
    octets: usize,
}

fn place<T>(valeur: T) -> Spanned<T> {
    Spanned::new(valeur, Location::UNKNOWN, Location::UNKNOWN)
}

/// Un scalaire nu que YAML pourrait lire autrement que comme un texte
/// (nombre, date, booléen, `null`, vide) : laissé à serde-saphyr.
fn ambigu(v: &str) -> bool {
    let Some(premier) = v.chars().next() else {
        return true;
    };
    if premier.is_ascii_digit() || matches!(premier, '+' | '-' | '.') {
        return nombre_possible(v);
    }
    premier == '~'
        || (v.len() <= 5
            && ["true", "false", "yes", "no", "on", "off", "y", "n", "null"]
                .iter()
                .any(|m| v.eq_ignore_ascii_case(m)))
}

/// Vrai pour tout ce qu'une des règles de YAML 1.1 ou 1.2 pourrait lire
/// comme un nombre ou une date (largement : dans le doute, vrai) ; `5e` ou
/// `6ème` n'en sont pas.
fn nombre_possible(v: &str) -> bool {
    let b = v.as_bytes();
    if b.first().is_some_and(u8::is_ascii_digit)
        && b.iter()
            .any(|c| matches!(c, b':' | b' ' | b'-' | b'T' | b't'))
    {
        // Dates, heures, sexagésimaux (« 1:30 »).
        return true;
    }
    let corps = v.strip_prefix(['+', '-']).unwrap_or(v).to_ascii_lowercase();
    let chiffres =
        |s: &str, base: u32| !s.is_empty() && s.chars().all(|x| x == '_' || x.is_digit(base));
    if let Some(reste) = corps.strip_prefix("0x") {
        return chiffres(reste, 16);
    }
    if let Some(reste) = corps
        .strip_prefix("0o")
        .or_else(|| corps.strip_prefix("0b"))
    {
        return chiffres(reste, 10);
    }
    if matches!(corps.as_str(), ".inf" | ".nan" | "inf" | "nan" | "infinity") {
        return true;
    }
    // Décimal : des chiffres, au plus un point, un exposant complet.
    let (mantisse, exposant) = match corps.split_once('e') {
        Some((m, e)) => (m, Some(e)),
        None => (corps.as_str(), None),
    };
    let (entier, fraction) = mantisse.split_once('.').unwrap_or((mantisse, ""));
    let mantisse_ok = (entier.bytes().any(|x| x.is_ascii_digit())
        || fraction.bytes().any(|x| x.is_ascii_digit()))
        && chiffres_ou_vide(entier)
        && chiffres_ou_vide(fraction);
    let exposant_ok = exposant.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && e.bytes().all(|x| x.is_ascii_digit())
    });
    mantisse_ok && exposant_ok
}

fn chiffres_ou_vide(s: &str) -> bool {
    s.bytes().all(|x| x == b'_' || x.is_ascii_digit())
}

/// Le texte d'un scalaire lu pour un champ texte (outil, dérogation...) :
/// serde-saphyr y prend un nombre ou une date tels qu'écrits, seuls les
/// `null` lui sont laissés.
fn texte_libre(e: &Event<'_>) -> Option<String> {
    match e {
        Event::Scalar(v, ScalarStyle::Plain, 0, None)
            if v.is_empty() || v == "~" || v.eq_ignore_ascii_case("null") =>
        {
            None
        }
        Event::Scalar(v, _, 0, None) => Some(v.to_string()),
        _ => None,
    }
}

/// Le texte d'un scalaire, s'il ne peut être qu'un texte.
fn texte(e: &Event<'_>) -> Option<String> {
    match e {
        Event::Scalar(v, style, 0, None) => {
            (*style != ScalarStyle::Plain || !ambigu(v)).then(|| v.to_string())
        }
        _ => None,
    }
}

const CHAMPS_DEROGATION: [&str; 4] = ["regle", "justification", "approuve_par", "expire_le"];

impl Construction {
    /// Une construction vide, avant le premier événement de l'entrée.
    pub fn new() -> Construction {
        Construction {
            lieu: Lieu::Avant,
            brut: ReponsesBrutes {
                outil: None,
                questionnaire: None,
                declare_par: None,
                etablissement: None,
                demandeur: None,
                reponses: Default::default(),
                derogations: Vec::new(),
            },
            vus: Vec::new(),
            demandeur_vus: [false; 2],
            evenements: 0,
            octets: 0,
        }
    }

    /// Prend en compte l'événement suivant de l'entrée.
    pub fn noter(&mut self, e: &Event<'_>) {
        if matches!(self.lieu, Lieu::Abandon) {
            return;
        }
        self.evenements += 1;
        if let Event::Scalar(v, ..) = e {
            self.octets = self.octets.saturating_add(v.len());
        }
        if self.evenements > EVENEMENTS_MAX || self.octets > OCTETS_SCALAIRES_MAX {
            self.lieu = Lieu::Abandon;
            return;
        }
        let lieu = std::mem::replace(&mut self.lieu, Lieu::Abandon);
        self.lieu = self.etape(lieu, e).unwrap_or(Lieu::Abandon);
    }

    fn etape(&mut self, lieu: Lieu, e: &Event<'_>) -> Option<Lieu> {
        Some(match lieu {
            Lieu::Avant => match e {
                Event::MappingStart(_, 0, None) => Lieu::Cle,
                _ => return None,
            },
            Lieu::Cle => match e {
                Event::MappingEnd => Lieu::Fini,
                _ => {
                    let champ = Champ::de(&texte(e)?)?;
                    if self.vus.contains(&champ) {
                        return None;
                    }
                    self.vus.push(champ);
                    Lieu::Valeur(champ)
                }
            },
            Lieu::Valeur(champ) => match (champ, e) {
                (Champ::Reponses, Event::MappingStart(_, 0, None)) => Lieu::ReponsesCle,
                (Champ::Demandeur, Event::MappingStart(_, 0, None)) => {
                    self.brut.demandeur = Some(DemandeurBrut::default());
                    Lieu::DemandeurCle
                }
                (Champ::Derogations, Event::SequenceStart(_, 0, None)) => Lieu::Derogations,
                (Champ::Outil, _) => {
                    self.brut.outil = Some(place(texte_libre(e)?));
                    Lieu::Cle
                }
                (Champ::Questionnaire, _) => {
                    self.brut.questionnaire = Some(place(texte_libre(e)?));
                    Lieu::Cle
                }
                (Champ::DeclarePar, _) => {
                    self.brut.declare_par = Some(texte_libre(e)?);
                    Lieu::Cle
                }
                (Champ::Etablissement, _) => {
                    self.brut.etablissement = Some(texte_libre(e)?);
                    Lieu::Cle
                }
                _ => return None,
            },
            Lieu::ReponsesCle => match e {
                Event::MappingEnd => Lieu::Cle,
                _ => {
                    // serde-saphyr refuses a key written twice: so is it left to it.
                    let cle = texte(e)?;
                    if self.brut.reponses.0.iter().any(|(k, _)| k.value == cle) {
                        return None;
                    }
                    Lieu::Reponse(place(cle))
                }
            },
            Lieu::Reponse(cle) => match e {
                Event::SequenceStart(_, 0, None) => Lieu::Liste(cle, Vec::new()),
                Event::Scalar(v, ScalarStyle::Plain, 0, None) if v == "true" || v == "false" => {
                    self.brut
                        .reponses
                        .0
                        .push((cle, place(Brut::Booleen(v == "true"))));
                    Lieu::ReponsesCle
                }
                _ => {
                    let t = texte(e)?;
                    self.brut.reponses.0.push((cle, place(Brut::Texte(t))));
                    Lieu::ReponsesCle
                }
            },
            Lieu::Liste(cle, mut valeurs) => match e {
                Event::SequenceEnd => {
                    self.brut
                        .reponses
                        .0
                        .push((cle, place(Brut::Liste(valeurs))));
                    Lieu::ReponsesCle
                }
                _ => {
                    valeurs.push(place(texte(e)?));
                    Lieu::Liste(cle, valeurs)
                }
            },
            Lieu::DemandeurCle => match e {
                Event::MappingEnd => Lieu::Cle,
                _ => {
                    let rang = match texte(e)?.as_str() {
                        "nom" => 0,
                        "fonction" => 1,
                        _ => return None,
                    };
                    if std::mem::replace(self.demandeur_vus.get_mut(rang)?, true) {
                        return None;
                    }
                    Lieu::DemandeurValeur(rang)
                }
            },
            Lieu::DemandeurValeur(rang) => {
                let t = texte_libre(e)?;
                let d = self.brut.demandeur.get_or_insert_with(Default::default);
                if rang == 0 {
                    d.nom = Some(t);
                } else {
                    d.fonction = Some(t);
                }
                Lieu::DemandeurCle
            }
            Lieu::Derogations => match e {
                Event::SequenceEnd => Lieu::Cle,
                Event::MappingStart(_, 0, None) => Lieu::DerogationCle([None, None, None, None]),
                _ => return None,
            },
            Lieu::DerogationCle(champs) => match e {
                Event::MappingEnd => {
                    let [regle, justification, approuve_par, expire_le] = champs;
                    self.brut.derogations.push(DerogationBrute {
                        regle: regle?,
                        justification,
                        approuve_par,
                        expire_le,
                    });
                    Lieu::Derogations
                }
                _ => {
                    let cle = texte(e)?;
                    let rang = CHAMPS_DEROGATION.iter().position(|c| *c == cle)?;
                    if champs.get(rang)?.is_some() {
                        return None;
                    }
                    Lieu::DerogationValeur(champs, rang)
                }
            },
            Lieu::DerogationValeur(mut champs, rang) => {
                *champs.get_mut(rang)? = Some(place(texte_libre(e)?));
                Lieu::DerogationCle(champs)
            }
            Lieu::Fini | Lieu::Abandon => return None,
        })
    }

    /// Les réponses brutes, si l'entrée entière a pu être construite.
    pub fn finir(self) -> Option<ReponsesBrutes> {
        matches!(self.lieu, Lieu::Fini).then_some(self.brut)
    }
}

impl Default for Construction {
    fn default() -> Self {
        Construction::new()
    }
}

#[cfg(test)]
mod tests {
    use super::super::decoupage::{Debut, Element, ouvrir};
    use super::*;
    use crate::alea::Alea;

    /// What a raw answers document says, positions left out.
    fn vue(b: &ReponsesBrutes) -> String {
        let t = |s: &Option<Spanned<String>>| s.as_ref().map(|s| s.value.clone());
        let reponses: Vec<(String, String)> = b
            .reponses
            .0
            .iter()
            .map(|(k, v)| (k.value.clone(), format!("{:?}", vue_brut(&v.value))))
            .collect();
        let derogations: Vec<_> = b
            .derogations
            .iter()
            .map(|d| {
                (
                    d.regle.value.clone(),
                    t(&d.justification),
                    t(&d.approuve_par),
                    t(&d.expire_le),
                )
            })
            .collect();
        format!(
            "{:?} {:?} {:?} {:?} {:?} {reponses:?} {derogations:?}",
            t(&b.outil),
            t(&b.questionnaire),
            b.declare_par,
            b.etablissement,
            b.demandeur.as_ref().map(|d| (&d.nom, &d.fonction)),
        )
    }

    fn vue_brut(b: &Brut) -> String {
        match b {
            Brut::Liste(l) => format!("{:?}", l.iter().map(|s| &s.value).collect::<Vec<_>>()),
            autre => format!("{autre:?}"),
        }
    }

    /// Spellings of a scalar, the tricky ones included.
    const SCALAIRES: &[&str] = &[
        "oui",
        "non",
        "inconnu",
        "grand_public",
        "true",
        "false",
        "True",
        "FALSE",
        "yes",
        "No",
        "on",
        "y",
        "~",
        "null",
        "Null",
        "''",
        "\"\"",
        "'true'",
        "\"false\"",
        "12",
        "-3",
        "1.5",
        "1e3",
        "0x1F",
        "0o17",
        ".inf",
        ".NaN",
        "2026-12-31",
        "+1",
        "-",
        "é",
        "Service 00012",
        "\"a: b\"",
        "'cité ''ici'''",
        "5e",
        "6ème",
        "4e",
        "1_000",
        "0b101",
        "1:30",
        "12h",
        "3D",
        "1.",
        ".5",
        "+.5e-3",
        "-.inf",
        "0",
        "007",
        "1__2",
        "2e+",
        "e3",
        "_1",
        "\"ligne\\nsuivante\"",
        "!!str 12",
        "!!bool oui",
        "&a oui",
        "*a",
        ">\n      plié\n      sur deux",
        "|\n      tel quel",
    ];

    fn scalaire(a: &mut Alea) -> String {
        if a.n(3) == 0 {
            a.choix(SCALAIRES).to_string()
        } else {
            let courants = [
                "oui",
                "non",
                "inconnu",
                "5e",
                "enseignant",
                "'cité'",
                "Outil X",
            ];
            a.choix(&courants).to_string()
        }
    }

    fn valeur(a: &mut Alea) -> String {
        match a.n(8) {
            0 => format!("[{}, {}]", scalaire(a), scalaire(a)),
            1 => "[]".into(),
            2 => format!("\n      - {}\n      - {}", scalaire(a), scalaire(a)),
            3 => "{x: y}".into(),
            _ => scalaire(a),
        }
    }

    fn entree(a: &mut Alea) -> String {
        let mut s = String::from("- ");
        let champs = [
            "outil",
            "questionnaire",
            "declare_par",
            "etablissement",
            "reponses",
            "demandeur",
            "derogations",
            "inconnu",
            "outil",
        ];
        let mut premier = true;
        for _ in 0..1 + a.n(5) {
            if !premier {
                s.push_str("  ");
            }
            premier = false;
            match a.choix(&champs) {
                "reponses" => {
                    s.push_str("reponses:\n");
                    for _ in 0..a.n(4) {
                        let cle = a.choix(&["role", "usage", "publics", "role", "true", "12"]);
                        s.push_str(&format!("    {cle}: {}\n", valeur(a)));
                    }
                }
                "demandeur" => {
                    s.push_str("demandeur:\n");
                    for _ in 0..a.n(3) {
                        let cle = a.choix(&["nom", "fonction", "nom", "autre"]);
                        s.push_str(&format!("    {cle}: {}\n", scalaire(a)));
                    }
                }
                "derogations" => {
                    s.push_str("derogations:\n");
                    for _ in 0..a.n(3) {
                        s.push_str("    -");
                        for _ in 0..1 + a.n(4) {
                            let cle = a.choix(&[
                                "regle",
                                "regle",
                                "justification",
                                "approuve_par",
                                "expire_le",
                                "autre",
                            ]);
                            s.push_str(&format!(" {cle}: {}\n     ", scalaire(a)));
                        }
                        s.push('\n');
                    }
                }
                autre => s.push_str(&format!("{autre}: {}\n", scalaire(a))),
            }
        }
        s
    }

    /// Every entry built from the events reads the same as serde-saphyr
    /// reading its text; the forms left to serde-saphyr are many, but the
    /// common ones are built.
    #[test]
    fn construite_comme_relue() {
        let mut a = Alea(7);
        let (mut construites, mut relues) = (0, 0);
        for _ in 0..1_500 {
            let mut texte = String::from("outils:\n");
            for _ in 0..1 + a.n(6) {
                texte.push_str(&entree(&mut a));
            }
            let Debut::Liste(mut d) = ouvrir(texte.as_bytes()) else {
                continue;
            };
            while let Some(e) = d.suivant() {
                let Element::Entree(m) = e else { continue };
                let mut options = serde_saphyr::Options::default();
                options.budget = Some(super::super::lecture::budget_entree());
                let relu = serde_saphyr::from_str_with_options::<ReponsesBrutes>(&m.texte, options);
                match (&m.brut, relu) {
                    (Some(b), Ok(r)) => {
                        assert_eq!(vue(b), vue(&r), "\n{}", m.texte);
                        construites += 1;
                    }
                    (Some(b), Err(e)) => {
                        panic!("construite {} mais illisible : {e}\n{}", vue(b), m.texte)
                    }
                    (None, _) => relues += 1,
                }
            }
        }
        assert!(construites > 100 && relues > 100, "{construites} {relues}");
    }

    /// Past the scalar bytes that serde-saphyr's entry budget allows, the
    /// entry is left to it (which refuses it), not built.
    #[test]
    fn au_dela_du_budget_laissee_a_serde_saphyr() {
        // Five lines of 500 000 « é » (a line may not pass a million
        // characters): 5 MB of one folded scalar.
        let ligne = "é".repeat(500_000);
        let mut texte = String::from("- outil: A\n  demandeur:\n    nom: >\n");
        for _ in 0..5 {
            texte.push_str(&format!("      {ligne}\n"));
        }
        assert!(5 * ligne.len() > OCTETS_SCALAIRES_MAX);
        let Debut::Liste(mut d) = ouvrir(texte.as_bytes()) else {
            panic!("liste attendue")
        };
        let Some(Element::Entree(m)) = d.suivant() else {
            panic!("entrée attendue")
        };
        assert!(m.brut.is_none());
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(super::super::lecture::budget_entree());
        assert!(serde_saphyr::from_str_with_options::<ReponsesBrutes>(&m.texte, options).is_err());
    }

    #[test]
    fn formes_courantes_construites() {
        let texte = "- outil: A\n  reponses: {role: enseignant, publics: [5e, 4e], x: true}\n  derogations:\n    - {regle: R, justification: 'j', approuve_par: p, expire_le: '2027-01-01'}\n  demandeur: {nom: Nadia}\n";
        let Debut::Liste(mut d) = ouvrir(texte.as_bytes()) else {
            panic!("liste attendue")
        };
        let Some(Element::Entree(m)) = d.suivant() else {
            panic!("entrée attendue")
        };
        let b = m.brut.unwrap_or_else(|| panic!("non construite"));
        assert_eq!(
            vue(&b),
            "Some(\"A\") None None None Some((Some(\"Nadia\"), None)) [(\"role\", \"\\\"Texte(\\\\\\\"enseignant\\\\\\\")\\\"\"), (\"publics\", \"\\\"[\\\\\\\"5e\\\\\\\", \\\\\\\"4e\\\\\\\"]\\\"\"), (\"x\", \"\\\"Booleen(true)\\\"\")] [(\"R\", Some(\"j\"), Some(\"p\"), Some(\"2027-01-01\"))]"
        );
    }
}

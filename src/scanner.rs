//! Repérage de données personnelles dans un texte avant qu'il soit collé dans
//! un outil d'IA : courriels, téléphones, INE, NIR (clé contrôlée), IBAN
//! (somme contrôlée), adresses, dates de naissance, prénoms et noms (liste de
//! prénoms et contexte), classes, termes de santé, de situation familiale et
//! de vie scolaire. Chaque trouvaille porte la valeur du fait
//! `donnees_personnelles` à laquelle elle correspond.
//!
//! Le texte est lu ligne à ligne (flux), en UTF-8 (repli en Windows-1252
//! signalé), fins de ligne Unix ou Windows ; une entrée binaire est refusée.

mod controles;
mod lecture;
mod motifs;
mod pseudonymes;

pub use lecture::{ErreurLecture, Ligne, Lignes};
pub use pseudonymes::Pseudonymiseur;

use motifs::{Genre, Motifs};
use serde::Serialize;
use std::collections::HashSet;

/// Ce qu'une trouvaille désigne.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Categorie {
    /// Adresse électronique.
    Courriel,
    /// Numéro de téléphone français.
    Telephone,
    /// Identifiant national élève.
    Ine,
    /// Numéro de sécurité sociale.
    Nir,
    /// Coordonnées bancaires.
    Iban,
    /// Adresse postale.
    Adresse,
    /// Date de naissance.
    DateNaissance,
    /// Prénom ou nom d'une personne.
    Personne,
    /// Classe (« 3e B »).
    Classe,
    /// Santé ou handicap.
    Sante,
    /// Situation familiale ou sociale.
    Famille,
    /// Vie scolaire (absences, sanctions).
    VieScolaire,
}

impl Categorie {
    /// Toutes les catégories, dans l'ordre d'affichage.
    pub const TOUTES: [Categorie; 12] = [
        Categorie::Courriel,
        Categorie::Telephone,
        Categorie::Ine,
        Categorie::Nir,
        Categorie::Iban,
        Categorie::Adresse,
        Categorie::DateNaissance,
        Categorie::Personne,
        Categorie::Classe,
        Categorie::Sante,
        Categorie::Famille,
        Categorie::VieScolaire,
    ];

    /// Identifiant (JSON, corpus annoté).
    pub fn id(self) -> &'static str {
        match self {
            Categorie::Courriel => "courriel",
            Categorie::Telephone => "telephone",
            Categorie::Ine => "ine",
            Categorie::Nir => "nir",
            Categorie::Iban => "iban",
            Categorie::Adresse => "adresse",
            Categorie::DateNaissance => "date_naissance",
            Categorie::Personne => "personne",
            Categorie::Classe => "classe",
            Categorie::Sante => "sante",
            Categorie::Famille => "famille",
            Categorie::VieScolaire => "vie_scolaire",
        }
    }

    /// Lit un identifiant.
    pub fn depuis(id: &str) -> Option<Categorie> {
        Categorie::TOUTES.into_iter().find(|c| c.id() == id)
    }

    /// Libellé pour une personne.
    pub fn libelle(self) -> &'static str {
        match self {
            Categorie::Courriel => "courriel",
            Categorie::Telephone => "téléphone",
            Categorie::Ine => "INE",
            Categorie::Nir => "numéro de sécurité sociale",
            Categorie::Iban => "IBAN",
            Categorie::Adresse => "adresse postale",
            Categorie::DateNaissance => "date de naissance",
            Categorie::Personne => "nom ou prénom",
            Categorie::Classe => "classe",
            Categorie::Sante => "santé ou handicap",
            Categorie::Famille => "situation familiale",
            Categorie::VieScolaire => "vie scolaire",
        }
    }

    /// La valeur du fait `donnees_personnelles` (DESIGN §2) que la trouvaille désigne.
    pub fn donnee(self) -> &'static str {
        match self {
            Categorie::Sante => "sante_handicap",
            Categorie::Famille => "situation_familiale",
            Categorie::VieScolaire => "vie_scolaire",
            _ => "identite",
        }
    }

    /// Rang pour départager deux trouvailles qui se chevauchent (le plus petit gagne) :
    /// les identifiants contrôlés d'abord, les termes en dernier.
    fn rang(self) -> u8 {
        match self {
            Categorie::Iban => 0,
            Categorie::Nir => 1,
            Categorie::Ine => 2,
            Categorie::Courriel => 3,
            Categorie::Telephone => 4,
            Categorie::DateNaissance => 5,
            Categorie::Adresse => 6,
            Categorie::Personne => 7,
            Categorie::Classe => 8,
            Categorie::Sante => 9,
            Categorie::Famille => 10,
            Categorie::VieScolaire => 11,
        }
    }
}

/// Une donnée repérée dans une ligne.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trouvaille {
    /// Début, en octets dans la ligne.
    pub debut: usize,
    /// Fin (exclue), en octets dans la ligne.
    pub fin: usize,
    /// Catégorie.
    pub categorie: Categorie,
    /// Pourquoi c'est une donnée personnelle.
    pub raison: &'static str,
    /// Nom précédé d'une civilité (« M. », « Mme ») : un adulte plutôt qu'un élève.
    pub civilite: bool,
}

/// Mots après lesquels un prénom désigne un lieu, pas une personne
/// (« collège Jean Moulin », « rue Victor Hugo »).
const AVANT_LIEU: [&str; 16] = [
    "collège",
    "college",
    "lycée",
    "lycee",
    "école",
    "ecole",
    "rue",
    "avenue",
    "boulevard",
    "place",
    "allée",
    "impasse",
    "quai",
    "saint",
    "sainte",
    "gymnase",
];

/// Le détecteur compilé (motifs et liste de prénoms), à réutiliser pour tout un texte.
pub struct Detecteur {
    motifs: Motifs,
    prenoms: HashSet<String>,
}

impl Detecteur {
    /// Compile les motifs et charge la liste de prénoms intégrée.
    pub fn new() -> Result<Detecteur, String> {
        let motifs = Motifs::compiler().map_err(|e| format!("motif de repérage invalide : {e}"))?;
        let prenoms = include_str!("scanner/prenoms.txt")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_lowercase)
            .collect();
        Ok(Detecteur { motifs, prenoms })
    }

    fn est_prenom(&self, mot: &str) -> bool {
        let m = mot.to_lowercase();
        self.prenoms.contains(&m)
            || m.split_once('-')
                .is_some_and(|(a, _)| self.prenoms.contains(a))
    }

    /// Les données personnelles d'une ligne (sans sa fin de ligne), sans chevauchement,
    /// dans l'ordre du texte.
    pub fn analyser(&self, ligne: &str) -> Vec<Trouvaille> {
        let mut candidats = Vec::new();
        for i in self.motifs.ensemble.matches(ligne).iter() {
            let Some(m) = self.motifs.liste.get(i) else {
                continue;
            };
            let mut garder = |tout: regex::Match, v: regex::Match| {
                if !limite_avant(ligne, tout.start()) || !limite_apres(ligne, v.end()) {
                    return;
                }
                let mut t = Trouvaille {
                    debut: v.start(),
                    fin: v.end(),
                    categorie: m.categorie,
                    raison: m.raison,
                    civilite: false,
                };
                match m.genre {
                    Genre::Direct => {}
                    Genre::Controle(ok) => {
                        if !ok(v.as_str()) {
                            return;
                        }
                    }
                    Genre::Contexte => {
                        let debut = &ligne[tout.start()..v.start()];
                        t.civilite = debut.starts_with('M') || debut.starts_with('D');
                    }
                }
                candidats.push(t);
            };
            if m.regex.captures_len() > 1 {
                for c in m.regex.captures_iter(ligne) {
                    if let Some(tout) = c.get(0) {
                        garder(tout, c.name("v").unwrap_or(tout));
                    }
                }
            } else {
                for tout in m.regex.find_iter(ligne) {
                    garder(tout, tout);
                }
            }
        }
        self.noms(ligne, &mut candidats);
        retenir(candidats)
    }

    /// Prénoms de la liste (« Léa », « Jean-Marc »), suivis ou précédés d'un
    /// nom à majuscule (« Léa Martin », « MARTIN Léa »), hors noms de lieux.
    fn noms(&self, ligne: &str, candidats: &mut Vec<Trouvaille>) {
        let mots = mots(ligne);
        let raison_prenom = "prénom courant (liste de prénoms), éventuellement suivi d'un nom";
        let raison_capitales = "NOM en capitales suivi d'un prénom courant";
        // Après « rue », « collège »… les mots à majuscule qui suivent forment le nom du lieu.
        let mut lieu = false;
        for (k, &(d, f)) in mots.iter().enumerate() {
            let mot = &ligne[d..f];
            lieu = if apres_lieu(&ligne[..d]) {
                true
            } else {
                lieu && forme_nom(mot) && ligne[..d].ends_with(' ')
            };
            if lieu || !forme_prenom(mot) || !self.est_prenom(mot) {
                continue;
            }
            let voisin = |j: usize| {
                mots.get(j)
                    .copied()
                    .filter(|&(a, b)| forme_nom(&ligne[a..b]))
            };
            let suivant = voisin(k + 1).filter(|&(a, _)| &ligne[f..a] == " ");
            let precedent = k
                .checked_sub(1)
                .and_then(voisin)
                .filter(|&(a, b)| &ligne[b..d] == " " && capitales(&ligne[a..b]));
            let (debut, fin, raison) = match (precedent, suivant) {
                (Some((a, _)), _) if !apres_lieu(&ligne[..a]) => (a, f, raison_capitales),
                (_, Some((_, b))) => (d, b, raison_prenom),
                _ => (d, f, raison_prenom),
            };
            candidats.push(Trouvaille {
                debut,
                fin,
                categorie: Categorie::Personne,
                raison,
                civilite: false,
            });
        }
    }
}

/// Les mots d'une ligne : suites de lettres, avec trait d'union ou apostrophe
/// entre deux lettres (début et fin en octets).
fn mots(ligne: &str) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut debut: Option<usize> = None;
    let mut it = ligne.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let lettre = c.is_alphabetic();
        let elision = |d: usize| ELISIONS.contains(&ligne[d..i].to_lowercase().as_str());
        let liant = match (c, debut) {
            ('-', Some(_)) => true,
            ('\'' | '’', Some(d)) => !elision(d),
            _ => false,
        } && it.peek().is_some_and(|(_, n)| n.is_alphabetic());
        match (debut, lettre || liant) {
            (None, true) if lettre => debut = Some(i),
            (Some(d), false) => {
                v.push((d, i));
                debut = None;
            }
            _ => {}
        }
    }
    if let Some(d) = debut {
        v.push((d, ligne.len()));
    }
    v
}

/// Mots élidés devant une apostrophe : « d'Arthur » contient le mot « Arthur ».
const ELISIONS: [&str; 12] = [
    "d", "l", "j", "n", "s", "m", "t", "c", "qu", "jusqu", "lorsqu", "puisqu",
];

/// Une majuscule puis des minuscules (« Léa », « Jean-Marc »).
fn forme_prenom(mot: &str) -> bool {
    let mut c = mot.chars();
    c.next().is_some_and(char::is_uppercase)
        && c.clone().next().is_some_and(char::is_lowercase)
        && c.all(|x| x.is_lowercase() || matches!(x, '-' | '\'' | '’') || x.is_uppercase())
}

/// Tout en capitales, au moins deux lettres (« DURAND »).
fn capitales(mot: &str) -> bool {
    mot.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && mot
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, '-' | '\'' | '’'))
}

/// Peut être un nom de famille : majuscule initiale, ou capitales.
fn forme_nom(mot: &str) -> bool {
    mot.chars().next().is_some_and(char::is_uppercase) && !MOTS_NON_NOMS.contains(&mot)
}

/// Mots à majuscule qui suivent souvent un prénom sans être un nom.
const MOTS_NON_NOMS: [&str; 8] = ["Le", "La", "Les", "Et", "Un", "Une", "De", "Du"];

/// Pas de lettre ni de chiffre juste avant `i`.
fn limite_avant(ligne: &str, i: usize) -> bool {
    ligne
        .get(..i)
        .and_then(|a| a.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Pas de lettre ni de chiffre juste après `i`.
fn limite_apres(ligne: &str, i: usize) -> bool {
    ligne
        .get(i..)
        .and_then(|a| a.chars().next())
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Le mot qui précède annonce un lieu.
fn apres_lieu(avant: &str) -> bool {
    let mot = avant
        .trim_end()
        .rsplit(|c: char| c.is_whitespace() || c == '\'' || c == '’')
        .next()
        .unwrap_or("")
        .to_lowercase();
    AVANT_LIEU.contains(&mot.as_str())
}

/// Garde, parmi des trouvailles qui se chevauchent, la mieux classée puis la plus longue.
fn retenir(mut candidats: Vec<Trouvaille>) -> Vec<Trouvaille> {
    candidats.sort_by_key(|t| {
        (
            t.categorie.rang(),
            std::cmp::Reverse(t.fin - t.debut),
            t.debut,
        )
    });
    let mut gardees: Vec<Trouvaille> = Vec::with_capacity(candidats.len());
    for t in candidats {
        if gardees.iter().all(|g| t.fin <= g.debut || t.debut >= g.fin) {
            gardees.push(t);
        }
    }
    gardees.sort_by_key(|t| t.debut);
    gardees
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trouve(texte: &str) -> Vec<(Categorie, String)> {
        let d = Detecteur::new().unwrap();
        d.analyser(texte)
            .into_iter()
            .map(|t| (t.categorie, texte[t.debut..t.fin].to_string()))
            .collect()
    }

    #[test]
    fn identifiants() {
        let t = trouve("Écrire à lea.martin@exemple.fr ou au 06 12 34 56 78, INE 1234567890A.");
        assert_eq!(
            t,
            vec![
                (Categorie::Courriel, "lea.martin@exemple.fr".into()),
                (Categorie::Telephone, "06 12 34 56 78".into()),
                (Categorie::Ine, "1234567890A".into()),
            ]
        );
    }

    #[test]
    fn nir_faux_ignore_nir_juste_trouve() {
        let n: u64 = 1_841_276_451_089;
        let cle = 97 - n % 97;
        let juste = format!("NIR : 1 84 12 76 451 089 {cle:02}");
        assert_eq!(trouve(&juste)[0].0, Categorie::Nir);
        let faux = format!("NIR : 1 84 12 76 451 089 {:02}", cle % 97 + 1);
        assert!(trouve(&faux).iter().all(|(c, _)| *c != Categorie::Nir));
    }

    #[test]
    fn noms_en_contexte_et_lieux() {
        let t =
            trouve("Mme Le Goff a vu Jean-Marc DURAND au collège Jean Moulin, rue Victor Hugo.");
        assert_eq!(
            t,
            vec![
                (Categorie::Personne, "Le Goff".into()),
                (Categorie::Personne, "Jean-Marc DURAND".into()),
            ]
        );
        assert_eq!(
            trouve("MARTIN Léa, 3e B"),
            vec![
                (Categorie::Personne, "MARTIN Léa".into()),
                (Categorie::Classe, "3e B".into())
            ]
        );
    }

    #[test]
    fn termes_sensibles() {
        let t = trouve("PAP pour dyslexie ; parents divorcés ; deux absences.");
        let cats: Vec<Categorie> = t.iter().map(|(c, _)| *c).collect();
        assert_eq!(
            cats,
            vec![
                Categorie::Sante,
                Categorie::Sante,
                Categorie::Famille,
                Categorie::VieScolaire
            ]
        );
        assert_eq!(Categorie::Sante.donnee(), "sante_handicap");
    }

    #[test]
    fn texte_sans_donnee() {
        assert!(trouve("La photosynthèse transforme la lumière en énergie chimique.").is_empty());
        assert!(trouve("Rendez le devoir le 12/03/2026 à 8 h 30.").is_empty());
    }
}

//! Les motifs du repérage, compilés une fois : un `RegexSet` dit en un seul
//! passage quels motifs une ligne contient, puis seuls ceux-là sont relancés
//! pour situer chaque occurrence.
//!
//! Les motifs n'utilisent pas `\b` : une limite de mot Unicode empêche le
//! moteur rapide (DFA) de traiter un texte accentué. Les limites de mot sont
//! vérifiées après coup ([`super::Detecteur::analyser`]).

use super::Categorie;
use regex::{Regex, RegexSet};

/// Un motif : sa catégorie, ce qui le justifie, son expression.
pub(super) struct Motif {
    pub categorie: Categorie,
    pub raison: &'static str,
    pub genre: Genre,
    pub regex: Regex,
}

/// Ce qu'il faut faire d'une occurrence du motif.
#[derive(Clone, Copy)]
pub(super) enum Genre {
    /// L'occurrence entière (ou le groupe `v`) est la donnée.
    Direct,
    /// Confirmée par un contrôle (clé, somme).
    Controle(fn(&str) -> bool),
    /// Civilité ou lien (« M. », « élève », « fils ») suivi d'un nom (groupe `v`).
    Contexte,
}

const MOIS: &str = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre";

fn motifs_sources() -> Vec<(Categorie, &'static str, Genre, String)> {
    use Categorie::*;
    use Genre::*;
    let maj = r"[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]";
    let min = r"[a-zàâäçéèêëîïôöùûüÿæœ]";
    let mot_nom = format!(r"{maj}(?:{min}+|[A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸ]+)(?:[-'’]{maj}{min}+)?");
    vec![
        (
            Courriel,
            "adresse électronique (forme nom@domaine)",
            Direct,
            r"(?i)[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}".into(),
        ),
        (
            Telephone,
            "numéro de téléphone français (10 chiffres ou +33)",
            Direct,
            r"(?:(?:\+|00)33[ .-]?(?:\(0\)[ .-]?)?[1-9]|0[1-9])(?:[ .-]?\d{2}){4}".into(),
        ),
        (
            Ine,
            "identifiant national élève (INE : 10 chiffres et une lettre, ou 9 chiffres et deux lettres)",
            Controle(super::controles::ine_valide),
            r"(?:\d{10}[A-Z]|\d{9}[A-Z]{2})".into(),
        ),
        (
            Nir,
            "numéro de sécurité sociale (NIR) dont la clé est exacte",
            Controle(super::controles::nir_valide),
            r"[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AB])[ .]?\d{3}[ .]?\d{3}[ .]?\d{2}"
                .into(),
        ),
        (
            Iban,
            "IBAN dont la somme de contrôle est exacte",
            Controle(super::controles::iban_valide),
            r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?".into(),
        ),
        (
            Adresse,
            "adresse postale (numéro et voie)",
            Direct,
            r"(?i)(?P<v>\d{1,4}(?: ?(?:bis|ter))?,? (?:rue|avenue|av\.|boulevard|bd|place|allée|allee|impasse|chemin|route|quai|cours|square|résidence|residence|lotissement|hameau|lieu-dit) [^\n,;.:()]{2,50}?(?:, ?\d{5} [\p{L}][\p{L}' -]*\p{L})?)(?:[,;.:()]|$)"
                .into(),
        ),
        (
            Adresse,
            "code postal suivi d'une commune",
            Direct,
            format!(r"\d{{5}} {maj}{min}+(?:[- ](?:sur|sous|en|lès|les|le|la|de|du|{maj}{min}+))*"),
        ),
        (
            DateNaissance,
            "date de naissance (date précédée de « né le », « naissance »…)",
            Direct,
            format!(
                r"(?i)(?:née?s?|date de naissance|naissance)\s*(?:le|:)?\s*(?P<v>\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{1,2}}(?:er)? (?:{MOIS}) \d{{4}})"
            ),
        ),
        (
            Classe,
            "nom de classe (niveau et division)",
            Direct,
            r"(?:(?:[3-6](?:e|è|ème|eme)|2(?:de|nde)|1(?:re|ère)|T(?:le|ale)|CE[12]|CM[12])(?: ?[A-H]| ?[1-9])|CP [A-H1-9])"
                .into(),
        ),
        (
            Sante,
            "santé ou handicap (plan, notification, trouble ou soin)",
            Direct,
            r"(?:PAP|PPS|PAI|PPRE|MDPH|AESH|AVS|ULIS|RASED|TDAH?|TSA|TSLA)|(?i:dys(?:lexi|prax|orthograph|calcul|phas|graph)\p{L}*|autis\p{L}*|asperger|hyperactivit\p{L}*|épilep\p{L}*|diabét\p{L}*|diabète|asthm\p{L}*|allergi\p{L}*|handicap\p{L}*|troubles? (?:de l'attention|du comportement|des apprentissages|du langage|anxieux|alimentaires?)|suivi psychologique|psychologue|psychiatr\p{L}*|orthophon\p{L}*|ergothérap\p{L}*|psychomotric\p{L}*|traitement médical|maladie|hospitalis\p{L}*|dépression|anorexi\p{L}*|phobie scolaire|médecin scolaire|infirmerie|grossesse|tiers[- ]temps)"
                .into(),
        ),
        (
            Famille,
            "situation familiale ou sociale",
            Direct,
            r"(?i)(?:divorc\p{L}*|séparation des parents|parents séparés|garde alternée|famille d'accueil|foyer de l'enfance|aide sociale à l'enfance|placement (?:en foyer|familial)|décès|décédée?s?|orphelin\p{L}*|deuil|violences? (?:conjugales|intrafamiliales)|maltraitance|information préoccupante|boursi(?:er|ère)s?|fonds social|chômage|précarité|sans domicile|hébergement d'urgence|tuteur légal|tutelle|curatelle|incarcér\p{L}*|famille monoparentale|situation familiale|allocataires?|allocation de rentrée scolaire|revenu de solidarité active)|ASE"
                .into(),
        ),
        (
            VieScolaire,
            "vie scolaire (absences, retards, sanctions)",
            Direct,
            r"(?i)(?:sanctions?|sanctionnée?s?|conseil de discipline|exclusions? (?:temporaires?|définitives?|de cours)|exclue? de cours|retenues?|avertissements?|blâmes?|absences?|absentéisme|absente?s?|retards?|décrochage|harcèlement|harcelée?s?|commission éducative|mesure de responsabilisation|rapport d'incident|procédures? disciplinaires?|punitions?|heures? de colle)"
                .into(),
        ),
        (
            Personne,
            "nom de personne après une civilité ou un lien (M., Mme, élève, fils…)",
            Contexte,
            format!(
                r"(?:(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Dr|Docteur|Maître|Me)|(?i:(?:élève|eleve|l'élève|enfant|fils|fille|frère|sœur|soeur|camarade)))\s+(?P<v>{mot_nom}(?:\s+{mot_nom})?)"
            ),
        ),
    ]
}

/// Les motifs compilés et leur ensemble.
pub(super) struct Motifs {
    pub ensemble: RegexSet,
    pub liste: Vec<Motif>,
}

impl Motifs {
    /// Compile les motifs (ils sont écrits ici : une erreur est un défaut du programme).
    pub fn compiler() -> Result<Motifs, regex::Error> {
        let sources = motifs_sources();
        let ensemble = RegexSet::new(sources.iter().map(|(_, _, _, s)| s.as_str()))?;
        let mut liste = Vec::with_capacity(sources.len());
        for (categorie, raison, genre, s) in sources {
            liste.push(Motif {
                categorie,
                raison,
                genre,
                regex: Regex::new(&s)?,
            });
        }
        Ok(Motifs { ensemble, liste })
    }
}

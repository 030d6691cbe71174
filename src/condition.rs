//! Le langage des conditions de cadria : lecture ([`syntaxe`]), typage contre
//! le schéma des faits ([`typage`]) et évaluation exacte avec des réponses
//! manquantes ([`evaluation`]). Règles, questions et notions l'emploient
//! toutes ; aucune condition n'atteint le moteur sans avoir été typée.

pub mod evaluation;
/// What rule validation needs to know about the rest of the base.
pub struct ContexteValidation<'a> {
    /// The fact vocabulary (shared with the reasoning contexts).
    pub schema: &'a std::sync::Arc<Schema>,
    /// Ids of the questionnaires loaded with the rules.
    pub questionnaires: Vec<String>,
    /// Named sub-conditions (`questionnaires/notions.yaml` and `notions*.yaml` of a rule pack).
    pub notions: &'a [Notion],
    /// Sources citables et répondants (`rules/sources.yaml`, `questionnaires/repondants.yaml`).
    pub contenu: &'a crate::contenu::Contenu,
}

#[cfg(test)]
mod exactitude;
pub mod notions;
pub mod syntaxe;
pub mod typage;

use crate::diag::{Code, Diagnostic, Position};
use crate::faits::{Faits, Schema};
use evaluation::{Atteint, Codage, Etat, Recherche, kleene};
pub use typage::{Noeud, Notion};

/// Longueur maximale du texte d'une condition (une vraie condition fait
/// quelques centaines de caractères).
pub const LONGUEUR_MAX: usize = 4_000;

/// Nœuds qu'une recherche a le droit de visiter pour une condition ; au-delà,
/// rien n'est affirmé (le constat reste « possible »).
pub const BUDGET_RECHERCHE: usize = 20_000;

/// Une condition lue et typée.
#[derive(Debug, Clone)]
pub struct Condition {
    /// Le texte, tel qu'écrit.
    pub texte: String,
    /// La forme compilée (notions remplacées par leur définition).
    pub noeud: Noeud,
    /// Les faits lus (indices du schéma, dans l'ordre du schéma).
    pub faits_lus: Vec<usize>,
    /// Vrai quand la condition lit `date_evaluation`.
    pub lit_date: bool,
    /// Où elle est écrite.
    pub origine: Position,
}

/// Ce qu'une condition donne pour un ensemble de réponses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    /// Fausse quelles que soient les réponses manquantes.
    Fausse,
    /// Vraie quelles que soient les réponses manquantes.
    Vraie,
    /// Vraie pour certaines réponses seulement ; `inconnus` = exactement les
    /// faits sans réponse dont la réponse peut changer le résultat.
    Possible {
        /// Faits déterminants (indices du schéma, triés).
        inconnus: Vec<usize>,
        /// Vrai quand la recherche a été interrompue par son budget : rien
        /// n'est prouvé et `inconnus` liste tous les faits inconnus lus.
        interrompue: bool,
    },
}

/// Où placer une plage de la condition dans le fichier : la position du
/// scalaire YAML et le texte du fichier, pour retrouver ligne et colonne.
pub struct Emplacement<'a> {
    /// Fichier, ligne et colonne du début du scalaire.
    pub debut: Position,
    /// Le texte entier du fichier (vide si inconnu).
    pub source: &'a str,
}

impl Emplacement<'_> {
    /// La position dans le fichier de l'octet `decalage` de `valeur` (le texte
    /// de la condition après lecture YAML). Les caractères de la valeur sont
    /// retrouvés dans l'ordre dans le fichier, en sautant les blancs, retours
    /// à la ligne et guillemets que la lecture YAML a repliés.
    pub fn position(&self, valeur: &str, decalage: usize) -> Position {
        let mut pos = self.debut.clone();
        if self.debut.ligne == 0 {
            return pos;
        }
        let lignes: Vec<&str> = self.source.lines().collect();
        let (mut l, mut c) = (
            (self.debut.ligne - 1) as usize,
            (self.debut.colonne.saturating_sub(1)) as usize,
        );
        let car_en = |l: usize, c: usize| lignes.get(l).and_then(|t| t.chars().nth(c));
        let avancer = |l: &mut usize, c: &mut usize| {
            *c += 1;
            if lignes.get(*l).is_none_or(|t| *c >= t.chars().count()) {
                *l += 1;
                *c = 0;
            }
        };
        let cible = valeur.get(decalage..).and_then(|r| r.chars().next());
        let avant = valeur.get(..decalage).unwrap_or_default();
        let chercher = |ch: char, l: &mut usize, c: &mut usize| -> bool {
            // Saute au plus 200 caractères (indentation, retours à la ligne,
            // guillemets repliés par YAML).
            let mut essais = 0;
            while car_en(*l, *c) != Some(ch) {
                if *l >= lignes.len() || essais > 200 {
                    return false;
                }
                avancer(l, c);
                essais += 1;
            }
            true
        };
        for ch in avant.chars().filter(|c| !c.is_whitespace()) {
            if !chercher(ch, &mut l, &mut c) {
                return pos;
            }
            avancer(&mut l, &mut c);
        }
        if let Some(ch) = cible.filter(|c| !c.is_whitespace())
            && !chercher(ch, &mut l, &mut c)
        {
            return pos;
        }
        if l < lignes.len() {
            pos.ligne = l as u64 + 1;
            pos.colonne = c as u64 + 1;
        }
        pos
    }
}

/// Lit et type une condition ; chaque problème devient un diagnostic placé
/// à l'endroit exact du fichier. `objet` nomme ce qui porte la condition
/// (« la règle DONNEES-01 »).
pub fn compiler(
    objet: &str,
    texte: &str,
    ou: &Emplacement<'_>,
    schema: &Schema,
    notions: &[Notion],
    diags: &mut Vec<Diagnostic>,
) -> Option<(Condition, Vec<usize>)> {
    let texte_net = texte.trim();
    if texte_net.len() > LONGUEUR_MAX {
        diags.push(
            Diagnostic::erreur(
                Code::Syntaxe,
                ou.debut.clone(),
                format!(
                    "condition de {objet} trop longue ({} caractères, {LONGUEUR_MAX} au plus)",
                    texte_net.len()
                ),
            )
            .aide("découpez-la en notions nommées (notions*.yaml) ou en plusieurs règles"),
        );
        return None;
    }
    let decalage_net = texte.len() - texte.trim_start().len();
    let place = |d: usize| ou.position(texte, d + decalage_net);
    let expr = match syntaxe::lire(texte_net) {
        Ok(e) => e,
        Err(e) => {
            let code = if e.hors_langage {
                Code::HorsLangage
            } else {
                Code::Syntaxe
            };
            diags.push(
                Diagnostic::erreur(
                    code,
                    place(e.plage.debut),
                    format!("condition de {objet} : {}", e.message),
                )
                .aide(e.aide),
            );
            return None;
        }
    };
    let mut typeur = typage::Typeur::new(schema, notions);
    let noeud = typeur.typer(&expr);
    for e in &typeur.erreurs {
        let code = match e.genre {
            typage::GenreErreur::NomInconnu => Code::FaitInconnu,
            typage::GenreErreur::HorsDomaine => Code::ValeurHorsDomaine,
            typage::GenreErreur::FaitTexte => Code::FaitTexteDansCondition,
            typage::GenreErreur::Type => Code::TypeCondition,
        };
        diags.push(
            Diagnostic::erreur(
                code,
                place(e.plage.debut),
                format!("condition de {objet} : {}", e.message),
            )
            .aide(e.aide.clone()),
        );
    }
    let noeud = noeud?;
    let mut faits_lus = Vec::new();
    noeud.faits_lus(&mut faits_lus);
    faits_lus.sort_unstable();
    let lit_date = noeud.lit_date();
    Some((
        Condition {
            texte: texte_net.to_string(),
            noeud,
            faits_lus,
            lit_date,
            origine: ou.debut.clone(),
        },
        typeur.notions_utilisees,
    ))
}

impl Condition {
    /// Une condition toujours vraie (sans texte lu), pour les tests et les
    /// questions sans condition.
    pub fn vraie() -> Self {
        Condition {
            texte: "true".to_string(),
            noeud: Noeud::Constante(true),
            faits_lus: Vec::new(),
            lit_date: false,
            origine: Position::new("", 0, 0),
        }
    }

    /// L'issue de la condition pour les réponses `etats` (toutes, par fait),
    /// à la date `date` (`AAAAMMJJ`).
    pub fn evaluer(&self, etats: &mut [Etat], codage: &Codage, date: u32) -> Issue {
        if let Some(v) = kleene(&self.noeud, etats, codage, date) {
            return if v { Issue::Vraie } else { Issue::Fausse };
        }
        let inconnus: Vec<usize> = self
            .faits_lus
            .iter()
            .copied()
            .filter(|f| etats.get(*f).is_some_and(|e| !codage.est_connu(*f, *e)))
            .collect();
        let mut r = Recherche::new(codage, date, BUDGET_RECHERCHE, &inconnus, None);
        match r.explorer(&self.noeud, etats) {
            Ok(Atteint { vrai: false, .. }) => Issue::Fausse,
            Ok(Atteint { faux: false, .. }) => Issue::Vraie,
            Ok(_) => Issue::Possible {
                inconnus: r.faits_determinants(),
                interrompue: false,
            },
            Err(_) => Issue::Possible {
                inconnus,
                interrompue: true,
            },
        }
    }

    /// Vrai quand la condition peut être vraie pour ces réponses (une
    /// recherche interrompue compte comme « peut être vraie »).
    pub fn peut_etre_vraie(
        &self,
        schema: &Schema,
        codage: &Codage,
        faits: &Faits,
        date: u32,
    ) -> bool {
        let mut etats = codage.etats(schema, faits);
        if let Some(v) = kleene(&self.noeud, &etats, codage, date) {
            return v;
        }
        let mut r = Recherche::new(codage, date, BUDGET_RECHERCHE, &[], Some(true));
        r.explorer(&self.noeud, &mut etats)
            .map(|a| a.vrai)
            .unwrap_or(true)
    }
}

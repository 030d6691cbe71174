//! Le modèle de présentation d'un rapport, construit une fois et rendu par
//! tous les formats (texte, Markdown, HTML, ODT, l'écran de rapport du
//! questionnaire et la fin du mode simple), pour qu'ils ne divergent pas :
//! « En bref », « Ce qu'il faut faire », « À confirmer » (par personne qui
//! peut répondre), les constats par gravité, puis l'annexe (conseils,
//! règles sans constat, réponses dans l'ordre du questionnaire, tampon).

use super::{ConstatRapport, LigneReponse, Rapport};
use crate::base::Base;
use crate::moteur::{Certitude, Verdict};
use crate::regles::Gravite;
use crate::reponses::Reponses;
use crate::typographie::accorder;
use serde::Serialize;

/// Le meilleur et le pire cas quand des réponses manquent (verdict joint),
/// en mots.
#[derive(Debug, Clone, Serialize)]
pub struct VueCas {
    /// Verdict le plus favorable qu'une réponse peut donner.
    pub meilleur: String,
    /// Verdict le moins favorable.
    pub pire: String,
    /// Faux quand la recherche a été interrompue : le meilleur cas peut être
    /// plus sévère.
    pub exacts: bool,
}

/// « En bref » : le verdict en mots, ce qu'il veut dire et pourquoi.
#[derive(Debug, Clone, Serialize)]
pub struct EnBref {
    /// Le verdict en mots, court (« À vérifier »).
    pub verdict: String,
    /// Ce qu'il veut dire, en une phrase.
    pub sens: String,
    /// Pourquoi, en une ou deux phrases.
    pub pourquoi: String,
    /// Meilleur et pire cas, quand l'évaluation les fournit (verdict joint).
    pub cas: Option<VueCas>,
}

/// Une action de « Ce qu'il faut faire ».
#[derive(Debug, Clone, Serialize)]
pub struct Action {
    /// Ce qu'il faut faire (la remédiation de la règle).
    pub texte: String,
    /// Identifiant de la règle.
    pub regle: String,
    /// Titre de la règle.
    pub titre: String,
    /// Gravité.
    pub gravite: Gravite,
    /// Vrai pour une interdiction ou une non-conformité (à traiter d'abord).
    pub bloquant: bool,
    /// Vrai quand « En bref » nomme déjà la règle (le texte peut alors ne
    /// donner que son identifiant).
    pub nommee: bool,
}

/// Une règle qu'une réponse manquante peut faire apparaître.
#[derive(Debug, Clone, Serialize)]
pub struct EnJeu {
    /// Identifiant.
    pub regle: String,
    /// Titre.
    pub titre: String,
    /// Gravité en mots (« interdiction », « point de vigilance »).
    pub gravite: String,
}

/// Une réponse à obtenir.
#[derive(Debug, Clone, Serialize)]
pub struct VueAConfirmer {
    /// Identifiant du fait.
    pub fait: String,
    /// La question.
    pub question: String,
    /// Les autres personnes qui peuvent aussi répondre.
    pub aussi: Vec<String>,
    /// Ce que la réponse peut changer.
    pub en_jeu: Vec<EnJeu>,
    /// La même chose en une ligne (« interdiction (DONNEES-05), point de
    /// vigilance (ENV-01) »).
    pub en_jeu_texte: String,
}

/// Les réponses à obtenir d'une même personne.
#[derive(Debug, Clone, Serialize)]
pub struct GroupeAConfirmer {
    /// Qui peut répondre (« l'éditeur de l'outil », « le DPO »).
    pub qui: String,
    /// Les questions.
    pub questions: Vec<VueAConfirmer>,
}

/// Les constats d'une gravité.
#[derive(Debug, Clone, Serialize)]
pub struct GroupeGravite<'r> {
    /// Gravité.
    pub gravite: Gravite,
    /// Intitulé du groupe, accordé (« 2 interdictions »).
    pub intitule: String,
    /// Les constats.
    pub constats: Vec<&'r ConstatRapport>,
}

/// Le rapport tel qu'une personne le lit ; tous les champs du [`Rapport`]
/// restent accessibles aux gabarits.
#[derive(Debug, Clone, Serialize)]
pub struct Presentation<'r> {
    /// Le rapport (contrat JSON).
    #[serde(flatten)]
    pub rapport: &'r Rapport,
    /// Vrai pour le résumé d'une page (`--resume`) : sections 1 à 3 seulement.
    pub resume: bool,
    /// La date de l'évaluation en toutes lettres (« 1er décembre 2026 »).
    pub date_longue: String,
    /// En bref.
    pub en_bref: EnBref,
    /// Ce qu'il faut faire : d'abord ce qui bloque, puis la vigilance.
    pub a_faire: Vec<Action>,
    /// Les réponses qui peuvent changer le verdict, par personne.
    pub a_confirmer: Vec<GroupeAConfirmer>,
    /// Les constats en détail par gravité (sans les conseils).
    pub detail: Vec<GroupeGravite<'r>>,
    /// Les conseils (annexe).
    pub conseils: Vec<&'r ConstatRapport>,
    /// Décompte des constats en mots (« 2 interdictions, 4 conseils »).
    pub decompte: String,
    /// Les réponses dans l'ordre du questionnaire, « je ne sais pas » compris.
    pub reponses_ordonnees: Vec<LigneReponse>,
}

/// Le nom d'une gravité pour compter (« interdiction », « non-conformité »).
fn nom_gravite(g: Gravite) -> (&'static str, &'static str) {
    match g {
        Gravite::Interdit => ("interdiction", "interdictions"),
        Gravite::NonConforme => ("non-conformité", "non-conformités"),
        Gravite::Vigilance => ("point de vigilance", "points de vigilance"),
        Gravite::Conseil => ("conseil", "conseils"),
    }
}

/// `a`, `a et b`, `a, b et c`, `a, b, c et 2 autres`.
fn enumerer(elements: &[String]) -> String {
    match elements {
        [] => String::new(),
        [a] => a.clone(),
        [debut @ .., dernier] if elements.len() <= 3 => {
            format!("{} et {dernier}", debut.join(", "))
        }
        _ => format!(
            "{} et {} autres",
            elements[..3].join(", "),
            elements.len() - 3
        ),
    }
}

/// A count at the start of a sentence, in words up to ten (« Deux règles »).
fn en_tete(n: usize) -> String {
    const LETTRES: [&str; 9] = [
        "Deux", "Trois", "Quatre", "Cinq", "Six", "Sept", "Huit", "Neuf", "Dix",
    ];
    n.checked_sub(2)
        .and_then(|k| LETTRES.get(k))
        .map_or_else(|| n.to_string(), |s| (*s).to_string())
}

/// Whether a finding counts (not waived).
fn compte(c: &ConstatRapport) -> bool {
    c.derogation.is_none()
}

fn en_bref(r: &Rapport) -> EnBref {
    let certains = |g: Gravite| -> Vec<&ConstatRapport> {
        r.constats
            .iter()
            .filter(|c| c.gravite == g && c.certitude == Certitude::Certain && compte(c))
            .collect()
    };
    let nommer = |cs: &[&ConstatRapport]| -> String {
        enumerer(
            &cs.iter()
                .map(|c| format!("« {} » ({})", c.titre, c.regle))
                .collect::<Vec<_>>(),
        )
    };
    let interdits = certains(Gravite::Interdit);
    let non_conformes = certains(Gravite::NonConforme);
    let vigilance = certains(Gravite::Vigilance);
    // A verdict made certain by different rules depending on the missing
    // answers (joint verdict): which rule, for which answers.
    let selon_les_reponses = || -> String {
        let cas: Vec<String> = r
            .couverture
            .iter()
            .map(|c| {
                let si = if c.si.is_empty() {
                    "dans les autres cas".to_string()
                } else {
                    format!("si {}", c.si.join(" ; ou si "))
                };
                format!("« {} » ({}) {si}", c.titre, c.regle)
            })
            .collect();
        format!(
            "Quelle que soit votre réponse aux questions restantes, une règle s'y oppose : {}.",
            enumerer_tout(&cas)
        )
    };
    let (sens, pourquoi) = match r.verdict {
        Verdict::Interdit | Verdict::NonConforme
            if interdits.is_empty() && non_conformes.is_empty() =>
        {
            (
                if r.verdict == Verdict::Interdit {
                    "cet usage ne doit pas avoir lieu tel qu'il est prévu.".to_string()
                } else {
                    "cet usage doit être corrigé avant d'être mis en œuvre.".to_string()
                },
                selon_les_reponses(),
            )
        }
        Verdict::Interdit => {
            let mut p = if interdits.len() == 1 {
                format!("Une règle l'interdit : {}.", nommer(&interdits))
            } else {
                format!(
                    "{} règles l'interdisent : {}.",
                    en_tete(interdits.len()),
                    nommer(&interdits)
                )
            };
            if !non_conformes.is_empty() {
                p.push_str(&format!(
                    " S'y ajoute{} {}.",
                    if non_conformes.len() > 1 { "nt" } else { "" },
                    accorder(non_conformes.len() as i64, "non-conformité", None)
                ));
            }
            (
                "cet usage ne doit pas avoir lieu tel qu'il est prévu.".to_string(),
                p,
            )
        }
        Verdict::NonConforme => (
            "cet usage doit être corrigé avant d'être mis en œuvre.".to_string(),
            if non_conformes.len() == 1 {
                format!(
                    "Une règle n'est pas respectée : {}.",
                    nommer(&non_conformes)
                )
            } else {
                format!(
                    "{} règles ne sont pas respectées : {}.",
                    en_tete(non_conformes.len()),
                    nommer(&non_conformes)
                )
            },
        ),
        Verdict::AVerifier if !r.constats.iter().any(|c| {
            c.gravite >= Gravite::NonConforme && c.certitude == Certitude::Possible && compte(c)
        }) =>
        {
            (
                "des réponses manquent pour conclure ; selon elles, l'usage pourrait être interdit ou non conforme.".to_string(),
                "Les réponses « à confirmer » ci-dessous décident du verdict.".to_string(),
            )
        }
        Verdict::AVerifier => {
            let possibles: Vec<&ConstatRapport> = r
                .constats
                .iter()
                .filter(|c| {
                    c.gravite >= Gravite::NonConforme
                        && c.certitude == Certitude::Possible
                        && compte(c)
                })
                .collect();
            (
                "des réponses manquent pour conclure ; selon elles, l'usage pourrait être interdit ou non conforme.".to_string(),
                if possibles.len() == 1 {
                    format!("Une règle pourrait s'y opposer : {}.", nommer(&possibles))
                } else {
                    format!(
                        "{} règles pourraient s'y opposer : {}.",
                        en_tete(possibles.len()),
                        nommer(&possibles)
                    )
                },
            )
        }
        Verdict::ConformeSousReserve => (
            "l'usage peut avoir lieu, en tenant compte des points de vigilance.".to_string(),
            format!(
                "Aucune règle ne s'y oppose ; {} à traiter.",
                accorder(vigilance.len() as i64, "point de vigilance", None)
            ),
        ),
        Verdict::Conforme => (
            "aucune règle vérifiée ne s'oppose à cet usage.".to_string(),
            format!(
                "Les {} vérifiées ne relèvent ni interdiction, ni non-conformité, ni point de vigilance.",
                accorder(r.regles_verifiees as i64, "règle", None)
            ),
        ),
    };
    EnBref {
        verdict: {
            let court = r.verdict.court();
            let mut lettres = court.chars();
            lettres
                .next()
                .map(|c| c.to_uppercase().chain(lettres).collect())
                .unwrap_or_default()
        },
        sens,
        pourquoi,
        cas: (r.meilleur_cas != r.pire_cas).then(|| VueCas {
            meilleur: r.meilleur_cas_libelle.clone(),
            pire: r.pire_cas_libelle.clone(),
            exacts: r.cas_exacts,
        }),
    }
}

fn actions(r: &Rapport, bref: &EnBref) -> Vec<Action> {
    r.constats
        .iter()
        .filter(|c| {
            c.gravite >= Gravite::Vigilance && c.certitude == Certitude::Certain && compte(c)
        })
        .map(|c| Action {
            texte: c.remediation.clone(),
            regle: c.regle.clone(),
            titre: c.titre.clone(),
            gravite: c.gravite,
            bloquant: c.gravite >= Gravite::NonConforme,
            nommee: bref.pourquoi.contains(&format!("({})", c.regle)),
        })
        .collect()
}

fn a_confirmer(r: &Rapport) -> Vec<GroupeAConfirmer> {
    let mut groupes: Vec<GroupeAConfirmer> = Vec::new();
    for m in &r.reponses_manquantes {
        let en_jeu: Vec<EnJeu> = m
            .regles
            .iter()
            .filter_map(|id| r.constats.iter().find(|c| &c.regle == id))
            .filter(|c| c.gravite >= Gravite::Vigilance && compte(c))
            .map(|c| EnJeu {
                regle: c.regle.clone(),
                titre: c.titre.clone(),
                gravite: nom_gravite(c.gravite).0.to_string(),
            })
            .collect();
        if en_jeu.is_empty() {
            continue;
        }
        let qui = m
            .qui
            .first()
            .cloned()
            .unwrap_or_else(|| "la personne qui a choisi l'outil".to_string());
        let question = VueAConfirmer {
            fait: m.fait.clone(),
            question: m.question.clone(),
            aussi: m.qui.iter().skip(1).cloned().collect(),
            en_jeu_texte: en_jeu
                .iter()
                .map(|e| format!("{} ({})", e.gravite, e.regle))
                .collect::<Vec<_>>()
                .join(", "),
            en_jeu,
        };
        match groupes.iter_mut().find(|g| g.qui == qui) {
            Some(g) => g.questions.push(question),
            None => groupes.push(GroupeAConfirmer {
                qui,
                questions: vec![question],
            }),
        }
    }
    groupes
}

fn decompte(r: &Rapport) -> String {
    let parts: Vec<String> = Gravite::TOUTES
        .into_iter()
        .filter_map(|g| {
            let n = r.constats.iter().filter(|c| c.gravite == g).count();
            let (s, p) = nom_gravite(g);
            (n > 0).then(|| accorder(n as i64, s, Some(p)))
        })
        .collect();
    if parts.is_empty() {
        "aucun constat".to_string()
    } else {
        enumerer_tout(&parts)
    }
}

/// `a, b et c` sans raccourci.
fn enumerer_tout(elements: &[String]) -> String {
    match elements {
        [] => String::new(),
        [a] => a.clone(),
        [debut @ .., dernier] => format!("{} et {dernier}", debut.join(", ")),
    }
}

/// The answers in the order of the questionnaire used (the rules' order of
/// facts when none is named), every answer of the file included, « je ne
/// sais pas » too.
fn reponses_ordonnees(base: &Base, reponses: &Reponses) -> Vec<LigneReponse> {
    let schema = base.schema();
    let q = reponses.questionnaire.as_deref();
    let donne = |i: usize| reponses.faits.get(i).is_some() || reponses.repondus.contains(&i);
    let mut ordre: Vec<usize> = Vec::new();
    if let Some(questionnaire) = q.and_then(|id| base.questionnaire(id)) {
        for question in questionnaire.questions() {
            if let Some(i) = schema.indice(&question.fait)
                && donne(i)
                && !ordre.contains(&i)
            {
                ordre.push(i);
            }
        }
    }
    for i in 0..schema.faits().len() {
        if donne(i) && !ordre.contains(&i) {
            ordre.push(i);
        }
    }
    ordre
        .into_iter()
        .filter_map(|i| {
            let def = schema.def(i)?;
            Some(LigneReponse {
                question: base.question(&def.id, q),
                reponse: schema.reponse_texte(i, reponses.faits.get(i)),
                fait: def.id.clone(),
            })
        })
        .collect()
}

impl<'r> Presentation<'r> {
    /// Construit la présentation de `rapport`, établi à partir de `reponses`
    /// avec les règles et questionnaires de `base`.
    pub fn construire(
        rapport: &'r Rapport,
        base: &Base,
        reponses: &Reponses,
        resume: bool,
    ) -> Presentation<'r> {
        let detail = [Gravite::Interdit, Gravite::NonConforme, Gravite::Vigilance]
            .into_iter()
            .filter_map(|g| {
                let constats: Vec<&ConstatRapport> =
                    rapport.constats.iter().filter(|c| c.gravite == g).collect();
                let (s, p) = nom_gravite(g);
                let nom = if constats.len() > 1 { p } else { s };
                let mut lettres = nom.chars();
                let intitule = match lettres.next() {
                    Some(c) => format!(
                        "{}{} ({})",
                        c.to_uppercase(),
                        lettres.as_str(),
                        constats.len()
                    ),
                    None => String::new(),
                };
                (!constats.is_empty()).then_some(GroupeGravite {
                    gravite: g,
                    intitule,
                    constats,
                })
            })
            .collect();
        let bref = en_bref(rapport);
        Presentation {
            rapport,
            resume,
            date_longue: crate::date::en_lettres(&rapport.date)
                .unwrap_or_else(|| rapport.date.clone()),
            a_faire: actions(rapport, &bref),
            en_bref: bref,
            a_confirmer: a_confirmer(rapport),
            detail,
            conseils: rapport
                .constats
                .iter()
                .filter(|c| c.gravite == Gravite::Conseil)
                .collect(),
            decompte: decompte(rapport),
            reponses_ordonnees: reponses_ordonnees(base, reponses),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerations() {
        let v = |s: &[&str]| s.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(enumerer(&v(&["a"])), "a");
        assert_eq!(enumerer(&v(&["a", "b"])), "a et b");
        assert_eq!(enumerer(&v(&["a", "b", "c"])), "a, b et c");
        assert_eq!(
            enumerer(&v(&["a", "b", "c", "d", "e"])),
            "a, b, c et 2 autres"
        );
        assert_eq!(enumerer_tout(&v(&["a", "b", "c", "d"])), "a, b, c et d");
        assert_eq!(en_tete(2), "Deux");
        assert_eq!(en_tete(10), "Dix");
        assert_eq!(en_tete(11), "11");
    }
}

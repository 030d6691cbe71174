//! Le verdict conjoint (DESIGN §4) : sur toutes les façons de compléter les
//! réponses manquantes, le meilleur et le pire verdict. Quand aucune
//! complétion n'échappe à une interdiction — par des règles différentes selon
//! les réponses —, l'usage est interdit quelle que soit la réponse, et la
//! couverture dit quelle règle l'interdit dans quel cas.

use super::{Certitude, Moteur, Resultat, Verdict};
use crate::condition::Noeud;
use crate::condition::evaluation::{Recherche, kleene};
use crate::date::Date;
use crate::faits::Faits;
use crate::regles::Gravite;

/// Nœuds qu'une recherche du meilleur cas a le droit de visiter par niveau ;
/// au-delà, le niveau n'est pas prouvé et le rapport le dit.
pub const BUDGET_CONJOINT: usize = 50_000;

/// Un cas de réponses : pour chaque fait nommé, les réponses qu'il couvre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cas {
    /// `(fait, réponses possibles en français)` ; vide = toutes les réponses.
    pub conditions: Vec<(usize, Vec<String>)>,
}

/// Une règle et les cas de réponses où c'est elle qui s'applique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Couverture {
    /// Indice de la règle.
    pub regle: usize,
    /// Les cas qu'elle couvre.
    pub cas: Vec<Cas>,
}

/// Le verdict d'une évaluation, avec son meilleur et son pire cas.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictConjoint {
    /// Le verdict retenu.
    pub verdict: Verdict,
    /// Le verdict le plus favorable qu'une complétion des réponses atteint
    /// (une borne basse prouvée quand `exact` est faux).
    pub meilleur_cas: Verdict,
    /// Le verdict le moins favorable qu'une complétion atteint.
    pub pire_cas: Verdict,
    /// Faux quand une recherche a été interrompue par son budget : le
    /// meilleur cas peut être plus sévère que ce qui est affirmé.
    pub exact: bool,
    /// Quand le verdict est certain sans qu'une seule règle le soit : quelle
    /// règle couvre quelles réponses.
    pub couverture: Vec<Couverture>,
}

/// Le verdict que donne une règle qui s'applique, selon sa gravité.
fn niveau(g: Gravite) -> Verdict {
    match g {
        Gravite::Interdit => Verdict::Interdit,
        Gravite::NonConforme => Verdict::NonConforme,
        Gravite::Vigilance => Verdict::ConformeSousReserve,
        Gravite::Conseil => Verdict::Conforme,
    }
}

impl Moteur<'_> {
    /// Le verdict conjoint de `eval`, l'évaluation de `faits` à `date` ;
    /// `gravite(k)` est la gravité retenue pour la règle `k` (`None` quand
    /// une dérogation l'écarte).
    pub fn verdict_conjoint(
        &self,
        faits: &Faits,
        date: Date,
        eval: &Resultat,
        gravite: impl Fn(usize) -> Option<Gravite>,
    ) -> VerdictConjoint {
        let regles = self.base().regles();
        let comptes: Vec<(usize, Certitude, Verdict)> = eval
            .constats
            .iter()
            .filter_map(|c| gravite(c.regle).map(|g| (c.regle, c.certitude, niveau(g))))
            .collect();
        let pire_cas = comptes
            .iter()
            .map(|(_, _, n)| *n)
            .max()
            .unwrap_or(Verdict::Conforme);
        let jour = date.aaaammjj();
        let codage = self.codage();
        let schema = self.base().schema();
        let mut exact = true;
        let mut meilleur_cas = Verdict::Conforme;
        let mut couverture = Vec::new();
        for seuil in [
            Verdict::Interdit,
            Verdict::NonConforme,
            Verdict::ConformeSousReserve,
        ] {
            let concernees: Vec<&(usize, Certitude, Verdict)> =
                comptes.iter().filter(|(_, _, n)| *n >= seuil).collect();
            if concernees.is_empty() {
                continue;
            }
            if concernees.iter().any(|(_, c, _)| *c == Certitude::Certain) {
                meilleur_cas = seuil;
                break;
            }
            // Existe-t-il des réponses pour lesquelles aucune de ces règles ne s'applique ?
            let noeud = Noeud::Et(
                concernees
                    .iter()
                    .filter_map(|(k, _, _)| regles.get(*k))
                    .map(|r| Noeud::Non(Box::new(r.condition.noeud.clone())))
                    .collect(),
            );
            let mut etats = codage.etats(schema, faits);
            let mut lus: Vec<usize> = Vec::new();
            for (k, _, _) in &concernees {
                if let Some(r) = regles.get(*k) {
                    for f in &r.condition.faits_lus {
                        if !lus.contains(f)
                            && etats.get(*f).is_some_and(|e| !codage.est_connu(*f, *e))
                        {
                            lus.push(*f);
                        }
                    }
                }
            }
            lus.sort_unstable();
            let mut r = Recherche::new(codage, jour, BUDGET_CONJOINT, &lus, Some(true));
            match r.explorer(&noeud, &mut etats) {
                Ok(a) if a.vrai => continue,
                Ok(_) => {
                    meilleur_cas = seuil;
                    let initiaux = codage.etats(schema, faits);
                    for (feuille, _) in r.feuilles() {
                        let mut pave = initiaux.clone();
                        for (f, e) in lus.iter().zip(feuille) {
                            if let Some(slot) = pave.get_mut(*f) {
                                *slot = *e;
                            }
                        }
                        let Some(regle) = concernees.iter().map(|(k, _, _)| *k).find(|k| {
                            regles.get(*k).is_some_and(|r| {
                                kleene(&r.condition.noeud, &pave, codage, jour) == Some(true)
                            })
                        }) else {
                            continue;
                        };
                        let cas = Cas {
                            conditions: lus
                                .iter()
                                .filter(|f| pave.get(**f) != initiaux.get(**f))
                                .filter_map(|f| {
                                    pave.get(*f).map(|e| (*f, codage.decrire(schema, *f, *e)))
                                })
                                .collect(),
                        };
                        match couverture
                            .iter_mut()
                            .find(|c: &&mut Couverture| c.regle == regle)
                        {
                            Some(c) => c.cas.push(cas),
                            None => couverture.push(Couverture {
                                regle,
                                cas: vec![cas],
                            }),
                        }
                    }
                    break;
                }
                Err(_) => exact = false,
            }
        }
        let verdict = if meilleur_cas >= Verdict::NonConforme {
            meilleur_cas
        } else if pire_cas >= Verdict::NonConforme {
            Verdict::AVerifier
        } else {
            pire_cas
        };
        VerdictConjoint {
            verdict,
            meilleur_cas,
            pire_cas,
            exact,
            couverture,
        }
    }
}

/// Une réponse qui manque et ce qu'elle peut changer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AConfirmer {
    /// Indice du fait.
    pub fait: usize,
    /// La gravité la plus haute d'un constat que cette réponse peut changer.
    pub gravite: Gravite,
    /// Les règles dont le constat dépend de cette réponse (indices).
    pub regles: Vec<usize>,
}

impl Moteur<'_> {
    /// Les faits sans réponse dont la réponse peut encore changer un constat
    /// (et donc le verdict), du plus lourd de conséquences au moins lourd :
    /// d'abord ceux qui peuvent rendre l'usage interdit, puis à gravité égale
    /// ceux qui touchent le plus de règles, puis dans l'ordre du schéma.
    /// `gravite(k)` est la gravité retenue pour la règle `k` (`None` quand une
    /// dérogation l'écarte).
    pub fn a_confirmer(
        &self,
        eval: &Resultat,
        gravite: impl Fn(usize) -> Option<Gravite>,
    ) -> Vec<AConfirmer> {
        let mut out: Vec<AConfirmer> = Vec::new();
        for c in &eval.constats {
            let Some(g) = gravite(c.regle) else { continue };
            for f in &c.inconnus {
                match out.iter_mut().find(|a| a.fait == *f) {
                    Some(a) => {
                        a.gravite = a.gravite.max(g);
                        a.regles.push(c.regle);
                    }
                    None => out.push(AConfirmer {
                        fait: *f,
                        gravite: g,
                        regles: vec![c.regle],
                    }),
                }
            }
        }
        out.sort_by_key(|a| {
            (
                std::cmp::Reverse(a.gravite),
                std::cmp::Reverse(a.regles.len()),
                a.fait,
            )
        });
        out
    }
}

//! La pertinence d'une question, tirée des règles : une question n'est posée
//! que tant que sa réponse peut encore changer le verdict, ou un constat qui
//! interdit l'usage (gravité `interdit` ou `non_conforme`).
//!
//! Le critère est celui du moteur : pour chaque règle dont l'issue dépend
//! encore des réponses manquantes, [`Moteur::evaluer`] donne exactement les
//! faits sans réponse dont la valeur peut changer cette issue pour une
//! complétion des autres réponses (les « faits déterminants » ; une
//! recherche interrompue par son budget les donne tous, ce qui est
//! prudent). Sont retenues :
//! - les règles `interdit` et `non_conforme` : ce sont elles qui disent ce
//!   qu'il faut changer, le rapport doit les établir ;
//! - les règles `vigilance` tant qu'aucun constat certain de gravité
//!   `vigilance` ou plus n'est acquis : au-delà, elles ne peuvent plus
//!   changer le verdict d'aucune complétion (le verdict d'une complétion est
//!   le niveau de la plus grave règle qui s'applique, et ce niveau est déjà
//!   atteint) ;
//! - jamais les règles `conseil`, qui ne changent jamais le verdict.
//!
//! Un fait qui n'est déterminant pour aucune règle retenue ne change donc le
//! verdict d'aucune complétion des réponses : ni le verdict, ni le meilleur
//! ou le pire cas. Sa question disparaît ; les points de vigilance et
//! conseils qui en dépendent restent « à confirmer » dans le rapport (une
//! réponse manquante ne vaut jamais conformité).
//!
//! Les questions sont examinées dans l'ordre du questionnaire : la
//! pertinence de la question `k` se calcule avec les réponses retenues des
//! questions qui la précèdent (les suivantes comptent comme inconnues). Une
//! réponse de plus ne fait que retirer des complétions : les faits
//! déterminants ne peuvent que diminuer et les constats certains que
//! s'ajouter, si bien que le nombre de questions restantes ne peut pas
//! augmenter après une réponse nouvelle (voir les tests).
//!
//! Un fait qu'aucune règle ne lit (le nom de l'outil) n'est pas concerné :
//! il sert au rapport, sa question est toujours posée.

use crate::date::Date;
use crate::faits::Faits;
use crate::moteur::{Certitude, ErreurEvaluation, Moteur};
use crate::regles::Gravite;

/// Les faits qu'au moins une règle lit, par indice du schéma : seuls ceux-là
/// peuvent devenir non pertinents.
pub fn faits_lus_par_les_regles(moteur: &Moteur<'_>) -> Vec<bool> {
    let base = moteur.base();
    let mut lus = vec![false; Faits::inconnus(base.schema()).len()];
    for r in base.regles() {
        for f in &r.condition.faits_lus {
            if let Some(l) = lus.get_mut(*f) {
                *l = true;
            }
        }
    }
    lus
}

/// Les faits encore déterminants avec les réponses `faits` à `date`
/// (`AAAA-MM-JJ`), par indice du schéma : `vrai` quand une complétion des
/// réponses manquantes existe où la réponse à ce fait change l'issue d'une
/// règle retenue (voir le module). Les faits déjà connus ne le sont jamais.
pub fn faits_determinants(
    moteur: &Moteur<'_>,
    faits: &Faits,
    date: Date,
) -> Result<Vec<bool>, ErreurEvaluation> {
    let regles = moteur.base().regles();
    let mut out = vec![false; faits.len()];
    let resultat = moteur.evaluer(faits, date)?;
    let gravite = |k: usize| regles.get(k).map(|r| r.gravite);
    let acquis = resultat
        .constats
        .iter()
        .filter(|c| c.certitude == Certitude::Certain)
        .filter_map(|c| gravite(c.regle))
        .max();
    for c in &resultat.constats {
        let retenue = match gravite(c.regle) {
            Some(Gravite::Interdit | Gravite::NonConforme) => true,
            Some(Gravite::Vigilance) => acquis.is_none_or(|a| a < Gravite::Vigilance),
            Some(Gravite::Conseil) => false,
            // Unknown rule: hide nothing.
            None => true,
        };
        if !retenue {
            continue;
        }
        for f in &c.inconnus {
            if let Some(d) = out.get_mut(*f) {
                *d = true;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::Base;
    use crate::faits::Valeur;
    use crate::moteur::tests::base;

    /// The facts that can still change the verdict, by name.
    fn determinants(b: &Base, m: &Moteur<'_>, f: &Faits) -> Vec<String> {
        let date = crate::date::Date::depuis("2026-12-01").unwrap();
        faits_determinants(m, f, date)
            .unwrap()
            .iter()
            .enumerate()
            .filter(|(_, v)| **v)
            .filter_map(|(i, _)| b.schema().def(i).map(|d| d.id.clone()))
            .collect()
    }

    /// Answers `fait` with the choice `valeur`.
    fn choisir(b: &Base, f: &mut Faits, fait: &str, valeur: &str) {
        f.set(
            b.schema().indice(fait).unwrap(),
            Some(Valeur::Texte(valeur.into())),
        );
    }

    #[test]
    fn un_fait_masque_par_une_reponse_connue_n_est_plus_determinant() {
        let b = base(&[(
            "T-01",
            "interdit",
            r#"categorie_outil == "grand_public" and not contrat_dpa"#,
        )]);
        let m = Moteur::new(&b).unwrap();
        let s = b.schema();
        let mut f = Faits::inconnus(s);
        assert_eq!(
            determinants(&b, &m, &f),
            vec!["categorie_outil", "contrat_dpa"]
        );
        // Institutional tool: the rule can no longer fire, the contract question stops mattering.
        choisir(&b, &mut f, "categorie_outil", "institutionnel");
        assert!(determinants(&b, &m, &f).is_empty());
        // Consumer tool: the contract decides.
        choisir(&b, &mut f, "categorie_outil", "grand_public");
        assert_eq!(determinants(&b, &m, &f), vec!["contrat_dpa"]);
    }

    #[test]
    fn une_regle_deja_certaine_ne_rend_rien_pertinent() {
        let b = base(&[(
            "T-01",
            "vigilance",
            r#"categorie_outil == "grand_public" or contrat_dpa"#,
        )]);
        let m = Moteur::new(&b).unwrap();
        let s = b.schema();
        let mut f = Faits::inconnus(s);
        choisir(&b, &mut f, "categorie_outil", "grand_public");
        assert!(determinants(&b, &m, &f).is_empty());
        assert!(faits_lus_par_les_regles(&m)[s.indice("contrat_dpa").unwrap()]);
        assert!(!faits_lus_par_les_regles(&m)[s.indice("outil").unwrap()]);
    }

    #[test]
    fn une_vigilance_ne_compte_que_tant_que_le_verdict_peut_en_dependre() {
        let b = base(&[
            ("T-01", "vigilance", "not contrat_dpa"),
            ("T-02", "vigilance", r#""5e" in niveaux"#),
            ("T-03", "conseil", r#"categorie_outil == "grand_public""#),
        ]);
        let m = Moteur::new(&b).unwrap();
        let s = b.schema();
        let mut f = Faits::inconnus(s);
        // The advice never changes the verdict: its fact is never asked for it.
        assert_eq!(determinants(&b, &m, &f), vec!["niveaux", "contrat_dpa"]);
        // Contract signed: `niveaux` still decides between conforme and sous réserve.
        let contrat = s.indice("contrat_dpa").unwrap();
        f.set(contrat, Some(Valeur::Booleen(true)));
        assert_eq!(determinants(&b, &m, &f), vec!["niveaux"]);
        // A certain vigilance: the verdict is « sous réserve » whatever `niveaux` is.
        f.set(contrat, Some(Valeur::Booleen(false)));
        assert!(determinants(&b, &m, &f).is_empty());
    }
}

//! L'évaluation d'un usage, en un seul appel : les constats du moteur, les
//! dérogations appliquées, le verdict conjoint (meilleur et pire cas) et les
//! réponses à obtenir d'abord. Toutes les interfaces (commande `evaluer`,
//! questionnaire, inventaire, documents, scénarios) partent de là ; les
//! rapports ne font que la mettre en forme.

use crate::date::Date;
use crate::derogations::{self, Application, Derogation};
use crate::faits::Faits;
use crate::moteur::{
    AConfirmer, Constat, ErreurEvaluation, Moteur, Resultat, Verdict, VerdictConjoint,
};
use crate::regles::Gravite;
use crate::reponses::Reponses;

/// Constats, dérogations et verdict d'un jeu de réponses à une date.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Date de l'évaluation.
    pub date: Date,
    /// Ce que le moteur a trouvé : règles déclenchées (certaines ou à
    /// confirmer) et règles restées muettes.
    pub resultat: Resultat,
    /// Les dérogations du fichier, rapprochées des constats.
    pub derogations: Application,
    /// Verdict, meilleur et pire cas, couverture.
    pub conjoint: VerdictConjoint,
    /// Les réponses manquantes, de celle qui peut changer le plus grave
    /// constat à celle qui change le moins.
    pub a_confirmer: Vec<AConfirmer>,
}

impl Evaluation {
    /// Évalue `faits` à `date` et applique `derogations` : un constat couvert
    /// par une dérogation en vigueur reste listé mais ne compte plus dans le
    /// verdict.
    pub fn calculer(
        moteur: &Moteur<'_>,
        faits: &Faits,
        derogations: &[Derogation],
        date: Date,
    ) -> Result<Evaluation, ErreurEvaluation> {
        let base = moteur.base();
        let resultat = moteur.evaluer(faits, date)?;
        let application = derogations::appliquer(base, derogations, &resultat, date);
        let deroges: Vec<usize> = resultat
            .constats
            .iter()
            .zip(&application.par_constat)
            .filter(|(_, d)| d.is_some())
            .map(|(c, _)| c.regle)
            .collect();
        let gravite = |k: usize| -> Option<Gravite> {
            if deroges.contains(&k) {
                None
            } else {
                base.regles().get(k).map(|r| r.gravite)
            }
        };
        let conjoint = moteur.verdict_conjoint(faits, date, &resultat, gravite);
        let a_confirmer = moteur.a_confirmer(&resultat, gravite);
        Ok(Evaluation {
            date,
            resultat,
            derogations: application,
            conjoint,
            a_confirmer,
        })
    }

    /// Évalue un fichier de réponses typé (ses faits et ses dérogations).
    pub fn des_reponses(
        moteur: &Moteur<'_>,
        reponses: &Reponses,
        date: Date,
    ) -> Result<Evaluation, ErreurEvaluation> {
        Evaluation::calculer(moteur, &reponses.faits, &reponses.derogations, date)
    }

    /// Le verdict, dérogations comprises.
    pub fn verdict(&self) -> Verdict {
        self.conjoint.verdict
    }

    /// Les constats, dans l'ordre des règles.
    pub fn constats(&self) -> &[Constat] {
        &self.resultat.constats
    }

    /// Vrai quand le `k`-ième constat est levé par une dérogation en vigueur.
    pub fn est_deroge(&self, k: usize) -> bool {
        self.derogations
            .par_constat
            .get(k)
            .copied()
            .flatten()
            .is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::{Base, Sources};

    fn d(s: &str) -> Date {
        Date::depuis(s).unwrap()
    }

    fn reponses(base: &Base, texte: &str) -> Reponses {
        match Reponses::lire(texte, "r.yaml", base) {
            Ok(r) => r,
            Err(d) => panic!("{d:?}"),
        }
    }

    fn avec_derogations(texte: &str, regles: &[&str]) -> String {
        let mut t = texte.to_string();
        t.push_str("derogations:\n");
        for id in regles {
            t.push_str(&format!(
                "  - {{ regle: {id}, justification: essai encadré, approuve_par: DPO, expire_le: 2027-06-30 }}\n"
            ));
        }
        t
    }

    #[test]
    fn une_derogation_en_vigueur_leve_le_constat_jusqu_a_son_expiration() {
        let (base, _) = Base::charger(&Sources::default());
        let m = Moteur::new(&base).unwrap();
        let texte = std::fs::read_to_string("exemples/ent-assistant-lycee.yaml").unwrap();
        let sans = Evaluation::des_reponses(&m, &reponses(&base, &texte), d("2026-12-01")).unwrap();
        let vigilances = ["GEN-03", "VIGIL-01", "VIGIL-02"];
        let ids: Vec<&str> = sans
            .constats()
            .iter()
            .map(|c| base.regles()[c.regle].id.as_str())
            .collect();
        assert!(vigilances.iter().all(|v| ids.contains(v)), "{ids:?}");
        assert_eq!(sans.conjoint.meilleur_cas, Verdict::ConformeSousReserve);
        let texte = avec_derogations(&texte, &vigilances);
        let avec = Evaluation::des_reponses(&m, &reponses(&base, &texte), d("2026-12-01")).unwrap();
        assert_eq!(avec.constats().len(), sans.constats().len());
        assert_eq!(
            (0..avec.constats().len())
                .filter(|k| avec.est_deroge(*k))
                .count(),
            3
        );
        assert!(avec.conjoint.meilleur_cas < sans.conjoint.meilleur_cas);
        // Expirées, les mêmes dérogations ne lèvent plus rien.
        let expiree =
            Evaluation::des_reponses(&m, &reponses(&base, &texte), d("2027-07-01")).unwrap();
        assert!((0..expiree.constats().len()).all(|k| !expiree.est_deroge(k)));
        assert_eq!(expiree.conjoint.meilleur_cas, Verdict::ConformeSousReserve);
    }

    #[test]
    fn un_interdit_ne_se_leve_pas() {
        let (base, _) = Base::charger(&Sources::default());
        let m = Moteur::new(&base).unwrap();
        let texte = std::fs::read_to_string("exemples/chatgpt-5e.yaml").unwrap();
        let texte = avec_derogations(&texte, &["ELEVE-NIV-02", "DONNEES-03"]);
        let e = Evaluation::des_reponses(&m, &reponses(&base, &texte), d("2026-12-01")).unwrap();
        assert_eq!(e.verdict(), Verdict::Interdit);
        assert!((0..e.constats().len()).all(|k| !e.est_deroge(k)));
    }
}

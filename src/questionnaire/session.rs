//! Une séance de questionnaire, commune à l'écran plein et au mode ligne à
//! ligne : le parcours ([`Flux`]), le brouillon (où il est, enregistré après
//! chaque réponse, verrouillé, rendu à son état d'avant si l'on quitte sans
//! enregistrer) et le verdict en direct ([`Apercu`], tiré de l'évaluation).
//!
//! Une nouvelle évaluation n'écrit rien tant que l'outil n'est pas nommé :
//! son brouillon prend alors un nom libre tiré de l'outil et de la date
//! ([`super::dossier::chemin_libre`]), dans le dossier des évaluations.

use super::apercu::Apercu;
use super::brouillon::{self, Ouverture, Verrou};
use super::catalogue::{Catalogue, Fiche};
use super::dossier;
use super::flux::{Flux, Refus, Reponse};
use crate::evaluation::Evaluation;
use crate::moteur::{ErreurEvaluation, Moteur, Verdict};
use std::path::{Path, PathBuf};

/// Où ranger le brouillon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emplacement {
    /// Ce fichier-là (donné avec `--brouillon` ou repris).
    Fichier(PathBuf),
    /// Un nom libre dans ce dossier, choisi quand l'outil est nommé.
    Dossier(PathBuf),
}

/// Ce qu'une réponse a changé.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suite {
    /// Le verdict avant la réponse (`None` : pas encore calculé).
    pub verdict_avant: Option<Verdict>,
    /// Le verdict après.
    pub verdict_apres: Option<Verdict>,
    /// Le problème d'enregistrement du brouillon, en français (`None` :
    /// enregistré, ou rien à enregistrer encore).
    pub erreur_enregistrement: Option<String>,
    /// Quand la réponse a nommé un outil du catalogue : la phrase qui dit
    /// quelles réponses ont été préremplies, d'après quelle fiche.
    pub fiche: Option<String>,
}

/// Une séance : parcours, brouillon et verdict en direct.
pub struct Session<'b> {
    moteur: &'b Moteur<'b>,
    flux: Flux<'b>,
    emplacement: Emplacement,
    chemin: Option<PathBuf>,
    verrou: Option<Verrou>,
    /// Le contenu du brouillon à l'ouverture (`None` : il n'existait pas).
    original: Option<Vec<u8>>,
    apercu: Option<Apercu>,
    erreur_apercu: Option<String>,
    repris: bool,
    avertissements: Vec<String>,
    catalogue: Option<&'b Catalogue>,
    fiche: Option<Fiche>,
    preremplis: Vec<usize>,
}

impl<'b> Session<'b> {
    /// Une séance sur `ouverture`, le brouillon rangé selon `emplacement`.
    /// Un fichier donné est verrouillé aussitôt ; une erreur dit qui le tient.
    pub fn new(
        moteur: &'b Moteur<'b>,
        ouverture: Ouverture<'b>,
        emplacement: Emplacement,
    ) -> Result<Session<'b>, String> {
        let mut s = Session {
            moteur,
            flux: ouverture.flux,
            emplacement: emplacement.clone(),
            chemin: None,
            verrou: None,
            original: None,
            apercu: None,
            erreur_apercu: None,
            repris: ouverture.repris,
            avertissements: ouverture.avertissements,
            catalogue: None,
            fiche: None,
            preremplis: Vec::new(),
        };
        if let Emplacement::Fichier(c) = emplacement {
            s.fixer_chemin(c)?;
        }
        s.recalculer_apercu(false);
        Ok(s)
    }

    fn fixer_chemin(&mut self, chemin: PathBuf) -> Result<(), String> {
        self.verrou = Some(Verrou::prendre(&chemin)?);
        self.original = std::fs::read(&chemin).ok();
        self.chemin = Some(chemin);
        Ok(())
    }

    /// Le parcours.
    pub fn flux(&self) -> &Flux<'b> {
        &self.flux
    }

    /// Le parcours, pour naviguer (reculer, revue, aller à une question).
    pub fn flux_mut(&mut self) -> &mut Flux<'b> {
        &mut self.flux
    }

    /// Le moteur.
    pub fn moteur(&self) -> &'b Moteur<'b> {
        self.moteur
    }

    /// Le brouillon, une fois connu.
    pub fn chemin(&self) -> Option<&Path> {
        self.chemin.as_deref()
    }

    /// Le dossier où le brouillon est (ou sera) rangé.
    pub fn dossier(&self) -> PathBuf {
        match (&self.chemin, &self.emplacement) {
            (Some(c), _) => c.parent().map(Path::to_path_buf).unwrap_or_default(),
            (None, Emplacement::Dossier(d)) => d.clone(),
            (None, Emplacement::Fichier(f)) => {
                f.parent().map(Path::to_path_buf).unwrap_or_default()
            }
        }
    }

    /// Vrai quand les réponses viennent d'un brouillon repris.
    pub fn reprise(&self) -> bool {
        self.repris
    }

    /// Ce que la personne doit savoir de l'ouverture (dérogations non gardées…).
    pub fn avertissements(&self) -> &[String] {
        &self.avertissements
    }

    /// Le verdict en direct.
    pub fn apercu(&self) -> Option<&Apercu> {
        self.apercu.as_ref()
    }

    /// Pourquoi le verdict en direct manque, s'il manque.
    pub fn erreur_apercu(&self) -> Option<&str> {
        self.erreur_apercu.as_deref()
    }

    fn recalculer_apercu(&mut self, comparer: bool) {
        let precedent = if comparer { self.apercu.as_ref() } else { None };
        match Apercu::calculer(self.moteur, self.flux.faits(), self.flux.date(), precedent) {
            Ok(a) => {
                self.apercu = Some(a);
                self.erreur_apercu = None;
            }
            Err(e) => self.erreur_apercu = Some(format!("verdict indisponible : {e}")),
        }
    }

    /// Le catalogue des fiches d'outils où chercher l'outil nommé.
    pub fn fixer_catalogue(&mut self, catalogue: Option<&'b Catalogue>) {
        self.catalogue = catalogue;
    }

    /// La fiche appliquée, s'il y en a une.
    pub fn fiche(&self) -> Option<&Fiche> {
        self.fiche.as_ref()
    }

    /// « d'après la fiche … vérifiée le … » quand la réponse à la question
    /// `k` vient de la fiche (et n'a pas été changée depuis).
    pub fn source_pre_remplie(&self, k: usize) -> Option<String> {
        let fiche = self.fiche.as_ref()?;
        let q = self.flux.question(k)?;
        let i = self.flux.base().schema().indice(&q.fait)?;
        if !self.preremplis.contains(&i) {
            return None;
        }
        let f = fiche.faits.iter().find(|f| f.fait == i)?;
        match self.flux.reponse(k) {
            Some(Reponse::Valeur(v)) if *v == f.valeur => Some(format!(
                "Réponse {} ({})",
                fiche.mention(self.flux.date()),
                f.source
            )),
            _ => None,
        }
    }

    /// Applies the fiche of the tool just named, once.
    fn appliquer_fiche(&mut self) -> Option<String> {
        if self.fiche.is_some() {
            return None;
        }
        let fiche = self.catalogue?.trouver(&self.flux.outil())?.clone();
        let remplis = self.flux.preremplir(
            fiche
                .faits
                .iter()
                .map(|f| (f.fait, Reponse::Valeur(f.valeur.clone())))
                .collect(),
        );
        let schema = self.flux.base().schema();
        let noms: Vec<String> = remplis
            .iter()
            .filter_map(|i| schema.def(*i).map(|d| d.libelle.to_lowercase()))
            .collect();
        let phrase = format!(
            "Réponses préremplies {} : {} ; vous pouvez les changer.",
            fiche.mention(self.flux.date()),
            if noms.is_empty() {
                "aucune (déjà répondu)".to_string()
            } else {
                noms.join(", ")
            }
        );
        self.preremplis = remplis;
        self.fiche = Some(fiche);
        Some(phrase)
    }

    /// Enregistre la réponse à la question en cours, passe à la suivante,
    /// préremplit ce que fixe la fiche de l'outil quand il vient d'être
    /// nommé, enregistre le brouillon et recalcule le verdict.
    pub fn repondre(&mut self, r: Reponse) -> Result<Suite, Refus> {
        let verdict_avant = self.apercu.as_ref().map(|a| a.verdict);
        self.flux.repondre(r)?;
        let fiche = self.appliquer_fiche();
        let erreur_enregistrement = self.enregistrer().err();
        self.recalculer_apercu(true);
        Ok(Suite {
            verdict_avant,
            verdict_apres: self.apercu.as_ref().map(|a| a.verdict),
            erreur_enregistrement,
            fiche,
        })
    }

    /// Vrai quand il y a quelque chose à enregistrer : une réponse, ou un
    /// brouillon déjà sur le disque.
    pub fn a_du_contenu(&self) -> bool {
        !self.flux.reponses_retenues().is_empty()
            || self.chemin.as_ref().is_some_and(|c| c.exists())
    }

    /// Enregistre le brouillon ; une nouvelle évaluation prend son nom dès
    /// que l'outil est nommé. `Ok(None)` : rien à enregistrer encore.
    pub fn enregistrer(&mut self) -> Result<Option<&Path>, String> {
        if self.chemin.is_none() {
            let Emplacement::Dossier(d) = &self.emplacement else {
                return Ok(None);
            };
            let outil_nomme = self
                .flux
                .base()
                .schema()
                .indice("outil")
                .is_some_and(|i| self.flux.faits().get(i).is_some());
            if !outil_nomme {
                return Ok(None);
            }
            std::fs::create_dir_all(d).map_err(|e| {
                format!(
                    "dossier {} impossible à créer : {}",
                    d.display(),
                    crate::diag::erreur_io(&e)
                )
            })?;
            let c = dossier::chemin_libre(d, &self.flux.outil(), self.flux.date());
            self.fixer_chemin(c)?;
        }
        let Some(c) = &self.chemin else {
            return Ok(None);
        };
        brouillon::sauver(&self.flux, c).map_err(|e| {
            format!(
                "brouillon non enregistré dans {} : {}",
                c.display(),
                crate::diag::erreur_io(&e)
            )
        })?;
        Ok(self.chemin.as_deref())
    }

    /// Quitter sans enregistrer : le brouillon retrouve son contenu de
    /// l'ouverture, ou disparaît s'il n'existait pas.
    pub fn abandonner(&mut self) -> Result<(), String> {
        let Some(c) = &self.chemin else {
            return Ok(());
        };
        let r = match &self.original {
            Some(texte) => crate::ecriture::remplacer(c, texte),
            None => match std::fs::remove_file(c) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        };
        r.map_err(|e| format!("{} : {}", c.display(), crate::diag::erreur_io(&e)))
    }

    /// L'évaluation des réponses retenues.
    pub fn evaluation(&self) -> Result<Evaluation, ErreurEvaluation> {
        Evaluation::des_reponses(self.moteur, &self.flux.vers_reponses(), self.flux.date())
    }

    /// Où exporter le rapport d'extension `ext` : à côté du brouillon, sous
    /// le même nom (`chatgpt-2026-12-01.txt`) ; avant que l'outil soit nommé,
    /// un nom libre du dossier.
    pub fn chemin_export(&self, ext: &str) -> PathBuf {
        match &self.chemin {
            Some(c) => c.with_extension(ext),
            None => dossier::chemin_libre(&self.dossier(), &self.flux.outil(), self.flux.date())
                .with_extension(ext),
        }
    }

    /// Rend le verrou du brouillon (fin de séance).
    pub fn liberer(&mut self) {
        self.verrou = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::{Base, Sources};
    use crate::faits::Valeur;

    fn base() -> Base {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/questionnaire");
        let (b, _) = Base::charger(&Sources {
            regles: Some(dir.join("regles")),
            questionnaires: Some(dir.join("questionnaires")),
        });
        b
    }

    fn ouverture<'b>(b: &'b Base) -> Ouverture<'b> {
        Ouverture {
            flux: Flux::new(b, "essai", crate::date::Date::depuis("2026-12-01").unwrap()).unwrap(),
            repris: false,
            avertissements: Vec::new(),
        }
    }

    #[test]
    fn deux_evaluations_du_meme_outil_deux_brouillons() {
        let b = base();
        let m = Moteur::new(&b).unwrap();
        let d = tempfile::tempdir().unwrap();
        let mut chemins = Vec::new();
        for _ in 0..2 {
            let mut s =
                Session::new(&m, ouverture(&b), Emplacement::Dossier(d.path().into())).unwrap();
            assert!(
                s.chemin().is_none(),
                "nothing written before the tool is named"
            );
            s.repondre(Reponse::Valeur(Valeur::Texte("ChatGPT".into())))
                .unwrap();
            chemins.push(s.chemin().unwrap().to_path_buf());
        }
        assert_eq!(
            chemins,
            vec![
                d.path().join("chatgpt-2026-12-01.yaml"),
                d.path().join("chatgpt-2026-12-01-2.yaml")
            ]
        );
        assert!(chemins.iter().all(|c| c.is_file()));
    }

    #[test]
    fn quitter_sans_enregistrer_ne_laisse_rien_ou_rend_l_ancien() {
        let b = base();
        let m = Moteur::new(&b).unwrap();
        let d = tempfile::tempdir().unwrap();
        let mut s = Session::new(&m, ouverture(&b), Emplacement::Dossier(d.path().into())).unwrap();
        s.repondre(Reponse::Valeur(Valeur::Texte("X".into())))
            .unwrap();
        let c = s.chemin().unwrap().to_path_buf();
        assert!(c.is_file());
        s.abandonner().unwrap();
        s.liberer();
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
        // A resumed draft gets its content back.
        std::fs::write(&c, "outil: Y\nquestionnaire: essai\nreponses: {}\n").unwrap();
        let o = brouillon::ouvrir(
            &b,
            None,
            &c,
            crate::date::Date::depuis("2026-12-01").unwrap(),
        )
        .unwrap();
        let mut s = Session::new(&m, o, Emplacement::Fichier(c.clone())).unwrap();
        s.repondre(Reponse::Valeur(Valeur::Liste(vec![]))).unwrap();
        assert!(std::fs::read_to_string(&c).unwrap().contains("niveaux"));
        s.abandonner().unwrap();
        assert_eq!(
            std::fs::read_to_string(&c).unwrap(),
            "outil: Y\nquestionnaire: essai\nreponses: {}\n"
        );
    }

    #[test]
    fn la_fiche_de_l_outil_preremplit_et_se_cite() {
        let (b, _) = Base::charger(&Sources::default());
        let m = Moteur::new(&b).unwrap();
        let c = Catalogue::lire(
            include_str!("../../exemples/catalogue.yaml"),
            "catalogue.yaml",
            b.schema(),
        )
        .unwrap();
        let d = tempfile::tempdir().unwrap();
        let o = Ouverture {
            flux: Flux::new(
                &b,
                "enseignant",
                crate::date::Date::depuis("2026-12-01").unwrap(),
            )
            .unwrap(),
            repris: false,
            avertissements: Vec::new(),
        };
        let mut s = Session::new(&m, o, Emplacement::Dossier(d.path().into())).unwrap();
        s.fixer_catalogue(Some(&c));
        let suite = s
            .repondre(Reponse::Valeur(Valeur::Texte("MIA Seconde (ENT)".into())))
            .unwrap();
        let phrase = suite.fiche.unwrap();
        assert!(
            phrase.contains("d'après la fiche « MIA Seconde » vérifiée le 1er décembre 2026"),
            "{phrase}"
        );
        let type_ia = b.schema().indice("type_ia").unwrap();
        assert_eq!(
            s.flux().faits().get(type_ia),
            Some(&Valeur::Texte("predictive".into()))
        );
        let k = (0..s.flux().nombre())
            .find(|k| s.flux().question(*k).is_some_and(|q| q.fait == "type_ia"))
            .unwrap();
        assert!(s.source_pre_remplie(k).unwrap().contains("criteres.md"));
        // The flow skips the pre-filled question.
        assert_ne!(
            s.flux().etape(),
            crate::questionnaire::flux::Etape::Question(k)
        );
    }
}

//! L'inventaire à lire : texte, Markdown ou HTML, en mémoire constante.
//! Le gabarit principal (`inventaire.*.j2`) ne reçoit que la synthèse — des
//! comptes et des listes de noms bornées à [`LIMITE`] — et réserve par
//! `encart()` la place de ce qui grandit avec l'inventaire : le tableau des
//! outils, la liste des dérogations et la fiche de chaque outil. Ces parties
//! (`inventaire-parties.*.j2`) sont rendues outil par outil pendant l'audit
//! dans des fichiers temporaires anonymes, puis recopiées à leur place.

use super::ErreurSortie;
use crate::derogations::{BilanDerogation, EtatDerogation};
use crate::inventaire::{Cumul, Numeros, ParRegle};
use crate::inventaire::{ErreurAudit, ErreurEntree, Evolution, Inventaire};
use crate::moteur::{Certitude, Verdict};
use crate::rapport::rendu::{ENCART, Gabarits};
use crate::rapport::{Couleur, Format, Rapport, Tampon};
use crate::regles::Gravite;
use serde::Serialize;
use std::io::{BufRead, BufWriter, Seek, Write};

/// Nombre de noms au plus dans une liste de la synthèse (« … et 12 autres ») :
/// le détail complet est dans le tableau et les fiches.
pub const LIMITE: usize = 50;

/// Une ligne du tableau des outils.
#[derive(Debug, Clone, Serialize)]
struct LigneOutil<'a> {
    outil: &'a str,
    declare_par: Option<&'a str>,
    verdict: Verdict,
    verdict_libelle: &'static str,
    verdict_court: &'static str,
    interdit: usize,
    non_conforme: usize,
    vigilance: usize,
    conseil: usize,
    possibles: usize,
    derogees: usize,
}

impl<'a> From<&'a Rapport> for LigneOutil<'a> {
    fn from(r: &'a Rapport) -> Self {
        let compte = |g: Gravite| {
            r.constats
                .iter()
                .filter(|c| c.gravite == g && c.derogation.is_none())
                .count()
        };
        LigneOutil {
            outil: &r.outil,
            declare_par: r.declare_par.as_deref(),
            verdict: r.verdict,
            verdict_libelle: r.verdict.libelle(),
            verdict_court: match r.verdict {
                Verdict::Interdit => "Interdit",
                Verdict::NonConforme => "Non conforme",
                Verdict::AVerifier => "À vérifier",
                Verdict::ConformeSousReserve => "Sous réserve",
                Verdict::Conforme => "Conforme",
            },
            interdit: compte(Gravite::Interdit),
            non_conforme: compte(Gravite::NonConforme),
            vigilance: compte(Gravite::Vigilance),
            conseil: compte(Gravite::Conseil),
            possibles: r
                .constats
                .iter()
                .filter(|c| c.certitude == Certitude::Possible && c.derogation.is_none())
                .count(),
            derogees: r.constats.iter().filter(|c| c.derogation.is_some()).count(),
        }
    }
}

/// Une dérogation d'un outil, pour une ligne ou une échéance.
#[derive(Debug, Clone, Serialize)]
struct DerogationVue<'a> {
    outil: &'a str,
    #[serde(flatten)]
    bilan: &'a BilanDerogation,
    expire_bientot: bool,
}

/// Une liste de noms bornée : les [`LIMITE`] premiers, puis « et N autres ».
#[derive(Debug, Clone, Default, Serialize)]
struct Extrait {
    nombre: usize,
    texte: String,
}

impl Extrait {
    fn de<'a>(noms: impl Iterator<Item = &'a str>) -> Extrait {
        let mut e = Extrait::default();
        let mut montres: Vec<&str> = Vec::new();
        for n in noms {
            e.nombre += 1;
            if montres.len() < LIMITE {
                montres.push(n);
            }
        }
        e.texte = montres.join(", ");
        let autres = e.nombre - montres.len();
        if autres > 0 {
            e.texte.push_str(&format!(
                " et {}",
                crate::typographie::accorder(autres as i64, "autre", Some("autres"))
            ));
        }
        e
    }

    fn des_numeros(cumul: &Cumul, numeros: &Numeros) -> Extrait {
        Extrait::de(numeros.iter().map(|i| cumul.nom(i)))
    }
}

#[derive(Serialize)]
struct RegleVue<'a> {
    regle: &'a str,
    titre: &'a str,
    gravite: Gravite,
    gravite_libelle: &'static str,
    outils: Extrait,
    possibles: Extrait,
    derogees: Extrait,
}

#[derive(Serialize)]
struct Comptes {
    interdit: usize,
    non_conforme: usize,
    a_verifier: usize,
    conforme_sous_reserve: usize,
    conforme: usize,
}

#[derive(Serialize)]
struct VueSynthese<'a> {
    outils: usize,
    entrees_en_erreur: usize,
    verdicts: Comptes,
    regles: Vec<RegleVue<'a>>,
    derogations: crate::inventaire::ComptesDerogations,
}

#[derive(Serialize)]
struct ACompleter<'a> {
    outil: &'a str,
    manquantes: usize,
}

/// Ce qu'il faut faire, listes bornées.
#[derive(Serialize)]
struct Actions<'a> {
    arreter: Extrait,
    corriger: Extrait,
    completer: Vec<ACompleter<'a>>,
    completer_autres: usize,
    echeances: Vec<DerogationVue<'a>>,
    echeances_autres: usize,
}

/// Ce que reçoit le gabarit principal.
#[derive(Serialize)]
struct Vue<'a> {
    fichier: &'a str,
    etablissement: Option<&'a str>,
    date: crate::date::Date,
    date_longue: String,
    regles: Tampon,
    cadria: &'static str,
    nb_outils: usize,
    synthese: VueSynthese<'a>,
    actions: Actions<'a>,
    erreurs: &'a [ErreurEntree],
    evolution: Option<Evolution>,
}

/// Ce que reçoit le gabarit des parties : `partie` dit laquelle rendre.
#[derive(Serialize)]
struct Partie<'a> {
    partie: &'static str,
    rang: usize,
    o: Option<&'a LigneOutil<'a>>,
    r: Option<&'a Rapport>,
    d: Option<&'a DerogationVue<'a>>,
}

/// Un fichier temporaire anonyme (effacé à la fermeture, même après un
/// arrêt brutal) où s'accumule une partie du rapport.
struct Reserve {
    w: BufWriter<std::fs::File>,
}

impl Reserve {
    fn new() -> std::io::Result<Reserve> {
        Ok(Reserve {
            w: BufWriter::with_capacity(1 << 16, tempfile::tempfile()?),
        })
    }

    fn ajouter(&mut self, texte: &str) -> std::io::Result<()> {
        self.w.write_all(texte.as_bytes())?;
        if !texte.ends_with('\n') {
            self.w.write_all(b"\n")?;
        }
        Ok(())
    }

    fn recopier(self, vers: &mut impl Write) -> std::io::Result<()> {
        let mut f = self.w.into_inner().map_err(|e| e.into_error())?;
        f.rewind()?;
        std::io::copy(&mut std::io::BufReader::new(f), vers)?;
        Ok(())
    }
}

fn mise_en_forme(e: minijinja::Error) -> ErreurSortie {
    ErreurSortie::Inventaire(ErreurAudit::Evaluation(format!(
        "mise en forme de l'inventaire impossible : {e}"
    )))
}

fn regles_vues<'a>(
    cumul: &'a Cumul,
    base: &'a crate::base::Base,
    regles: &[&ParRegle],
) -> Vec<RegleVue<'a>> {
    regles
        .iter()
        .filter_map(|p| {
            let r = base.regles().get(p.regle)?;
            Some(RegleVue {
                regle: &r.id,
                titre: &r.titre,
                gravite: r.gravite,
                gravite_libelle: r.gravite.libelle(),
                outils: Extrait::des_numeros(cumul, &p.certains),
                possibles: Extrait::des_numeros(cumul, &p.possibles),
                derogees: Extrait::des_numeros(cumul, &p.deroges),
            })
        })
        .collect()
}

/// Écrit l'inventaire en texte, Markdown ou HTML (`format`) dans `w`
/// pendant l'audit.
pub fn ecrire_lisible<R: BufRead>(
    audit: &mut Inventaire<'_, '_, R>,
    w: &mut impl Write,
    format: Format,
    couleur: Couleur,
) -> Result<(), ErreurSortie> {
    let ext = match format {
        Format::Texte => "txt",
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Json => return super::ecrire_json(audit, w),
    };
    let gabarits = Gabarits::new(couleur).map_err(mise_en_forme)?;
    let parties = format!("inventaire-parties.{ext}.j2");
    let mut lignes = Reserve::new()?;
    let mut fiches = Reserve::new()?;
    let mut rang = 0;
    let moteur = audit.moteur();
    while let Some(e) = audit.suivant()? {
        rang += 1;
        let r = Rapport::construire(moteur, &e.reponses, &e.evaluation)
            .map_err(|x| ErreurSortie::Inventaire(ErreurAudit::Evaluation(x.to_string())))?;
        let o = LigneOutil::from(&r);
        let mut partie = Partie {
            partie: "ligne",
            rang,
            o: Some(&o),
            r: Some(&r),
            d: None,
        };
        lignes.ajouter(&gabarits.rendre(&parties, &partie).map_err(mise_en_forme)?)?;
        partie.partie = "outil";
        fiches.ajouter(&gabarits.rendre(&parties, &partie).map_err(mise_en_forme)?)?;
    }
    let cumul = audit.cumul();
    let base = moteur.base();
    let mut derogations = Reserve::new()?;
    for (outil, bilan) in cumul.derogations() {
        let d = DerogationVue {
            outil,
            bilan,
            expire_bientot: bilan.expire_bientot(),
        };
        let partie = Partie {
            partie: "derogation",
            rang: 0,
            o: None,
            r: None,
            d: Some(&d),
        };
        derogations.ajouter(&gabarits.rendre(&parties, &partie).map_err(mise_en_forme)?)?;
    }
    let synthese = audit.synthese();
    let mut completer = Vec::new();
    let mut completer_autres = 0;
    for (i, outil) in cumul.de_verdict(Verdict::AVerifier) {
        if completer.len() < LIMITE {
            completer.push(ACompleter {
                outil,
                manquantes: cumul.manquantes(i),
            });
        } else {
            completer_autres += 1;
        }
    }
    let mut echeances = Vec::new();
    let mut echeances_autres = 0;
    for (outil, bilan) in cumul.derogations() {
        if bilan.etat != EtatDerogation::Appliquee || bilan.jours_restants > 60 {
            continue;
        }
        if echeances.len() < LIMITE {
            echeances.push(DerogationVue {
                outil,
                bilan,
                expire_bientot: bilan.expire_bientot(),
            });
        } else {
            echeances_autres += 1;
        }
    }
    let vue = Vue {
        fichier: audit.fichier(),
        etablissement: audit.etablissement(),
        date: audit.date(),
        date_longue: audit.date().en_lettres(),
        regles: Tampon {
            version: base.version().to_string(),
            empreinte: base.empreinte().to_string(),
        },
        cadria: env!("CARGO_PKG_VERSION"),
        nb_outils: cumul.outils(),
        synthese: VueSynthese {
            outils: cumul.outils(),
            entrees_en_erreur: synthese.erreurs,
            verdicts: Comptes {
                interdit: cumul.nombre(Verdict::Interdit),
                non_conforme: cumul.nombre(Verdict::NonConforme),
                a_verifier: cumul.nombre(Verdict::AVerifier),
                conforme_sous_reserve: cumul.nombre(Verdict::ConformeSousReserve),
                conforme: cumul.nombre(Verdict::Conforme),
            },
            regles: regles_vues(cumul, base, &synthese.regles),
            derogations: cumul.comptes_derogations(),
        },
        actions: Actions {
            arreter: Extrait::de(cumul.de_verdict(Verdict::Interdit).map(|x| x.1)),
            corriger: Extrait::de(cumul.de_verdict(Verdict::NonConforme).map(|x| x.1)),
            completer,
            completer_autres,
            echeances,
            echeances_autres,
        },
        erreurs: audit.erreurs(),
        evolution: audit.evolution(),
    };
    let texte = gabarits
        .rendre(&format!("inventaire.{ext}.j2"), &vue)
        .map_err(mise_en_forme)?;
    let mut reserves = [
        ("lignes", Some(lignes)),
        ("derogations", Some(derogations)),
        ("details", Some(fiches)),
    ];
    let mut morceaux = texte.split(ENCART);
    if let Some(debut) = morceaux.next() {
        w.write_all(debut.as_bytes())?;
    }
    while let (Some(nom), Some(suite)) = (morceaux.next(), morceaux.next()) {
        if let Some(r) = reserves
            .iter_mut()
            .find(|(n, _)| *n == nom)
            .and_then(|(_, r)| r.take())
        {
            r.recopier(w)?;
        }
        w.write_all(suite.strip_prefix('\n').unwrap_or(suite).as_bytes())?;
    }
    Ok(())
}

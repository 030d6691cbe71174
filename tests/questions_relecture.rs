//! Les questions corrigées par la seconde lecture (issue 12, point 5) : le
//! détecteur est demandé dès que des travaux d'élèves sont concernés, et les
//! nouveaux faits sont demandés par les questionnaires qui en ont besoin.

use cadria::base::{Base, Sources};
use cadria::faits::Valeur;
use cadria::questionnaire::flux::{Flux, Reponse};

fn base() -> Base {
    let (b, d) = Base::charger(&Sources::default());
    assert!(d.is_empty());
    b
}

fn visible(base: &Base, profil: &str, reponses: &[(&str, Valeur)], fait: &str) -> bool {
    let mut f = Flux::new(base, profil, crate::support::date("2026-12-01")).unwrap();
    f.reprendre(
        reponses
            .iter()
            .map(|(id, v)| {
                (
                    base.schema().indice(id).unwrap(),
                    Reponse::Valeur(v.clone()),
                )
            })
            .collect(),
    );
    let k = (0..f.nombre())
        .find(|k| f.question(*k).is_some_and(|q| q.fait == fait))
        .unwrap_or_else(|| panic!("{profil} ne pose pas {fait}"));
    f.visible(k)
}

fn liste(v: &[&str]) -> Valeur {
    Valeur::Liste(v.iter().map(|s| s.to_string()).collect())
}

#[test]
fn detecteur_demande_pour_des_copies_rendues_sans_usage_par_les_eleves() {
    let b = base();
    for profil in ["enseignant", "dpo", "administratif"] {
        let copies = [
            ("niveaux", liste(&["3e"])),
            ("usage_eleves", Valeur::Texte("aucun".into())),
            ("finalites", liste(&["aide_correction"])),
            ("donnees_personnelles", liste(&["travaux_eleves"])),
        ];
        assert!(
            visible(&b, profil, &copies, "detecteur_ia"),
            "{profil} : détecteur non demandé pour des copies rendues"
        );
        let seul = [
            ("niveaux", liste(&[])),
            ("finalites", liste(&["preparation_cours"])),
            ("donnees_personnelles", liste(&[])),
        ];
        assert!(
            !visible(&b, profil, &seul, "detecteur_ia"),
            "{profil} : détecteur demandé sans aucun travail d'élève"
        );
    }
}

#[test]
fn nouveaux_faits_demandes_quand_ils_comptent() {
    let b = base();
    // Publication d'images d'élèves : l'autorisation est demandée.
    let publication = [
        ("niveaux", liste(&["elementaire"])),
        ("publication", Valeur::Texte("oui".into())),
        ("donnees_personnelles", liste(&["image_voix"])),
    ];
    for profil in ["enseignant", "dpo", "administratif"] {
        assert!(
            visible(&b, profil, &publication, "autorisation_image"),
            "{profil}"
        );
    }
    // Outil de l'académie avec des données : on demande s'il y a un prestataire.
    let academie = [
        ("categorie_outil", Valeur::Texte("institutionnel".into())),
        ("donnees_personnelles", liste(&["identite"])),
    ];
    assert!(visible(&b, "enseignant", &academie, "prestataire"));
    let grand_public = [
        ("categorie_outil", Valeur::Texte("grand_public".into())),
        ("donnees_personnelles", liste(&["identite"])),
    ];
    assert!(!visible(&b, "enseignant", &grand_public, "prestataire"));
    // Consentement et activité obligatoire : question du DPO seulement si le
    // consentement est la base et que les élèves ouvrent un compte personnel.
    let consentement = [
        ("categorie_outil", Valeur::Texte("sous_contrat".into())),
        ("base_legale", Valeur::Texte("consentement".into())),
        ("compte_eleve", Valeur::Texte("personnel".into())),
    ];
    assert!(visible(&b, "dpo", &consentement, "activite_obligatoire"));
    let mission = [
        ("categorie_outil", Valeur::Texte("sous_contrat".into())),
        (
            "base_legale",
            Valeur::Texte("mission_interet_public".into()),
        ),
        ("compte_eleve", Valeur::Texte("personnel".into())),
    ];
    assert!(!visible(&b, "dpo", &mission, "activite_obligatoire"));
}

#[test]
fn chaque_fait_ajoute_offre_je_ne_sais_pas_et_dit_qui_peut_repondre() {
    let b = base();
    for id in [
        "prestataire",
        "activite_obligatoire",
        "pilotage_apprentissage",
        "journaux_conserves",
        "representants_personnel_informes",
        "autorisation_image",
        "duree_conservation",
        "examen_national",
    ] {
        let def = b.schema().fait(id).unwrap_or_else(|| panic!("{id} absent"));
        assert!(def.aide.len() > 80, "{id} : aide trop courte");
        assert!(
            !def.qui_peut_repondre.is_empty(),
            "{id} : personne pour répondre"
        );
        for q in b.questionnaires() {
            for question in q.questions().filter(|question| question.fait == id) {
                assert!(
                    question.je_ne_sais_pas,
                    "{id} dans {} sans « je ne sais pas »",
                    q.id
                );
            }
        }
    }
}

//! Validation of rule files: every problem is collected with its position.

use super::brut::RegleBrute;
use super::{Fiabilite, Gravite, Nature, Reference, Regle, nom_gabarit_raisonnement};
use crate::condition::ContexteValidation;
use crate::condition::{self, Emplacement};
use crate::diag::{Code, Diagnostic, Position};
use crate::faits::Faits;
use crate::regles::contexte_gabarit;
use crate::yaml;
use minijinja::Environment;
use regex::Regex;
use serde_saphyr::Spanned;
use std::collections::HashMap;

/// Longest reasoning template accepted.
const LONGUEUR_MAX_GABARIT: usize = 8_000;

/// Loads and validates rule files `(name, contents)`. Valid rules are
/// returned, with the notions each condition uses (indices in
/// `ctx.notions`); their reasoning templates are registered in `env`. Every
/// problem found is pushed to `diags`.
pub fn charger_regles(
    fichiers: &[(String, String)],
    ctx: &ContexteValidation<'_>,
    env: &mut Environment<'static>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Regle>, Vec<usize>) {
    let mut notions_utilisees = Vec::new();
    #[expect(
        clippy::expect_used,
        reason = "expression constante, lue à chaque test de validation"
    )]
    let forme_id = Regex::new(r"^[A-Z]+(-[A-Z]+)*-[0-9]{2}(-[A-Z]+)?$").expect("static regex");
    let mut vus: HashMap<String, Position> = HashMap::new();
    let mut regles = Vec::new();
    for (nom, texte) in fichiers {
        let brutes: Vec<Spanned<RegleBrute>> = match yaml::lire(texte, nom) {
            Ok(b) => b,
            Err(d) => {
                diags.push(d);
                Vec::new()
            }
        };
        for b in brutes {
            let source = Source { nom, texte };
            if let Some(r) = valider_regle(b, &source, ctx, env, &forme_id, &mut vus, diags) {
                notions_utilisees.extend(r.notions.iter().copied());
                regles.push(r);
            }
        }
    }
    (regles, notions_utilisees)
}

/// A rule file being validated.
struct Source<'a> {
    nom: &'a str,
    texte: &'a str,
}

fn texte_requis(
    nom: &str,
    id: &str,
    champ: &str,
    pos_regle: &Position,
    v: Option<&Spanned<String>>,
    diags: &mut Vec<Diagnostic>,
) -> String {
    match v {
        Some(s) if !s.value.trim().is_empty() => s.value.trim().to_string(),
        Some(s) => {
            diags.push(
                Diagnostic::erreur(
                    Code::TexteManquant,
                    yaml::lieu(nom, s),
                    format!("la règle {id} a un champ `{champ}` vide"),
                )
                .aide(format!("écrivez le texte `{champ}` en français")),
            );
            String::new()
        }
        None => {
            diags.push(
                Diagnostic::erreur(
                    Code::ChampManquant,
                    pos_regle.clone(),
                    format!("la règle {id} n'a pas de champ `{champ}`"),
                )
                .aide(format!("ajoutez `{champ}:` avec un texte en français")),
            );
            String::new()
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn valider_regle(
    b: Spanned<RegleBrute>,
    source: &Source<'_>,
    ctx: &ContexteValidation<'_>,
    env: &mut Environment<'static>,
    forme_id: &Regex,
    vus: &mut HashMap<String, Position>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Regle> {
    let nom = source.nom;
    let avant = diags.len();
    let pos_regle = yaml::position(nom, &b);
    let b = b.value;
    let Some(id_brut) = &b.id else {
        diags.push(
            Diagnostic::erreur(
                Code::ChampManquant,
                pos_regle,
                "une règle n'a pas de champ `id`",
            )
            .aide("ajoutez `id:` avec un identifiant de la forme THEME-NN, par exemple DONNEES-01 ; les autres champs de cette règle ne sont vérifiés qu'ensuite"),
        );
        return None;
    };
    let id = id_brut.value.clone();
    let pos = yaml::position(nom, id_brut);
    if !forme_id.is_match(&id) {
        diags.push(
            Diagnostic::erreur(
                Code::IdentifiantMalForme,
                yaml::lieu(nom, id_brut),
                format!("identifiant de règle `{id}` mal formé"),
            )
            .aide("utilisez la forme THEME-NN du catalogue, par exemple DONNEES-01"),
        );
    }
    if let Some(premier) = vus.get(&id) {
        diags.push(Diagnostic::erreur(Code::IdentifiantDuplique, yaml::lieu(nom, id_brut), format!("la règle {id} est déjà définie en {premier}")).aide("un identifiant désigne une seule règle ; renommez la nouvelle, ne réutilisez jamais un identifiant"));
    } else {
        vus.insert(id.clone(), pos.clone());
    }
    let titre = texte_requis(nom, &id, "titre", &pos, b.titre.as_ref(), diags);
    let theme = texte_requis(nom, &id, "theme", &pos, b.theme.as_ref(), diags);
    let raisonnement = texte_requis(
        nom,
        &id,
        "raisonnement",
        &pos,
        b.raisonnement.as_ref(),
        diags,
    );
    let remediation = texte_requis(nom, &id, "remediation", &pos, b.remediation.as_ref(), diags);
    let pourquoi = texte_requis(nom, &id, "pourquoi", &pos, b.pourquoi.as_ref(), diags);
    let exemple_conforme = texte_requis(
        nom,
        &id,
        "exemple_conforme",
        &pos,
        b.exemple_conforme.as_ref(),
        diags,
    );
    let exemple_non_conforme = texte_requis(
        nom,
        &id,
        "exemple_non_conforme",
        &pos,
        b.exemple_non_conforme.as_ref(),
        diags,
    );

    // A scale field: missing, outside its scale, or its value.
    let echelle = |(champ, libelle): (&str, &str),
                   s: Option<&Spanned<String>>,
                   permis: &str,
                   diags: &mut Vec<Diagnostic>|
     -> Option<String> {
        let Some(s) = s else {
            diags.push(
                Diagnostic::erreur(
                    Code::ChampManquant,
                    pos.clone(),
                    format!("la règle {id} n'a pas de champ `{champ}`"),
                )
                .aide(format!(
                    "ajoutez `{champ}:` avec l'une des valeurs : {permis}"
                )),
            );
            return None;
        };
        if !permis.split(", ").any(|p| p == s.value) {
            diags.push(
                Diagnostic::erreur(
                    Code::HorsEchelle,
                    yaml::lieu(nom, s),
                    format!("{libelle} `{}` inconnue pour la règle {id}", s.value),
                )
                .aide(format!(
                    "{}valeurs possibles : {permis}",
                    crate::diag::vouliez_vous_dire(&s.value, permis.split(", "))
                )),
            );
            return None;
        }
        Some(s.value.clone())
    };
    let gravite = echelle(
        ("gravite", "gravité"),
        b.gravite.as_ref(),
        &Gravite::TOUTES.map(Gravite::id).join(", "),
        diags,
    )
    .and_then(|g| Gravite::depuis(&g));
    let nature = echelle(
        ("nature", "nature"),
        b.nature.as_ref(),
        &Nature::TOUTES.map(Nature::id).join(", "),
        diags,
    )
    .and_then(|n| Nature::depuis(&n));
    let fiabilite = echelle(
        ("fiabilite", "fiabilité"),
        b.fiabilite.as_ref(),
        &Fiabilite::TOUTES.map(Fiabilite::id).join(", "),
        diags,
    )
    .and_then(|f| Fiabilite::depuis(&f));

    let publics: Vec<String> = match &b.publics {
        None => ctx.questionnaires.clone(),
        Some(p) => {
            for q in p {
                if !ctx.questionnaires.is_empty() && !ctx.questionnaires.contains(&q.value) {
                    diags.push(
                        Diagnostic::erreur(
                            Code::QuestionnaireInconnu,
                            yaml::lieu(nom, q),
                            format!("public `{}` inconnu pour la règle {id}", q.value),
                        )
                        .aide(format!(
                            "questionnaires chargés : {}",
                            ctx.questionnaires.join(", ")
                        )),
                    );
                }
            }
            p.iter().map(|s| s.value.clone()).collect()
        }
    };

    if b.references.is_empty() {
        diags.push(
            Diagnostic::erreur(
                Code::Reference,
                pos.clone(),
                format!("la règle {id} ne cite aucune source"),
            )
            .aide("ajoutez `references:` avec au moins une source (cadre, rgpd, ai_act...)"),
        );
    }
    let mut references = Vec::new();
    for r in &b.references {
        let pos_ref = yaml::position(nom, r);
        let r = &r.value;
        let Some(source_ref) = &r.source else {
            diags.push(
                Diagnostic::erreur(
                    Code::ChampManquant,
                    pos_ref,
                    format!("une référence de la règle {id} n'a pas de champ `source`"),
                )
                .aide("ajoutez `source:` (cadre, rgpd, ai_act…) à cette référence"),
            );
            continue;
        };
        if ctx.contenu.source(&source_ref.value).is_none() {
            diags.push(
                Diagnostic::erreur(
                    Code::Reference,
                    yaml::lieu(nom, source_ref),
                    format!("source `{}` inconnue dans la règle {id}", source_ref.value),
                )
                .aide(format!(
                    "sources possibles : {}",
                    ctx.contenu
                        .sources()
                        .iter()
                        .map(|s| s.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
        let reference = r.reference.as_deref().unwrap_or_default();
        if reference.trim().is_empty() {
            diags.push(
                Diagnostic::erreur(
                    Code::Reference,
                    yaml::position(nom, source_ref),
                    format!("une référence de la règle {id} ne précise ni article ni page"),
                )
                .aide("indiquez l'article, la section ou la page dans `ref`"),
            );
        }
        if let Some(url) = &r.url
            && !(url.starts_with("https://") || url.starts_with("http://"))
        {
            diags.push(
                Diagnostic::erreur(Code::Reference, yaml::position(nom, source_ref), format!("le lien `{url}` de la règle {id} n'est pas une adresse web"))
                    .aide("donnez une adresse qui commence par https:// (texte officiel, page de la CNIL...) ou retirez `url`"),
            );
        }
        references.push(Reference {
            source: source_ref.value.clone(),
            reference: reference.trim().to_string(),
            url: r.url.clone(),
        });
    }

    let condition = match &b.quand {
        Some(quand) => {
            let ou = Emplacement {
                debut: yaml::position(nom, quand),
                source: source.texte,
            };
            condition::compiler(
                &format!("la règle {id}"),
                &quand.value,
                &ou,
                ctx.schema,
                ctx.notions,
                diags,
            )
        }
        None => {
            diags.push(
                Diagnostic::erreur(
                    Code::ChampManquant,
                    pos.clone(),
                    format!("la règle {id} n'a pas de champ `quand`"),
                )
                .aide("ajoutez `quand:` avec la condition qui déclenche la règle, par exemple `categorie_outil == \"grand_public\"`"),
            );
            None
        }
    };

    let gabarit = nom_gabarit_raisonnement(&id);
    let pos_raisonnement = b
        .raisonnement
        .as_ref()
        .map_or_else(|| pos.clone(), |r| yaml::position(nom, r));
    let ajout = if raisonnement.len() > LONGUEUR_MAX_GABARIT {
        Err(minijinja::Error::new(
            minijinja::ErrorKind::SyntaxError,
            format!(
                "texte trop long ({} caractères, {LONGUEUR_MAX_GABARIT} au plus)",
                raisonnement.len()
            ),
        ))
    } else {
        env.add_template_owned(gabarit.clone(), raisonnement.clone())
    };
    match ajout {
        Err(e) => diags.push(
            Diagnostic::erreur(
                Code::Syntaxe,
                pos_raisonnement.clone(),
                format!(
                    "le raisonnement de la règle {id} n'est pas un gabarit valide : {}",
                    crate::regles::detail_gabarit(&e)
                ),
            )
            .aide("vérifiez les {{ }} ; utilisez {{ outil }}, {{ reponse.FAIT }} ou {{ FAIT }}"),
        ),
        Ok(()) => {
            let essai = env.get_template(&gabarit).and_then(|t| {
                t.render(contexte_gabarit(
                    ctx.schema,
                    &Faits::inconnus(ctx.schema),
                    "outil",
                ))
            });
            if let Err(e) = essai {
                diags.push(Diagnostic::erreur(Code::Syntaxe, pos_raisonnement.clone(), format!("le raisonnement de la règle {id} ne peut pas être produit : {}", crate::regles::detail_gabarit(&e))).aide("utilisez seulement {{ outil }}, {{ reponse.FAIT }} ou {{ FAIT }} avec des faits déclarés"));
            } else {
                // Checked as written (positions of errors), rendered folded.
                let replie = crate::regles::contexte::replier_gabarit(&raisonnement);
                if replie != raisonnement
                    && env.add_template_owned(gabarit.clone(), replie).is_err()
                {
                    let _ = env.add_template_owned(gabarit.clone(), raisonnement.clone());
                }
            }
        }
    }

    if diags.len() > avant {
        return None;
    }
    let (condition, notions) = condition?;
    Some(Regle {
        id,
        titre,
        theme,
        gravite: gravite?,
        nature: nature?,
        fiabilite: fiabilite?,
        publics,
        quand: condition.texte.clone(),
        raisonnement,
        pourquoi,
        remediation,
        interpretation: b
            .interpretation
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        exemple_conforme,
        exemple_non_conforme,
        references,
        faits_lus: condition.faits_lus.clone(),
        lit_date: condition.lit_date,
        condition,
        notions,
        origine: pos,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn erreurs_de_gabarit_en_francais() {
        let mut env = minijinja::Environment::new();
        let e = env
            .add_template_owned("t", "{{ outil ".to_string())
            .unwrap_err();
        let t = crate::regles::detail_gabarit(&e);
        assert_eq!(
            t,
            "le texte s'arrête avant la fin de l'expression, « }} » attendu"
        );
    }
}

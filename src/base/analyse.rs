//! Vérifications statiques pour les auteurs de règles : condition qui ne
//! peut jamais être vraie (règle morte) ou qui l'est toujours, condition de
//! question qui ne peut jamais être remplie, notion jamais employée ; et
//! réponses d'exemple qui font se déclencher une règle ou la laissent muette.

use crate::condition::evaluation::{Codage, Etat, Recherche, kleene};
use crate::condition::{Condition, Issue, Noeud, Notion};
use crate::diag::{Code, Diagnostic};
use crate::faits::{Faits, Schema, TypeFait, Valeur};
use crate::questionnaire::Questionnaire;
use crate::regles::Regle;

fn dates(n: &Noeud, out: &mut Vec<u32>) {
    match n {
        Noeud::Date { jour, .. } => {
            out.extend([jour.saturating_sub(1), *jour, jour.saturating_add(1)]);
        }
        Noeud::Non(m) => dates(m, out),
        Noeud::Et(v) | Noeud::Ou(v) => v.iter().for_each(|m| dates(m, out)),
        _ => {}
    }
}

/// Les dates qui couvrent tous les cas d'une condition : chaque date citée,
/// la veille, le lendemain, et les deux bouts.
fn dates_temoins(c: &Condition) -> Vec<u32> {
    let mut v = vec![0, u32::MAX];
    dates(&c.noeud, &mut v);
    v.sort_unstable();
    v.dedup();
    v
}

/// Ce qu'une condition vaut sans aucune réponse, toutes dates confondues.
fn portee(c: &Condition, schema: &Schema) -> (bool, bool) {
    let codage = Codage::new(schema);
    let (mut peut_vrai, mut peut_faux) = (false, false);
    for d in dates_temoins(c) {
        let mut etats = codage.etats(schema, &Faits::inconnus(schema));
        match c.evaluer(&mut etats, &codage, d) {
            Issue::Vraie => peut_vrai = true,
            Issue::Fausse => peut_faux = true,
            Issue::Possible { .. } => {
                peut_vrai = true;
                peut_faux = true;
            }
        }
    }
    (peut_vrai, peut_faux)
}

/// Relève les règles mortes ou toujours vraies, les conditions de question
/// jamais remplies et les notions jamais employées (`utilisees` : notions
/// employées directement par une règle ou une question).
pub fn verifier(
    schema: &Schema,
    notions: &[Notion],
    utilisees: &[usize],
    regles: &[Regle],
    questionnaires: &[Questionnaire],
    diags: &mut Vec<Diagnostic>,
) {
    for r in regles {
        let (peut_vrai, peut_faux) = portee(&r.condition, schema);
        if !peut_vrai {
            diags.push(
                Diagnostic::avertissement(
                    Code::ConditionConstante,
                    r.condition.origine.clone(),
                    format!("la condition de la règle {} ne peut jamais être vraie : la règle ne se déclenchera jamais", r.id),
                )
                .aide("vérifiez les `and` et les valeurs comparées ; `cadria regles expliquer` montre la condition"),
            );
        } else if !peut_faux && !matches!(r.condition.noeud, Noeud::Constante(true)) {
            diags.push(
                Diagnostic::avertissement(
                    Code::ConditionConstante,
                    r.condition.origine.clone(),
                    format!(
                        "la condition de la règle {} est vraie quelles que soient les réponses",
                        r.id
                    ),
                )
                .aide(
                    "pour une règle qui s'applique toujours, écrivez simplement `quand: \"true\"`",
                ),
            );
        }
    }
    for q in questionnaires {
        for question in q.questions() {
            let Some(c) = &question.quand else { continue };
            if !portee(c, schema).0 {
                diags.push(
                    Diagnostic::avertissement(
                        Code::ConditionConstante,
                        c.origine.clone(),
                        format!("la question sur `{}` du questionnaire `{}` ne sera jamais posée : sa condition ne peut pas être remplie", question.fait, q.id),
                    )
                    .aide("corrigez la condition `quand` ou retirez la question"),
                );
            }
        }
    }
    let mut employees: Vec<usize> = utilisees.to_vec();
    let mut k = 0;
    while let Some(i) = employees.get(k).copied() {
        if let Some(n) = notions.get(i) {
            for j in &n.emploie {
                if !employees.contains(j) {
                    employees.push(*j);
                }
            }
        }
        k += 1;
    }
    for (i, n) in notions.iter().enumerate() {
        if !employees.contains(&i) {
            diags.push(
                Diagnostic::avertissement(
                    Code::NotionInutilisee,
                    n.origine.clone(),
                    format!(
                        "la notion `{}` n'est employée par aucune règle ni question",
                        n.id
                    ),
                )
                .aide("employez-la dans une condition ou retirez-la"),
            );
        }
    }
}

/// Un point concret d'un pavé : une réponse pour chaque fait lu.
fn point(schema: &Schema, fait: usize, e: Etat) -> Option<Valeur> {
    let def = schema.def(fait)?;
    let bits = (e.a, e.b);
    match def.type_fait {
        TypeFait::Booleen => Some(Valeur::Booleen(bits.0 & 0b10 != 0)),
        TypeFait::Choix => {
            let r = bits.0.trailing_zeros() as usize;
            def.valeurs.get(r).map(|v| Valeur::Texte(v.id.clone()))
        }
        TypeFait::Liste => {
            // Les valeurs sûrement présentes, complétées jusqu'au minimum.
            let mut manque = u32::from(e.min).saturating_sub(bits.0.count_ones());
            Some(Valeur::Liste(
                def.valeurs
                    .iter()
                    .enumerate()
                    .filter(|(r, _)| {
                        let bit = 1u64 << (*r).min(63);
                        if bits.0 & bit != 0 {
                            return true;
                        }
                        if manque > 0 && bits.1 & bit == 0 {
                            manque -= 1;
                            return true;
                        }
                        false
                    })
                    .map(|(_, v)| v.id.clone())
                    .collect(),
            ))
        }
        TypeFait::Texte => None,
    }
}

/// Des réponses (aux seuls faits lus) pour lesquelles la condition vaut
/// `valeur` à la date `date`, vérifiées par une évaluation ; `None` si aucune.
pub fn exemple(c: &Condition, schema: &Schema, valeur: bool, date: u32) -> Option<Faits> {
    let codage = Codage::new(schema);
    let mut etats = codage.etats(schema, &Faits::inconnus(schema));
    let mut r = Recherche::new(
        &codage,
        date,
        crate::condition::BUDGET_RECHERCHE,
        &c.faits_lus,
        Some(valeur),
    );
    r.explorer(&c.noeud, &mut etats).ok()?;
    let (feuille, _) = r.feuilles().find(|f| f.1 == valeur)?;
    let mut faits = Faits::inconnus(schema);
    for (fait, e) in c.faits_lus.iter().zip(feuille) {
        faits.set(*fait, point(schema, *fait, *e));
    }
    let concrets = codage.etats(schema, &faits);
    (kleene(&c.noeud, &concrets, &codage, date) == Some(valeur)).then_some(faits)
}

/// Reports every fact read by a rule that no question of a questionnaire
/// reaching that rule sets.
pub fn verifier_couverture_questionnaires(
    regles: &[Regle],
    questionnaires: &[Questionnaire],
    schema: &Schema,
    diags: &mut Vec<Diagnostic>,
) {
    for q in questionnaires {
        let poses: Vec<&str> = q
            .questions()
            .map(|question| question.fait.as_str())
            .collect();
        let mut manquants: Vec<(usize, Vec<&str>)> = Vec::new();
        for r in regles.iter().filter(|r| r.publics.contains(&q.id)) {
            for i in &r.faits_lus {
                let Some(def) = schema.def(*i) else { continue };
                if !poses.contains(&def.id.as_str()) {
                    match manquants.iter_mut().find(|(k, _)| k == i) {
                        Some((_, ids)) => ids.push(&r.id),
                        None => manquants.push((*i, vec![&r.id])),
                    }
                }
            }
        }
        for (i, ids) in manquants {
            let fait = schema.def(i).map(|d| d.id.as_str()).unwrap_or_default();
            diags.push(
                Diagnostic::avertissement(Code::FaitNonDemande, q.origine.clone(), format!("le questionnaire `{}` ne pose aucune question sur `{fait}`, lu par {}", q.id, ids.join(", ")))
                    .aide(format!("ajoutez une question `fait: {fait}` au questionnaire, ou retirez `{}` des `publics` de ces règles", q.id)),
            );
        }
    }
}

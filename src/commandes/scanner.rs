//! `cadria scanner [FICHIER|-]` : repère les données personnelles d'un texte,
//! dit où et quoi, et peut écrire une copie pseudonymisée.

use super::{CodeSortie, Echec, Messages, Resultat};
use crate::base::Base;
use crate::cli::{ArgsScanner, Communes, FormatScanner};
use crate::scanner::{Categorie, Detecteur, Lignes, Pseudonymiseur, Trouvaille};
use serde_json::json;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Remplace les caractères de contrôle par une forme visible (`\u{1b}`) :
/// un texte lu ne doit pas piloter le terminal.
pub(crate) fn neutraliser(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Une trouvaille située, pour le rendu.
struct Situee {
    ligne: usize,
    colonne: usize,
    categorie: Categorie,
    texte: String,
    raison: &'static str,
}

/// Ce que dit chaque valeur du fait `donnees_personnelles`, avec les règles qui la visent.
fn consignes(donnee: &str) -> (&'static str, &'static [&'static str]) {
    match donnee {
        "sante_handicap" => (
            "ne saisissez pas ce texte dans un service grand public, ni dans un outil dont le traitement n'a pas fait l'objet d'une AIPD",
            &["DONNEES-10", "DONNEES-01"],
        ),
        _ => (
            "ne saisissez pas ce texte dans un service grand public ; ailleurs, n'y laissez que le strict nécessaire",
            &["DONNEES-01", "DONNEES-04"],
        ),
    }
}

/// Une écriture du rapport qui échoue : tube fermé (succès), ou erreur.
fn echec_rapport(e: &std::io::Error, chemin: Option<&Path>) -> Echec {
    if chemin.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe {
        Echec::TubeFerme
    } else {
        super::echec_ecriture(chemin, e)
    }
}

fn ecrire_ligne(out: &mut dyn Write, texte: &str, chemin: Option<&Path>) -> Result<(), Echec> {
    out.write_all(texte.as_bytes())
        .map_err(|e| echec_rapport(&e, chemin))
}

/// Un fichier écrit à côté puis renommé ([`crate::ecriture::Temporaire`]) :
/// rien de partiel ne reste en cas d'erreur, et un périphérique
/// (`/dev/null`) n'est jamais remplacé.
struct FichierSur {
    final_: PathBuf,
    out: BufWriter<crate::ecriture::Temporaire>,
}

impl FichierSur {
    fn creer(chemin: &Path) -> Result<FichierSur, Echec> {
        let f = crate::ecriture::Temporaire::creer(chemin)
            .map_err(|e| super::echec_ecriture(Some(chemin), &e))?;
        Ok(FichierSur {
            final_: chemin.to_path_buf(),
            out: BufWriter::new(f),
        })
    }

    fn terminer(self) -> Result<(), Echec> {
        let final_ = self.final_;
        self.out
            .into_inner()
            .map_err(|e| e.into_error())
            .and_then(|t| t.valider())
            .map_err(|e| super::echec_ecriture(Some(&final_), &e))
    }

    fn abandonner(self) {
        // Le fichier temporaire est supprimé quand il est abandonné.
        drop(self);
    }
}

/// Même fichier (les deux existent et désignent le même chemin réel).
fn meme_fichier(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

pub(super) fn executer(c: &Communes, a: &ArgsScanner, m: &mut Messages<'_>) -> Resultat {
    let base = super::base(c)?;
    let entree = a.fichier.clone().unwrap_or_else(|| PathBuf::from("-"));
    let nom = neutraliser(&entree.display().to_string());
    for cible in [&a.pseudonymiser, &a.table, &a.sortie]
        .into_iter()
        .flatten()
    {
        if nom != "-" && meme_fichier(&entree, cible) {
            return Err(super::usage(
                format!(
                    "{} est le texte analysé : il serait écrasé",
                    cible.display()
                ),
                "choisissez un autre nom de fichier pour la copie, la table ou le rapport",
            ));
        }
    }
    if a.table.is_some() && a.pseudonymiser.is_none() {
        return Err(super::usage(
            "--table n'a de sens qu'avec --pseudonymiser",
            "cadria scanner TEXTE --pseudonymiser COPIE --table TABLE.csv",
        ));
    }
    let lecteur: Box<dyn BufRead> = if nom == "-" {
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) && !c.quiet {
            m.ligne(
                "Collez le texte à vérifier, puis Ctrl-D (Ctrl-Z puis Entrée sous Windows) pour lancer l'analyse.",
            );
        }
        Box::new(std::io::stdin().lock())
    } else {
        let f = File::open(&entree).map_err(|e| super::fichier_illisible(&nom, &e))?;
        Box::new(BufReader::with_capacity(1 << 16, f))
    };
    let detecteur = Detecteur::new().map_err(|e| super::interne(e.to_string()))?;
    match analyser(&base, &detecteur, lecteur, &nom, a, c.quiet, m) {
        Ok(true) => Ok(CodeSortie::Echec),
        Ok(false) => Ok(CodeSortie::Succes),
        Err(Echec::TubeFerme) => Ok(CodeSortie::Succes),
        Err(e) => Err(e),
    }
}

/// Analyse le flux ; `Ok(true)` si quelque chose a été trouvé.
fn analyser(
    base: &Base,
    detecteur: &Detecteur,
    lecteur: Box<dyn BufRead>,
    nom: &str,
    a: &ArgsScanner,
    quiet: bool,
    m: &mut Messages<'_>,
) -> Result<bool, Echec> {
    let mut rapport: Option<FichierSur> = None;
    let mut stdout;
    let chemin_rapport = a.sortie.as_deref();
    let out: &mut dyn Write = match &a.sortie {
        Some(chemin) => {
            rapport = Some(FichierSur::creer(chemin)?);
            match rapport.as_mut() {
                Some(r) => &mut r.out,
                None => return Err(super::interne("rapport du repérage introuvable")),
            }
        }
        None => {
            stdout = BufWriter::new(std::io::stdout().lock());
            &mut stdout
        }
    };
    let mut copie = match &a.pseudonymiser {
        Some(p) => Some(FichierSur::creer(p)?),
        None => None,
    };
    let mut pseudo = Pseudonymiseur::new();
    let mut trouvees: Vec<Situee> = Vec::new();
    let mut comptes: BTreeMap<Categorie, usize> = BTreeMap::new();
    let mut recodee = false;
    let resultat = (|| -> Result<(), Echec> {
        for ligne in Lignes::new(lecteur) {
            let ligne = ligne.map_err(|e| {
                Echec::from(
                    crate::diag::Diagnostic::erreur(
                        crate::diag::Code::Lecture,
                        crate::diag::Position::new(nom, 0, 0),
                        e.to_string(),
                    )
                    .aide(
                        "cadria scanner lit un texte brut ; copiez le texte dans un fichier .txt",
                    ),
                )
            })?;
            recodee |= ligne.recodee;
            let ts: Vec<Trouvaille> = detecteur.analyser(&ligne.texte);
            for t in &ts {
                *comptes.entry(t.categorie).or_insert(0) += 1;
                let s = Situee {
                    ligne: ligne.numero,
                    colonne: ligne.decalage
                        + ligne.texte.get(..t.debut).map_or(0, |x| x.chars().count())
                        + 1,
                    categorie: t.categorie,
                    texte: ligne.texte.get(t.debut..t.fin).unwrap_or("").to_string(),
                    raison: t.raison,
                };
                if a.format == FormatScanner::Texte {
                    ecrire_ligne(
                        out,
                        &format!(
                            "{nom}:{}:{}: {} « {} » : {}\n",
                            s.ligne,
                            s.colonne,
                            s.categorie.libelle(),
                            neutraliser(&s.texte),
                            s.raison
                        ),
                        chemin_rapport,
                    )?;
                } else {
                    trouvees.push(s);
                }
            }
            if let Some(c) = copie.as_mut() {
                let texte = pseudo.remplacer(&ligne.texte, &ts);
                c.out
                    .write_all(texte.as_bytes())
                    .and_then(|_| c.out.write_all(ligne.fin.as_bytes()))
                    .map_err(|e| super::echec_ecriture(a.pseudonymiser.as_deref(), &e))?;
            }
        }
        Ok(())
    })();
    if let Err(e) = resultat {
        if let Some(c) = copie {
            c.abandonner();
        }
        if let Some(r) = rapport {
            r.abandonner();
        }
        return Err(e);
    }
    let total: usize = comptes.values().sum();
    let nom = if nom == "-" {
        "l'entrée standard"
    } else {
        nom
    };
    let texte = match a.format {
        FormatScanner::Texte => synthese_texte(base, nom, &comptes, total, a),
        FormatScanner::Json => synthese_json(base, nom, &trouvees, &comptes, recodee),
    };
    ecrire_ligne(out, &texte, chemin_rapport)?;
    out.flush().map_err(|e| echec_rapport(&e, chemin_rapport))?;
    if let Some(r) = rapport {
        r.terminer()?;
    }
    if let Some(c) = copie {
        c.terminer()?;
    }
    if let Some(chemin) = &a.table {
        let mut t = FichierSur::creer(chemin)?;
        let mut csv = String::from("remplacement;original\n");
        for (r, o) in pseudo.table() {
            csv.push_str(&format!("{};{}\n", champ_csv(r), champ_csv(o)));
        }
        if let Err(e) = t.out.write_all(csv.as_bytes()) {
            t.abandonner();
            return Err(super::echec_ecriture(Some(chemin), &e));
        }
        t.terminer()?;
    }
    if recodee {
        m.ligne(&format!(
            "attention : {nom} n'est pas en UTF-8 ; il a été lu comme Windows-1252 (la copie pseudonymisée est écrite en UTF-8)"
        ));
    }
    if let (false, Some(p)) = (quiet, &a.pseudonymiser) {
        m.ligne(&format!(
            "Copie pseudonymisée écrite dans {}{}.",
            neutraliser(&p.display().to_string()),
            match &a.table {
                Some(t) => format!(
                    " ; table des remplacements dans {} (à garder pour vous : elle ré-identifie les personnes)",
                    neutraliser(&t.display().to_string())
                ),
                None => String::new(),
            }
        ));
    }
    Ok(total > 0)
}

/// Un champ CSV : entre guillemets s'il contient un séparateur, un guillemet
/// ou commence comme une formule de tableur.
fn champ_csv(s: &str) -> String {
    let s = neutraliser(s);
    let formule = s.starts_with(['=', '+', '-', '@']);
    if formule || s.contains([';', '"', ',']) {
        format!(
            "\"{}{}\"",
            if formule { "'" } else { "" },
            s.replace('"', "\"\"")
        )
    } else {
        s
    }
}

/// Les valeurs de `donnees_personnelles` trouvées, dans l'ordre du schéma.
fn donnees_trouvees(comptes: &BTreeMap<Categorie, usize>) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for d in [
        "identite",
        "vie_scolaire",
        "sante_handicap",
        "situation_familiale",
    ] {
        if comptes.keys().any(|c| c.donnee() == d) {
            v.push(d);
        }
    }
    v
}

fn synthese_texte(
    base: &Base,
    nom: &str,
    comptes: &BTreeMap<Categorie, usize>,
    total: usize,
    a: &ArgsScanner,
) -> String {
    if total == 0 {
        return format!(
            "Aucune donnée personnelle repérée dans {nom}.\nCe repérage automatique ne garantit rien : relisez le texte avant de le saisir (un détail peut suffire à reconnaître un élève).\n"
        );
    }
    let fait = base.schema().fait("donnees_personnelles");
    let question = fait.map_or("Données personnelles saisies ou déposées", |f| {
        f.libelle.as_str()
    });
    let libelle = |d: &'static str| fait.map_or(d, |f| f.libelle_valeur(d));
    let mut s = format!(
        "\n{total} donnée{} personnelle{} repérée{} dans {nom} :\n",
        pluriel(total),
        pluriel(total),
        pluriel(total)
    );
    let donnees = donnees_trouvees(comptes);
    for d in &donnees {
        let detail: Vec<String> = comptes
            .iter()
            .filter(|(c, _)| c.donnee() == *d)
            .map(|(c, n)| format!("{} {n}", c.libelle()))
            .collect();
        s.push_str(&format!("  - {} : {}\n", libelle(d), detail.join(", ")));
    }
    s.push_str(&format!(
        "\nÀ la question « {question} », ce texte correspond à : {}.\n",
        donnees
            .iter()
            .map(|d| libelle(d))
            .collect::<Vec<_>>()
            .join(" ; ")
    ));
    for d in &donnees {
        let (conseil, regles) = consignes(d);
        let cites: Vec<&str> = regles
            .iter()
            .copied()
            .filter(|r| base.regle(r).is_some())
            .collect();
        let regles = if cites.is_empty() {
            String::new()
        } else {
            format!(
                " (règle{} {})",
                if cites.len() > 1 { "s" } else { "" },
                cites.join(", ")
            )
        };
        s.push_str(&format!("  - {} : {conseil}{regles}.\n", libelle(d)));
    }
    if a.pseudonymiser.is_none() {
        s.push_str(&format!(
            "\nCopie pseudonymisée : cadria scanner {} --pseudonymiser COPIE.txt (les noms sont remplacés, mais le contenu peut encore désigner un élève{}).\n",
            if nom == "l'entrée standard" { "-" } else { nom },
            if base.regle("DONNEES-13").is_some() {
                " : règle DONNEES-13"
            } else {
                ""
            }
        ));
    }
    s
}

fn pluriel(n: usize) -> &'static str {
    if n > 1 { "s" } else { "" }
}

fn synthese_json(
    base: &Base,
    nom: &str,
    trouvees: &[Situee],
    comptes: &BTreeMap<Categorie, usize>,
    recodee: bool,
) -> String {
    let donnees = donnees_trouvees(comptes);
    let mut regles: Vec<&str> = Vec::new();
    for d in &donnees {
        for r in consignes(d).1 {
            if base.regle(r).is_some() && !regles.contains(r) {
                regles.push(r);
            }
        }
    }
    let v = json!({
        "schema": 1,
        "fichier": nom,
        "trouvailles": trouvees.iter().map(|t| json!({
            "ligne": t.ligne,
            "colonne": t.colonne,
            "categorie": t.categorie.id(),
            "donnee": t.categorie.donnee(),
            "texte": t.texte,
            "raison": t.raison,
        })).collect::<Vec<_>>(),
        "synthese": {
            "total": comptes.values().sum::<usize>(),
            "par_categorie": comptes.iter().map(|(c, n)| (c.id().to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
            "donnees_personnelles": donnees,
            "regles": regles,
        },
        "recodage_windows_1252": recodee,
        "cadria": env!("CARGO_PKG_VERSION"),
    });
    format!("{v:#}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controles_neutralises() {
        assert_eq!(neutraliser("a\u{1b}[31mb\tc"), "a\\u{1b}[31mb\\u{9}c");
    }

    #[test]
    fn csv_formules_et_separateurs() {
        assert_eq!(champ_csv("=SOMME(A1)"), "\"'=SOMME(A1)\"");
        assert_eq!(champ_csv("a;b"), "\"a;b\"");
        assert_eq!(champ_csv("Léa"), "Léa");
    }
}

//! Remplacements cohérents : la même personne devient partout « [ÉLÈVE 1] »,
//! le même courriel « [COURRIEL 1] » ; la table n'est donnée qu'à la demande.

use super::{Categorie, Trouvaille};
use std::collections::HashMap;

/// La table des remplacements d'un texte.
#[derive(Debug, Default)]
pub struct Pseudonymiseur {
    cles: HashMap<(Categorie, String), String>,
    compteurs: HashMap<&'static str, usize>,
    /// (remplacement, texte d'origine), dans l'ordre d'apparition.
    table: Vec<(String, String)>,
}

fn normaliser(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric() && c != '@' && c != '.' && c != '-')
        .filter(|m| !m.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Pseudonymiseur {
    /// Une table vide.
    pub fn new() -> Self {
        Self::default()
    }

    fn etiquette(categorie: Categorie, civilite: bool) -> (&'static str, bool) {
        match categorie {
            Categorie::Personne if civilite => ("PERSONNE", true),
            Categorie::Personne => ("ÉLÈVE", true),
            Categorie::Courriel => ("COURRIEL", true),
            Categorie::Telephone => ("TÉLÉPHONE", true),
            Categorie::Ine => ("INE", true),
            Categorie::Nir => ("NIR", true),
            Categorie::Iban => ("IBAN", true),
            Categorie::Adresse => ("ADRESSE", true),
            Categorie::Classe => ("CLASSE", true),
            Categorie::DateNaissance => ("DATE DE NAISSANCE", false),
            Categorie::Sante => ("SANTÉ", false),
            Categorie::Famille => ("FAMILLE", false),
            Categorie::VieScolaire => ("VIE SCOLAIRE", false),
        }
    }

    /// Le remplacement de `original`, toujours le même pour la même donnée
    /// (un prénom seul reprend le numéro de la personne déjà vue sous son nom complet).
    pub fn remplacement(&mut self, t: &Trouvaille, original: &str) -> String {
        let cle = normaliser(original);
        let (nom, numerote) = Self::etiquette(t.categorie, t.civilite);
        if !numerote {
            return format!("[{nom}]");
        }
        if let Some(r) = self.cles.get(&(t.categorie, cle.clone())) {
            return r.clone();
        }
        let n = self.compteurs.entry(nom).or_insert(0);
        *n += 1;
        let r = format!("[{nom} {n}]");
        self.table.push((r.clone(), original.to_string()));
        if t.categorie == Categorie::Personne {
            for mot in cle.split(' ').filter(|m| m.chars().count() > 1) {
                self.cles
                    .entry((t.categorie, mot.to_string()))
                    .or_insert_with(|| r.clone());
            }
        }
        self.cles.insert((t.categorie, cle), r.clone());
        r
    }

    /// La ligne avec ses trouvailles remplacées.
    pub fn remplacer(&mut self, ligne: &str, trouvailles: &[Trouvaille]) -> String {
        let mut out = String::with_capacity(ligne.len());
        let mut pos = 0;
        for t in trouvailles {
            let (Some(avant), Some(original)) =
                (ligne.get(pos..t.debut), ligne.get(t.debut..t.fin))
            else {
                continue;
            };
            out.push_str(avant);
            out.push_str(&self.remplacement(t, original));
            pos = t.fin;
        }
        out.push_str(ligne.get(pos..).unwrap_or(""));
        out
    }

    /// Les remplacements faits (remplacement, original), dans l'ordre d'apparition.
    pub fn table(&self) -> &[(String, String)] {
        &self.table
    }
}

#[cfg(test)]
mod tests {
    use super::super::Detecteur;
    use super::*;

    #[test]
    fn meme_personne_meme_etiquette() {
        let d = Detecteur::new().unwrap();
        let mut p = Pseudonymiseur::new();
        let mut sortie = Vec::new();
        for l in [
            "Léa Martin (3e B) a un PAP.",
            "Léa progresse ; Hugo Martin aussi.",
            "Mail : lea@ex.fr, lea@ex.fr",
        ] {
            let t = d.analyser(l);
            sortie.push(p.remplacer(l, &t));
        }
        assert_eq!(sortie[0], "[ÉLÈVE 1] ([CLASSE 1]) a un [SANTÉ].");
        assert_eq!(sortie[1], "[ÉLÈVE 1] progresse ; [ÉLÈVE 2] aussi.");
        assert_eq!(sortie[2], "Mail : [COURRIEL 1], [COURRIEL 1]");
        assert_eq!(p.table().len(), 4);
    }
}

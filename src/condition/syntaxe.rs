//! Lecture des conditions : analyse lexicale et descente récursive vers un
//! arbre syntaxique dont chaque nœud garde sa place dans le texte.
//!
//! La syntaxe est un sous-ensemble des expressions minijinja : noms de faits,
//! chaînes, entiers, `true`/`false`, listes de littéraux, `==` `!=` `<` `<=`
//! `>` `>=` `in` `not in`, `and` `or` `not`, parenthèses et `| length`.
//! Tout le reste est refusé avec un message en français qui dit quoi écrire.

use std::fmt;

/// Une plage d'octets du texte de la condition (début inclus, fin exclue).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Plage {
    /// Premier octet.
    pub debut: usize,
    /// Octet qui suit le dernier.
    pub fin: usize,
}

impl Plage {
    fn new(debut: usize, fin: usize) -> Self {
        Plage { debut, fin }
    }

    pub(crate) fn jusqua(self, autre: Plage) -> Plage {
        Plage::new(self.debut.min(autre.debut), self.fin.max(autre.fin))
    }
}

/// Opérateur de comparaison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operateur {
    /// `==`
    Egal,
    /// `!=`
    Different,
    /// `<`
    Inferieur,
    /// `<=`
    InferieurOuEgal,
    /// `>`
    Superieur,
    /// `>=`
    SuperieurOuEgal,
    /// `in`
    Dans,
    /// `not in`
    PasDans,
}

impl Operateur {
    /// L'écriture de l'opérateur.
    pub fn texte(self) -> &'static str {
        match self {
            Operateur::Egal => "==",
            Operateur::Different => "!=",
            Operateur::Inferieur => "<",
            Operateur::InferieurOuEgal => "<=",
            Operateur::Superieur => ">",
            Operateur::SuperieurOuEgal => ">=",
            Operateur::Dans => "in",
            Operateur::PasDans => "not in",
        }
    }
}

/// Arbre syntaxique d'une condition, avant typage.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Un nom (fait, notion ou `date_evaluation`).
    Nom(String, Plage),
    /// Une chaîne littérale.
    Chaine(String, Plage),
    /// Un entier littéral.
    Entier(u32, Plage),
    /// `true` ou `false`.
    Booleen(bool, Plage),
    /// Une liste de littéraux `[...]`.
    Liste(Vec<Expr>, Plage),
    /// `x | length`.
    Longueur(Box<Expr>, Plage),
    /// `not x`.
    Non(Box<Expr>, Plage),
    /// `a and b`.
    Et(Box<Expr>, Box<Expr>),
    /// `a or b`.
    Ou(Box<Expr>, Box<Expr>),
    /// `a OP b` ; la plage est celle de l'opérateur.
    Comparaison(Operateur, Box<Expr>, Box<Expr>, Plage),
}

impl Expr {
    /// La plage couverte par l'expression entière.
    pub fn plage(&self) -> Plage {
        match self {
            Expr::Nom(_, p)
            | Expr::Chaine(_, p)
            | Expr::Entier(_, p)
            | Expr::Booleen(_, p)
            | Expr::Liste(_, p)
            | Expr::Longueur(_, p)
            | Expr::Non(_, p) => *p,
            Expr::Et(a, b) | Expr::Ou(a, b) | Expr::Comparaison(_, a, b, _) => {
                a.plage().jusqua(b.plage())
            }
        }
    }
}

/// Une construction que la lecture refuse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErreurSyntaxe {
    /// Où.
    pub plage: Plage,
    /// Quoi, en français.
    pub message: String,
    /// Quoi écrire à la place.
    pub aide: String,
    /// Vrai quand la construction est valide en minijinja mais hors du
    /// langage des conditions (filtre, test, appel, attribut…).
    pub hors_langage: bool,
}

impl fmt::Display for ErreurSyntaxe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Jeton {
    Nom(String),
    Chaine(String),
    Entier(u32),
    Symbole(&'static str),
    Fin,
}

impl Jeton {
    fn decrire(&self) -> String {
        match self {
            Jeton::Nom(n) => format!("`{n}`"),
            Jeton::Chaine(s) => format!("la chaîne \"{s}\""),
            Jeton::Entier(n) => format!("le nombre {n}"),
            Jeton::Symbole(s) => format!("`{s}`"),
            Jeton::Fin => "la fin de la condition".to_string(),
        }
    }
}

/// Symboles reconnus, les plus longs d'abord. Ceux qui ne font pas partie du
/// langage sont lus pour donner un message précis.
const SYMBOLES: [&str; 23] = [
    "==", "!=", "<=", ">=", "**", "//", "<", ">", "(", ")", "[", "]", ",", "|", ".", "+", "-", "*",
    "/", "%", "~", "{", "}",
];

fn erreur(plage: Plage, message: impl Into<String>, aide: impl Into<String>) -> ErreurSyntaxe {
    ErreurSyntaxe {
        plage,
        message: message.into(),
        aide: aide.into(),
        hors_langage: false,
    }
}

fn hors_langage(
    plage: Plage,
    message: impl Into<String>,
    aide: impl Into<String>,
) -> ErreurSyntaxe {
    ErreurSyntaxe {
        hors_langage: true,
        ..erreur(plage, message, aide)
    }
}

fn lexer(texte: &str) -> Result<Vec<(Jeton, Plage)>, ErreurSyntaxe> {
    let mut jetons = Vec::new();
    let octets = texte.as_bytes();
    let mut i = 0;
    while i < octets.len() {
        let c = octets[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let debut = i;
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < octets.len() && (octets[i].is_ascii_alphanumeric() || octets[i] == b'_') {
                i += 1;
            }
            let nom = texte.get(debut..i).unwrap_or_default().to_string();
            jetons.push((Jeton::Nom(nom), Plage::new(debut, i)));
            continue;
        }
        if c.is_ascii_digit() {
            while i < octets.len() && octets[i].is_ascii_digit() {
                i += 1;
            }
            let plage = Plage::new(debut, i);
            if i < octets.len() && octets[i] == b'.' {
                return Err(hors_langage(
                    plage,
                    "les nombres décimaux ne sont pas pris en charge",
                    "comparez une longueur de liste à un entier, par exemple `niveaux | length > 0`",
                ));
            }
            let chiffres = texte.get(debut..i).unwrap_or_default();
            let n = chiffres.parse::<u32>().map_err(|_| {
                erreur(
                    plage,
                    format!("le nombre {chiffres} est trop grand"),
                    "une longueur de liste tient en quelques chiffres",
                )
            })?;
            jetons.push((Jeton::Entier(n), plage));
            continue;
        }
        if c == b'"' || c == b'\'' {
            i += 1;
            let mut valeur = String::new();
            let mut fermee = false;
            while i < octets.len() {
                let ch = octets[i];
                if ch == c {
                    fermee = true;
                    i += 1;
                    break;
                }
                if ch == b'\\' {
                    return Err(hors_langage(
                        Plage::new(i, i + 1),
                        "les échappements (\\) ne sont pas pris en charge dans une chaîne",
                        "les valeurs des faits s'écrivent sans caractère spécial, par exemple \"grand_public\"",
                    ));
                }
                // Avance d'un caractère UTF-8 entier.
                let reste = texte.get(i..).unwrap_or_default();
                let Some(car) = reste.chars().next() else {
                    break;
                };
                valeur.push(car);
                i += car.len_utf8();
            }
            if !fermee {
                return Err(erreur(
                    Plage::new(debut, octets.len()),
                    "chaîne non terminée",
                    format!("fermez la chaîne avec {}", c as char),
                ));
            }
            jetons.push((Jeton::Chaine(valeur), Plage::new(debut, i)));
            continue;
        }
        let reste = texte.get(i..).unwrap_or_default();
        if let Some(s) = SYMBOLES.iter().find(|s| reste.starts_with(**s)) {
            i += s.len();
            jetons.push((Jeton::Symbole(s), Plage::new(debut, i)));
            continue;
        }
        let car = reste.chars().next().unwrap_or('?');
        return Err(erreur(
            Plage::new(debut, debut + car.len_utf8()),
            format!("caractère inattendu `{}`", car.escape_debug()),
            "une condition compare des faits à des valeurs : categorie_outil == \"grand_public\" and not contrat_dpa",
        ));
    }
    jetons.push((Jeton::Fin, Plage::new(octets.len(), octets.len())));
    Ok(jetons)
}

/// Profondeur d'imbrication au-delà de laquelle la lecture refuse (protège la pile).
const PROFONDEUR_MAX: usize = 64;

struct Lecteur {
    jetons: Vec<(Jeton, Plage)>,
    pos: usize,
    profondeur: usize,
}

fn est_mot(j: &Jeton, mot: &str) -> bool {
    matches!(j, Jeton::Nom(n) if n == mot)
}

impl Lecteur {
    fn courant(&self) -> &(Jeton, Plage) {
        let dernier = self.jetons.len().saturating_sub(1);
        &self.jetons[self.pos.min(dernier)]
    }

    fn suivant(&self) -> &(Jeton, Plage) {
        let dernier = self.jetons.len().saturating_sub(1);
        &self.jetons[(self.pos + 1).min(dernier)]
    }

    fn avancer(&mut self) -> (Jeton, Plage) {
        let j = self.courant().clone();
        if self.pos + 1 < self.jetons.len() {
            self.pos += 1;
        }
        j
    }

    fn descendre(&mut self) -> Result<(), ErreurSyntaxe> {
        self.profondeur += 1;
        if self.profondeur > PROFONDEUR_MAX {
            return Err(erreur(
                self.courant().1,
                "condition trop imbriquée",
                "découpez-la en notions nommées ou en plusieurs règles",
            ));
        }
        Ok(())
    }

    fn ou(&mut self) -> Result<Expr, ErreurSyntaxe> {
        self.descendre()?;
        let mut gauche = self.et()?;
        while est_mot(&self.courant().0, "or") {
            self.avancer();
            let droite = self.et()?;
            gauche = Expr::Ou(Box::new(gauche), Box::new(droite));
        }
        self.profondeur -= 1;
        Ok(gauche)
    }

    fn et(&mut self) -> Result<Expr, ErreurSyntaxe> {
        let mut gauche = self.non()?;
        while est_mot(&self.courant().0, "and") {
            self.avancer();
            let droite = self.non()?;
            gauche = Expr::Et(Box::new(gauche), Box::new(droite));
        }
        Ok(gauche)
    }

    fn non(&mut self) -> Result<Expr, ErreurSyntaxe> {
        if est_mot(&self.courant().0, "not") {
            let (_, p) = self.avancer();
            self.descendre()?;
            let e = self.non()?;
            self.profondeur -= 1;
            let plage = p.jusqua(e.plage());
            return Ok(Expr::Non(Box::new(e), plage));
        }
        self.comparaison()
    }

    fn operateur(&mut self) -> Option<(Operateur, Plage)> {
        let (j, p) = self.courant().clone();
        let op = match &j {
            Jeton::Symbole("==") => Operateur::Egal,
            Jeton::Symbole("!=") => Operateur::Different,
            Jeton::Symbole("<") => Operateur::Inferieur,
            Jeton::Symbole("<=") => Operateur::InferieurOuEgal,
            Jeton::Symbole(">") => Operateur::Superieur,
            Jeton::Symbole(">=") => Operateur::SuperieurOuEgal,
            Jeton::Nom(n) if n == "in" => Operateur::Dans,
            Jeton::Nom(n) if n == "not" && est_mot(&self.suivant().0, "in") => {
                self.avancer();
                let (_, fin) = self.avancer();
                return Some((Operateur::PasDans, p.jusqua(fin)));
            }
            _ => return None,
        };
        self.avancer();
        Some((op, p))
    }

    fn comparaison(&mut self) -> Result<Expr, ErreurSyntaxe> {
        let gauche = self.filtre()?;
        let Some((op, p)) = self.operateur() else {
            return self.verifier_suite(gauche);
        };
        let droite = self.filtre()?;
        if let Some((op2, p2)) = self.operateur() {
            return Err(hors_langage(
                p2,
                format!(
                    "comparaisons enchaînées (`{}` puis `{}`) non prises en charge",
                    op.texte(),
                    op2.texte()
                ),
                "reliez deux comparaisons par `and`, par exemple `niveaux | length > 0 and niveaux | length < 3`",
            ));
        }
        let e = Expr::Comparaison(op, Box::new(gauche), Box::new(droite), p);
        self.verifier_suite(e)
    }

    /// Refuse les tests `is` qui suivraient une expression.
    fn verifier_suite(&self, e: Expr) -> Result<Expr, ErreurSyntaxe> {
        let (j, p) = self.courant();
        if est_mot(j, "is") {
            return Err(hors_langage(
                *p,
                "les tests `is` ne sont pas pris en charge",
                "comparez le fait à une valeur : `fait == \"valeur\"`, ou pour une liste `fait | length > 0`",
            ));
        }
        Ok(e)
    }

    fn filtre(&mut self) -> Result<Expr, ErreurSyntaxe> {
        let mut e = self.primaire()?;
        while self.courant().0 == Jeton::Symbole("|") {
            let (_, barre) = self.avancer();
            let (j, p) = self.avancer();
            match j {
                Jeton::Nom(n) if n == "length" || n == "count" => {
                    if self.courant().0 == Jeton::Symbole("(") {
                        return Err(hors_langage(
                            self.courant().1,
                            "le filtre `length` ne prend pas d'argument",
                            "écrivez `niveaux | length`",
                        ));
                    }
                    let plage = e.plage().jusqua(p);
                    e = Expr::Longueur(Box::new(e), plage);
                }
                Jeton::Nom(n) => {
                    return Err(hors_langage(
                        barre.jusqua(p),
                        format!("le filtre `{n}` n'est pas pris en charge dans une condition"),
                        aide_filtre(&n),
                    ));
                }
                autre => {
                    return Err(erreur(
                        p,
                        format!(
                            "nom de filtre attendu après `|`, trouvé {}",
                            autre.decrire()
                        ),
                        "le seul filtre permis est `length` : `niveaux | length > 0`",
                    ));
                }
            }
        }
        Ok(e)
    }

    fn primaire(&mut self) -> Result<Expr, ErreurSyntaxe> {
        let (j, p) = self.avancer();
        let e = match j {
            Jeton::Nom(n) => match n.as_str() {
                "true" | "True" => Expr::Booleen(true, p),
                "false" | "False" => Expr::Booleen(false, p),
                "none" | "None" => {
                    return Err(hors_langage(
                        p,
                        "`none` n'est pas pris en charge : une réponse manquante n'a pas de valeur à comparer",
                        "cadria traite lui-même « je ne sais pas » ; comparez le fait à ses valeurs possibles",
                    ));
                }
                "and" | "or" | "in" | "is" | "if" | "else" => {
                    return Err(erreur(
                        p,
                        format!("`{n}` inattendu : il manque ce qui le précède"),
                        "vérifiez la condition autour de ce mot",
                    ));
                }
                _ => Expr::Nom(n, p),
            },
            Jeton::Chaine(s) => Expr::Chaine(s, p),
            Jeton::Entier(n) => Expr::Entier(n, p),
            Jeton::Symbole("(") => {
                let e = self.ou()?;
                let (fin, pf) = self.avancer();
                if fin != Jeton::Symbole(")") {
                    return Err(erreur(
                        pf,
                        format!("`)` attendue, trouvé {}", fin.decrire()),
                        "fermez chaque parenthèse ouverte",
                    ));
                }
                return self.suffixe(e);
            }
            Jeton::Symbole("[") => return self.liste(p),
            Jeton::Symbole("-") => {
                return Err(hors_langage(
                    p,
                    "les nombres négatifs et l'arithmétique ne sont pas pris en charge",
                    "comparez une longueur de liste à un entier positif",
                ));
            }
            Jeton::Fin => {
                return Err(erreur(
                    p,
                    "la condition s'arrête trop tôt",
                    "complétez l'expression après le dernier opérateur",
                ));
            }
            autre => {
                return Err(erreur(
                    p,
                    format!("{} inattendu", autre.decrire()),
                    "une condition compare des faits à des valeurs : categorie_outil == \"grand_public\"",
                ));
            }
        };
        self.suffixe(e)
    }

    /// Refuse les appels, attributs, indices et l'arithmétique après un terme.
    fn suffixe(&mut self, e: Expr) -> Result<Expr, ErreurSyntaxe> {
        let (j, p) = self.courant().clone();
        match j {
            Jeton::Symbole("(") => Err(hors_langage(
                p,
                "les appels de fonction ne sont pas pris en charge dans une condition",
                "comparez les faits à des valeurs avec ==, !=, in, not in",
            )),
            Jeton::Symbole(".") => Err(hors_langage(
                p,
                "les attributs et méthodes (`.`) ne sont pas pris en charge dans une condition",
                "nommez directement le fait, par exemple `categorie_outil == \"grand_public\"`",
            )),
            Jeton::Symbole("[") => Err(hors_langage(
                p,
                "l'accès par indice (`[...]`) n'est pas pris en charge",
                "testez la présence d'une valeur : `\"5e\" in niveaux`",
            )),
            Jeton::Symbole(s @ ("+" | "-" | "*" | "/" | "//" | "%" | "**" | "~")) => {
                Err(hors_langage(
                    p,
                    format!("l'opérateur `{s}` n'est pas pris en charge dans une condition"),
                    "une condition ne calcule pas : elle compare des faits à des valeurs",
                ))
            }
            Jeton::Nom(n) if n == "if" => Err(hors_langage(
                p,
                "les expressions `… if … else …` ne sont pas prises en charge",
                "écrivez `(a and b) or (not a and c)`",
            )),
            _ => Ok(e),
        }
    }

    fn liste(&mut self, ouverture: Plage) -> Result<Expr, ErreurSyntaxe> {
        let mut elements = Vec::new();
        loop {
            if self.courant().0 == Jeton::Symbole("]") {
                let (_, fin) = self.avancer();
                let e = Expr::Liste(elements, ouverture.jusqua(fin));
                return self.suffixe(e);
            }
            let (j, p) = self.avancer();
            match j {
                Jeton::Chaine(s) => elements.push(Expr::Chaine(s, p)),
                Jeton::Entier(n) => elements.push(Expr::Entier(n, p)),
                Jeton::Nom(n) if n == "true" || n == "false" => {
                    elements.push(Expr::Booleen(n == "true", p))
                }
                autre => {
                    return Err(hors_langage(
                        p,
                        format!(
                            "une liste ne contient que des valeurs écrites entre guillemets, trouvé {}",
                            autre.decrire()
                        ),
                        "écrivez par exemple [\"encadre\", \"autonome\"]",
                    ));
                }
            }
            let (sep, ps) = self.avancer();
            match sep {
                Jeton::Symbole(",") => {}
                Jeton::Symbole("]") => {
                    let e = Expr::Liste(elements, ouverture.jusqua(ps));
                    return self.suffixe(e);
                }
                autre => {
                    return Err(erreur(
                        ps,
                        format!(
                            "`,` ou `]` attendu dans la liste, trouvé {}",
                            autre.decrire()
                        ),
                        "séparez les valeurs par des virgules et fermez la liste par `]`",
                    ));
                }
            }
        }
    }
}

fn aide_filtre(nom: &str) -> String {
    match nom {
        "upper" | "lower" | "title" | "capitalize" | "trim" => {
            "les valeurs des faits sont fixées par le schéma : comparez directement, par exemple `categorie_outil == \"sous_contrat\"`".to_string()
        }
        "select" | "reject" | "list" | "selectattr" | "map" | "unique" => {
            "testez chaque valeur : `\"5e\" in niveaux or \"4e\" in niveaux`".to_string()
        }
        "default" | "d" => {
            "une réponse manquante est traitée par cadria (« je ne sais pas ») : n'écrivez pas de valeur par défaut".to_string()
        }
        "string" | "int" | "float" | "bool" => {
            "comparez le fait à ses propres valeurs, sans conversion".to_string()
        }
        _ => "le seul filtre permis est `length` : `niveaux | length > 0`".to_string(),
    }
}

/// Lit une condition en arbre syntaxique.
pub fn lire(texte: &str) -> Result<Expr, ErreurSyntaxe> {
    let jetons = lexer(texte)?;
    let mut l = Lecteur {
        jetons,
        pos: 0,
        profondeur: 0,
    };
    if l.courant().0 == Jeton::Fin {
        return Err(erreur(
            l.courant().1,
            "condition vide",
            "écrivez une expression, par exemple `true` pour une règle toujours applicable",
        ));
    }
    let e = l.ou()?;
    let (j, p) = l.courant().clone();
    if j != Jeton::Fin {
        let aide = if matches!(j, Jeton::Symbole(")")) {
            "retirez la parenthèse fermante en trop".to_string()
        } else {
            "reliez les morceaux par `and` ou `or`".to_string()
        };
        return Err(erreur(p, format!("{} inattendu ici", j.decrire()), aide));
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedences_comme_minijinja() {
        let e = lire(r#"not a == "x" and b or c"#).unwrap();
        let Expr::Ou(g, _) = e else { panic!() };
        let Expr::Et(n, _) = *g else { panic!() };
        assert!(matches!(*n, Expr::Non(..)));
        let e = lire("niveaux | length > 0").unwrap();
        assert!(matches!(
            e,
            Expr::Comparaison(Operateur::Superieur, ref g, _, _) if matches!(**g, Expr::Longueur(..))
        ));
        let e = lire(r#""3e" not in niveaux"#).unwrap();
        assert!(matches!(e, Expr::Comparaison(Operateur::PasDans, ..)));
    }

    #[test]
    fn constructions_refusees_avec_message_francais() {
        for (texte, attendu) in [
            (
                "(categorie_outil | upper) == \"SOUS_CONTRAT\"",
                "filtre `upper`",
            ),
            (
                "niveaux | select(\"in\", [\"5e\"]) | list | length > 0",
                "filtre `select`",
            ),
            ("not (formation | default(true))", "filtre `default`"),
            ("formation is defined", "tests `is`"),
            ("range(3)", "appels de fonction"),
            ("a.b", "attributs"),
            ("a and", "trop tôt"),
            ("(a", "`)` attendue"),
            ("a b", "inattendu ici"),
            ("'abc", "non terminée"),
            ("1 < n < 3", "enchaînées"),
            ("n + 1 > 2", "`+`"),
        ] {
            let e = lire(texte).unwrap_err();
            assert!(e.message.contains(attendu), "{texte} : {}", e.message);
        }
    }

    #[test]
    fn plages() {
        let e = lire(r#"x == "y""#).unwrap();
        assert_eq!(e.plage(), Plage::new(0, 8));
        let err = lire("a and (b | upper)").unwrap_err();
        assert_eq!(err.plage, Plage::new(9, 16));
    }

    #[test]
    fn imbrication_bornee() {
        let texte = format!("{}a{}", "(".repeat(200), ")".repeat(200));
        assert!(lire(&texte).unwrap_err().message.contains("imbriquée"));
        let texte = format!("{}a", "not ".repeat(200));
        assert!(lire(&texte).is_err());
    }
}

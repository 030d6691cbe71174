//! Translates cadria rule conditions (the minijinja expression subset that
//! rules use: and, or, not, ==, !=, >=, in, not in, `| length`, literals)
//! into one Rego v1 policy whose `declenchees` set holds the ids of the
//! rules that fire. Every boolean sub-expression becomes a helper rule, so
//! `or` maps to several definitions of one rule.

use std::fmt::Write as _;

#[derive(Debug, Clone, PartialEq)]
enum Jeton {
    Ident(String),
    Chaine(String),
    Nombre(String),
    Sym(String),
}

fn decouper(s: &str) -> Result<Vec<Jeton>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut v = Vec::new();
    while i < c.len() {
        let x = c[i];
        if x.is_whitespace() {
            i += 1;
        } else if x == '"' || x == '\'' {
            let mut t = String::new();
            i += 1;
            while i < c.len() && c[i] != x {
                t.push(c[i]);
                i += 1;
            }
            i += 1;
            v.push(Jeton::Chaine(t));
        } else if x.is_ascii_digit() {
            let mut t = String::new();
            while i < c.len() && c[i].is_ascii_digit() {
                t.push(c[i]);
                i += 1;
            }
            v.push(Jeton::Nombre(t));
        } else if x.is_alphanumeric() || x == '_' {
            let mut t = String::new();
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                t.push(c[i]);
                i += 1;
            }
            v.push(Jeton::Ident(t));
        } else {
            let deux: String = c[i..(i + 2).min(c.len())].iter().collect();
            if ["==", "!=", ">=", "<="].contains(&deux.as_str()) {
                v.push(Jeton::Sym(deux));
                i += 2;
            } else {
                v.push(Jeton::Sym(x.to_string()));
                i += 1;
            }
        }
    }
    Ok(v)
}

#[derive(Debug, Clone)]
enum Expr {
    Ou(Vec<Expr>),
    Et(Vec<Expr>),
    Non(Box<Expr>),
    Cmp(String, Box<Expr>, Box<Expr>),
    Fait(String),
    Longueur(String),
    Chaine(String),
    Nombre(String),
    Liste(Vec<Expr>),
}

struct Analyseur {
    j: Vec<Jeton>,
    k: usize,
}

impl Analyseur {
    fn voir(&self) -> Option<&Jeton> {
        self.j.get(self.k)
    }
    fn mot(&self, m: &str) -> bool {
        matches!(self.voir(), Some(Jeton::Ident(x)) if x == m)
    }
    fn sym(&self, m: &str) -> bool {
        matches!(self.voir(), Some(Jeton::Sym(x)) if x == m)
    }
    fn ou(&mut self) -> Result<Expr, String> {
        let mut v = vec![self.et()?];
        while self.mot("or") {
            self.k += 1;
            v.push(self.et()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Expr::Ou(v)
        })
    }
    fn et(&mut self) -> Result<Expr, String> {
        let mut v = vec![self.non()?];
        while self.mot("and") {
            self.k += 1;
            v.push(self.non()?);
        }
        Ok(if v.len() == 1 {
            v.remove(0)
        } else {
            Expr::Et(v)
        })
    }
    fn non(&mut self) -> Result<Expr, String> {
        if self.mot("not") {
            self.k += 1;
            return Ok(Expr::Non(Box::new(self.non()?)));
        }
        self.cmp()
    }
    fn cmp(&mut self) -> Result<Expr, String> {
        let a = self.primaire()?;
        let op = match self.voir() {
            Some(Jeton::Sym(s)) if ["==", "!=", ">=", "<=", ">", "<"].contains(&s.as_str()) => {
                s.clone()
            }
            Some(Jeton::Ident(s)) if s == "in" => "in".to_string(),
            Some(Jeton::Ident(s))
                if s == "not"
                    && matches!(self.j.get(self.k + 1), Some(Jeton::Ident(t)) if t == "in") =>
            {
                self.k += 1;
                "not in".to_string()
            }
            _ => return Ok(a),
        };
        self.k += 1;
        let b = self.primaire()?;
        Ok(Expr::Cmp(op, Box::new(a), Box::new(b)))
    }
    fn primaire(&mut self) -> Result<Expr, String> {
        let t = self.voir().cloned().ok_or("fin inattendue")?;
        self.k += 1;
        let e = match t {
            Jeton::Sym(s) if s == "(" => {
                let e = self.ou()?;
                if !self.sym(")") {
                    return Err("')' attendu".into());
                }
                self.k += 1;
                e
            }
            Jeton::Sym(s) if s == "[" => {
                let mut v = Vec::new();
                while !self.sym("]") {
                    v.push(self.primaire()?);
                    if self.sym(",") {
                        self.k += 1;
                    }
                }
                self.k += 1;
                Expr::Liste(v)
            }
            Jeton::Chaine(s) => Expr::Chaine(s),
            Jeton::Nombre(n) => Expr::Nombre(n),
            Jeton::Ident(i) => Expr::Fait(i),
            autre => return Err(format!("jeton inattendu {autre:?}")),
        };
        if self.sym("|") {
            self.k += 1;
            match (self.voir(), &e) {
                (Some(Jeton::Ident(f)), Expr::Fait(i)) if f == "length" => {
                    self.k += 1;
                    return Ok(Expr::Longueur(i.clone()));
                }
                _ => return Err("seul le filtre length est traduit".into()),
            }
        }
        Ok(e)
    }
}

fn terme(e: &Expr) -> Result<String, String> {
    Ok(match e {
        Expr::Fait(i) => format!("input.{i}"),
        Expr::Longueur(i) => format!("count(input.{i})"),
        Expr::Chaine(s) => serde_json::to_string(s).map_err(|e| e.to_string())?,
        Expr::Nombre(n) => n.clone(),
        Expr::Liste(v) => format!(
            "[{}]",
            v.iter()
                .map(terme)
                .collect::<Result<Vec<_>, _>>()?
                .join(", ")
        ),
        autre => return Err(format!("pas un terme : {autre:?}")),
    })
}

/// Emits helper rules for `e`; returns the name of the rule that holds when `e` is true.
fn booleen(e: &Expr, prefixe: &str, n: &mut usize, out: &mut String) -> Result<String, String> {
    *n += 1;
    let nom = format!("{prefixe}_{n}");
    match e {
        Expr::Ou(v) => {
            for x in v {
                let r = booleen(x, prefixe, n, out)?;
                let _ = writeln!(out, "{nom} if {r}");
            }
        }
        Expr::Et(v) => {
            let rs = v
                .iter()
                .map(|x| booleen(x, prefixe, n, out))
                .collect::<Result<Vec<_>, _>>()?;
            let _ = writeln!(out, "{nom} if {{ {} }}", rs.join("; "));
        }
        Expr::Non(x) => {
            let r = booleen(x, prefixe, n, out)?;
            let _ = writeln!(out, "{nom} if not {r}");
        }
        Expr::Fait(i) => {
            let _ = writeln!(out, "{nom} if input.{i} == true");
        }
        Expr::Cmp(op, a, b) => {
            let (a, b) = (terme(a)?, terme(b)?);
            let corps = match op.as_str() {
                "not in" => format!("not {a} in {b}"),
                o => format!("{a} {o} {b}"),
            };
            let _ = writeln!(out, "{nom} if {corps}");
        }
        autre => return Err(format!("pas une condition : {autre:?}")),
    }
    Ok(nom)
}

/// The Rego policy for `(id, condition)` pairs; entry point `data.cadria.declenchees`.
pub fn politique(regles: &[(String, String)]) -> Result<String, String> {
    let mut out = String::from("package cadria\n\nimport rego.v1\n\n");
    for (k, (id, quand)) in regles.iter().enumerate() {
        let j = decouper(quand)?;
        let mut a = Analyseur { j, k: 0 };
        let e = a.ou().map_err(|m| format!("{id} : {m}"))?;
        if a.k != a.j.len() {
            return Err(format!("{id} : fin de condition non lue"));
        }
        let mut n = 0;
        let racine =
            booleen(&e, &format!("r{k}"), &mut n, &mut out).map_err(|m| format!("{id} : {m}"))?;
        let _ = writeln!(
            out,
            "declenchees contains {} if {racine}\n",
            serde_json::to_string(id).map_err(|e| e.to_string())?
        );
    }
    Ok(out)
}

//! Contrôles qui confirment un motif : clé du NIR, somme de contrôle de
//! l'IBAN (modulo 97), forme de l'INE.

/// Chiffres seuls (les espaces et points de présentation sont retirés).
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect()
}

/// Le NIR (numéro de sécurité sociale, 13 caractères + clé de 2 chiffres) a
/// une clé valide : 97 − (nombre modulo 97), la Corse 2A / 2B comptant pour
/// 19 / 18.
pub fn nir_valide(s: &str) -> bool {
    let c = compact(s).to_ascii_uppercase();
    if c.len() != 15 || !c.is_ascii() {
        return false;
    }
    let (corps, cle) = c.split_at(13);
    let corps = match (corps.get(5..7), corps.get(..5), corps.get(7..)) {
        (Some("2A"), Some(a), Some(b)) => format!("{a}19{b}"),
        (Some("2B"), Some(a), Some(b)) => format!("{a}18{b}"),
        _ => corps.to_string(),
    };
    let (Ok(n), Ok(k)) = (corps.parse::<u64>(), cle.parse::<u64>()) else {
        return false;
    };
    97 - n % 97 == k
}

/// L'IBAN a la bonne longueur (15 à 34) et une somme de contrôle valide :
/// les quatre premiers caractères placés à la fin, les lettres remplacées
/// par 10 à 35, le nombre obtenu vaut 1 modulo 97.
pub fn iban_valide(s: &str) -> bool {
    let c = compact(s).to_ascii_uppercase();
    if !(15..=34).contains(&c.len()) || !c.chars().all(|x| x.is_ascii_alphanumeric()) {
        return false;
    }
    let (tete, reste) = c.split_at(4);
    let mut r: u32 = 0;
    for x in reste.chars().chain(tete.chars()) {
        let v = match x.to_digit(36) {
            Some(v) => v,
            None => return false,
        };
        r = if v < 10 {
            (r * 10 + v) % 97
        } else {
            (r * 100 + v) % 97
        };
    }
    r == 1
}

/// L'INE (identifiant national élève) a l'une des formes en usage :
/// 10 chiffres et une lettre (INE-BEA), 9 chiffres et 2 lettres (INE-RNIE).
/// La clé de l'INE-BEA n'est pas publiée : seule la forme est contrôlée.
pub fn ine_valide(s: &str) -> bool {
    let c = compact(s).to_ascii_uppercase();
    let b = c.as_bytes();
    if b.len() != 11 {
        return false;
    }
    let chiffres = b.iter().take_while(|x| x.is_ascii_digit()).count();
    let lettres = b[chiffres..].iter().all(|x| x.is_ascii_uppercase());
    lettres && (chiffres == 10 || chiffres == 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cle_du_nir() {
        // 1 84 12 76 451 089 : clé 97 − (1841276451089 mod 97).
        let n: u64 = 1_841_276_451_089;
        let cle = 97 - n % 97;
        assert!(nir_valide(&format!("1 84 12 76 451 089 {cle:02}")));
        assert!(!nir_valide(&format!(
            "1 84 12 76 451 089 {:02}",
            (cle % 97) + 1
        )));
        assert!(!nir_valide("1 84 12"));
    }

    #[test]
    fn nir_corse() {
        let n: u64 = 2_900_519_012_345; // 2A remplacé par 19
        let cle = 97 - n % 97;
        assert!(nir_valide(&format!("2 90 05 2A 012 345 {cle:02}")));
        assert!(!nir_valide(&format!("2 90 05 2B 012 345 {cle:02}")));
    }

    #[test]
    fn somme_de_controle_iban() {
        assert!(iban_valide("FR76 3000 6000 0112 3456 7890 189"));
        assert!(!iban_valide("FR76 3000 6000 0112 3456 7890 188"));
        assert!(iban_valide("DE89 3704 0044 0532 0130 00"));
        assert!(!iban_valide("FR76"));
        assert!(!iban_valide("FR76 3000 6000 0112 3456 7890 18é"));
    }

    #[test]
    fn forme_ine() {
        assert!(ine_valide("1234567890A"));
        assert!(ine_valide("123456789AB"));
        assert!(!ine_valide("12345678901"));
        assert!(!ine_valide("1234567890"));
        assert!(!ine_valide("12345678ABC"));
    }
}

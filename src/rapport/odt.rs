//! Le rapport en document OpenDocument texte (`.odt`), que LibreOffice et
//! Word ouvrent et qu'une administration complète et signe : le même modèle
//! de présentation que les autres formats, rendu par
//! `templates/rapport.odt.xml.j2` (content.xml), avec les styles ci-dessous.
//!
//! Un ODT est une archive zip : `mimetype` d'abord, non compressé, puis le
//! manifeste, les styles et le contenu. Tout est stocké sans compression
//! (quelques dizaines de Kio) : la crate `zip` sans ses fonctions
//! optionnelles suffit.

use super::Presentation;
use super::rendu::{Couleur, rendre_gabarit};
use std::io::Write;
use zip::write::SimpleFileOptions;

/// Type MIME d'un document texte OpenDocument.
pub const MIME_ODT: &str = "application/vnd.oasis.opendocument.text";

const MANIFESTE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#;

const META: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-meta xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" office:version="1.3">
<office:meta><meta:generator>cadria</meta:generator><dc:language>fr-FR</dc:language></office:meta>
</office:document-meta>
"#;

/// A4, French language (spell-checking, hyphenation off so that no word
/// breaks), named paragraph styles that LibreOffice and Word show as
/// « Titre », « Titre 2 »…. `TAILLE` and `MARGE` are set by [`styles`].
const STYLES: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.3">
<office:font-face-decls>
<style:font-face style:name="Liberation Sans" svg:font-family="'Liberation Sans'" style:font-family-generic="swiss"/>
</office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph">
<style:paragraph-properties fo:orphans="2" fo:widows="2"/>
<style:text-properties style:font-name="Liberation Sans" fo:font-size="TAILLE" fo:language="fr" fo:country="FR" fo:hyphenate="false"/>
</style:default-style>
<style:style style:name="Standard" style:family="paragraph" style:class="text"/>
<style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph" style:parent-style-name="Standard" style:class="text">
<style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.16cm" fo:line-height="115%"/>
</style:style>
<style:style style:name="Verdict" style:family="paragraph" style:parent-style-name="Text_20_body">
<style:paragraph-properties fo:padding="0.15cm" fo:border-left="4pt solid #8a1111" fo:background-color="#f3f3f3"/>
</style:style>
<style:style style:name="Liste" style:family="paragraph" style:parent-style-name="Text_20_body">
<style:paragraph-properties fo:margin-bottom="0.08cm"/>
</style:style>
<style:style style:name="Rubrique" style:family="paragraph" style:parent-style-name="Text_20_body">
<style:paragraph-properties fo:margin-bottom="0.05cm" fo:keep-with-next="always"/>
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"/>
<style:style style:name="Discret" style:family="paragraph" style:parent-style-name="Text_20_body">
<style:text-properties fo:font-size="8pt" fo:color="#4d4d4d"/>
</style:style>
<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Text_20_body" style:class="text">
<style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/>
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Title" style:display-name="Title" style:family="paragraph" style:parent-style-name="Heading" style:class="chapter">
<style:paragraph-properties fo:margin-top="0cm"/>
<style:text-properties fo:font-size="16pt"/>
</style:style>
<style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text">
<style:text-properties fo:font-size="13pt"/>
</style:style>
<style:style style:name="Heading_20_3" style:display-name="Heading 3" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="3" style:class="text">
<style:text-properties fo:font-size="11pt"/>
</style:style>
<style:style style:name="Heading_20_4" style:display-name="Heading 4" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="4" style:class="text">
<style:text-properties fo:font-size="10pt"/>
</style:style>
<style:style style:name="Strong_20_Emphasis" style:display-name="Strong Emphasis" style:family="text">
<style:text-properties fo:font-weight="bold"/>
</style:style>
<style:style style:name="Petit" style:family="text">
<style:text-properties fo:font-size="8pt" fo:color="#4d4d4d"/>
</style:style>
<text:list-style style:name="Numeros">
<text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.7cm" fo:text-indent="-0.6cm" fo:margin-left="0.7cm"/>
</style:list-level-properties>
</text:list-level-style-number>
</text:list-style>
<text:list-style style:name="Puces">
<text:list-level-style-bullet text:level="1" text:bullet-char="•">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/>
</style:list-level-properties>
</text:list-level-style-bullet>
</text:list-style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="A4">
<style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" fo:margin-top="MARGE" fo:margin-bottom="MARGE" fo:margin-left="1.6cm" fo:margin-right="1.6cm"/>
</style:page-layout>
</office:automatic-styles>
<office:master-styles>
<style:master-page style:name="Standard" style:page-layout-name="A4"/>
</office:master-styles>
</office:document-styles>
"##;

/// The styles, tighter for the one-page summary.
fn styles(resume: bool) -> String {
    let (taille, marge) = if resume {
        ("9pt", "1.2cm")
    } else {
        ("10pt", "1.5cm")
    };
    STYLES.replace("TAILLE", taille).replace("MARGE", marge)
}

/// Removes what XML 1.0 cannot hold (control characters other than tab and
/// line breaks, U+FFFE, U+FFFF), so that a stray character in an answer can
/// never make the document unreadable.
fn xml_valide(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            (matches!(c, '\t' | '\n' | '\r') || !c.is_control())
                && c != '\u{fffe}'
                && c != '\u{ffff}'
        })
        .collect()
}

/// Le rapport `p` en document ODT (octets de l'archive).
pub fn odt(p: &Presentation<'_>) -> Result<Vec<u8>, minijinja::Error> {
    let contenu = xml_valide(&rendre_gabarit(p, "rapport.odt.xml.j2", Couleur::Non)?);
    archive(&contenu, &styles(p.resume)).map_err(|e| {
        minijinja::Error::new(
            minijinja::ErrorKind::WriteFailure,
            format!("archive ODT impossible : {e}"),
        )
    })
}

fn archive(contenu: &str, styles: &str) -> zip::result::ZipResult<Vec<u8>> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stocke = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .last_modified_time(zip::DateTime::default());
    // `mimetype` first and stored: how readers recognise an ODT.
    for (nom, texte) in [
        ("mimetype", MIME_ODT),
        ("META-INF/manifest.xml", MANIFESTE),
        ("meta.xml", META),
        ("styles.xml", styles),
        ("content.xml", contenu),
    ] {
        z.start_file(nom, stocke)?;
        z.write_all(texte.as_bytes())?;
    }
    Ok(z.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn archive_relue_mimetype_d_abord() {
        let octets = archive("<x/>", &styles(false)).unwrap();
        // The mimetype sits right after the first local header, uncompressed.
        assert_eq!(&octets[..4], b"PK\x03\x04");
        assert_eq!(&octets[30..38], b"mimetype");
        assert_eq!(&octets[38..38 + MIME_ODT.len()], MIME_ODT.as_bytes());
        let mut z = zip::ZipArchive::new(std::io::Cursor::new(octets)).unwrap();
        let noms: Vec<String> = z
            .file_names()
            .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
            .collect();
        for attendu in [
            "mimetype",
            "META-INF/manifest.xml",
            "styles.xml",
            "content.xml",
        ] {
            assert!(noms.iter().any(|n| n == attendu), "{attendu} : {noms:?}");
        }
        let mut c = String::new();
        z.by_name("content.xml")
            .unwrap()
            .read_to_string(&mut c)
            .unwrap();
        assert_eq!(c, "<x/>");
    }

    #[test]
    fn caracteres_interdits_en_xml_retires() {
        assert_eq!(xml_valide("a\u{1}b\u{1b}[31m\tc\n"), "ab[31m\tc\n");
    }
}

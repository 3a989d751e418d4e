//! The editor's words for the paragraph library: its entries offered by title and outcome for
//! the case's legislation only (no EIR regulation on a FOIA case), and where a paragraph came
//! from said in words rather than by its key (issue 14).

use crate::domain::notice::outcome_words;
use crate::domain::paragraphs::{Act, Outcome, act_of_key};
use crate::domain::regime::Regime;
use crate::service::library::EntryView;

/// The library's paragraphs for the case's legislation, by title and outcome ("Section 31 -
/// Law enforcement: complaint not upheld"), never by key.
pub(super) fn library_options(library: &[EntryView], regime: Regime) -> Vec<(String, String)> {
    let act = match regime {
        Regime::Eir | Regime::EirScotland => Act::Eir,
        Regime::Foia | Regime::Foisa | Regime::UkGdprSar => Act::Foia,
    };
    library
        .iter()
        .filter(|e| act_of_key(&e.key).is_none_or(|a| a == act))
        .map(|e| {
            let outcome = e
                .key
                .rsplit_once(':')
                .and_then(|(_, o)| Outcome::from_slug(o))
                .map(|o| format!(": {}", outcome_words(o).to_lowercase()))
                .unwrap_or_default();
            (e.key.clone(), format!("{}{outcome}", e.heading))
        })
        .collect()
}

/// Where a paragraph came from, in words: the library entry's title, or "the case record"
/// for one drafted from it ("generated:summary" is a key, never shown).
pub(super) fn source_words(source: &str, library: &[EntryView]) -> String {
    if let Some(key) = source.strip_prefix("library:") {
        let options = library_options(library, Regime::Foia)
            .into_iter()
            .chain(library_options(library, Regime::Eir));
        let title = options.into_iter().find(|(k, _)| k == key).map(|(_, t)| t);
        return format!(
            "from the library: {}",
            title.unwrap_or_else(|| "a standard paragraph".to_owned())
        );
    }
    if source.starts_with("generated:") {
        return "drafted from the case record".to_owned();
    }
    String::new()
}

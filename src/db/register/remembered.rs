//! The words' matches a server has already asked the database for, kept with the facet index
//! of the register's generation they were found at (so a change to the register forgets them
//! with the index). A researcher paging through a search, or the page and the feed of the same
//! search, asks the full-text index once: finding a word in nearly every notice is most of a
//! search's time (about 18 ms for 25,000 notices on SQLite).
//!
//! The text of a published notice is written only with its notice's row, in the same
//! transaction, so the register's generation moves on whenever the matches could change.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// The most searches remembered, and the most ids among them all (8 bytes each: 8 MB),
/// after which all are forgotten and remembering starts again.
const SEARCHES: usize = 256;
const IDS: usize = 1_000_000;

/// The searches kept: the full-text query (as bound) → the ids of the notices whose text
/// holds it, and how many ids they hold in all.
type Kept = (HashMap<String, Arc<[i64]>>, usize);

/// The matches remembered.
#[derive(Debug, Default)]
pub struct RememberedMatches {
    searches: Mutex<Kept>,
}

impl RememberedMatches {
    /// The ids remembered for `query`, if any.
    pub fn get(&self, query: &str) -> Option<Arc<[i64]>> {
        let searches = self.searches.lock().unwrap_or_else(PoisonError::into_inner);
        searches.0.get(query).cloned()
    }

    /// Remembers `ids` as the matches of `query`.
    pub fn keep(&self, query: String, ids: Arc<[i64]>) {
        let mut searches = self.searches.lock().unwrap_or_else(PoisonError::into_inner);
        let (kept, total) = &mut *searches;
        if kept.len() >= SEARCHES || *total + ids.len() > IDS {
            kept.clear();
            *total = 0;
        }
        *total += ids.len();
        kept.insert(query, ids);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_are_kept_until_too_many() {
        let remembered = RememberedMatches::default();
        assert!(remembered.get("\"invoices\"").is_none());
        remembered.keep("\"invoices\"".to_owned(), Arc::from(vec![3, 1]));
        assert_eq!(remembered.get("\"invoices\"").as_deref(), Some(&[3, 1][..]));
        for n in 0..SEARCHES {
            remembered.keep(format!("\"word{n}\""), Arc::from(vec![1]));
        }
        assert!(
            remembered.get("\"invoices\"").is_none(),
            "the oldest are forgotten once the searches are full"
        );
        remembered.keep("\"big\"".to_owned(), Arc::from(vec![0; IDS]));
        remembered.keep("\"small\"".to_owned(), Arc::from(vec![1]));
        assert!(
            remembered.get("\"big\"").is_none(),
            "too many ids: forgotten"
        );
        assert!(remembered.get("\"small\"").is_some());
    }
}

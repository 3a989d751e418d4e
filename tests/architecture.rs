//! Architecture rules: the domain uses no adapter crate, and the two migration trees match.

// A test fails by panicking, in its helpers as in its #[test] functions (clippy's
// allow-unwrap-in-tests covers only the latter).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests and their helpers fail by panicking"
)]

use std::collections::BTreeSet;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_domain_uses_no_adapter_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/domain"), &mut files);
    assert!(!files.is_empty());
    let forbidden = [
        "actix",
        "diesel",
        "tera",
        "lettre",
        "typst",
        "utoipa",
        "r2d2",
        "crate::db",
        "crate::web",
        "crate::service",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for word in forbidden {
            assert!(
                !text.contains(&format!("{word}::")) && !text.contains(&format!("use {word}")),
                "{} mentions {word}",
                file.display()
            );
        }
    }
}

#[test]
fn the_two_migration_trees_have_the_same_migrations() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |backend: &str| -> BTreeSet<String> {
        std::fs::read_dir(root.join(backend))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect()
    };
    let sqlite = names("sqlite");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, names("postgres"));
}

/// The files under `dir` (or the file itself) that mention any of `words` as a path or a `use`.
fn mentions(dir: &str, words: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(dir);
    let mut files = Vec::new();
    if path.is_dir() {
        rust_files(&path, &mut files);
    } else {
        files.push(path);
    }
    assert!(!files.is_empty(), "{dir} has Rust files");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for word in words {
            if text.contains(&format!("{word}::")) || text.contains(&format!("use {word}")) {
                found.push(format!("{} mentions {word}", file.display()));
            }
        }
    }
    found
}

#[test]
fn the_web_layer_and_the_worker_reach_storage_only_through_the_services() {
    let storage = ["diesel", "db::schema", "db::rows", "r2d2"];
    let mut found = mentions("src/web", &storage);
    found.extend(mentions("src/worker.rs", &storage));
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_services_know_neither_actix_nor_utoipa() {
    let found = mentions("src/service", &["actix_web", "actix", "utoipa"]);
    assert!(found.is_empty(), "{found:#?}");
}

/// Every query and table lives in `src/db/`: the services and the command line only call it (they
/// may still open a transaction, which is orchestration).
#[test]
fn the_services_and_the_command_line_write_no_query() {
    // `service/mod.rs` converts diesel's error into the service's; nothing else there uses diesel.
    let mut found: Vec<String> = mentions("src/service", &["db::schema", "diesel"])
        .into_iter()
        .filter(|f| {
            !f.starts_with(&format!(
                "{}/src/service/mod.rs",
                env!("CARGO_MANIFEST_DIR")
            ))
        })
        .collect();
    found.extend(mentions("src/cli", &["db::schema"]));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/service"), &mut files);
    rust_files(&root.join("src/cli"), &mut files);
    assert!(
        files.len() > 10,
        "the services and the command line have Rust files"
    );
    let builders = [
        "diesel::insert_into",
        "diesel::update(",
        "diesel::delete(",
        "diesel::sql_query",
        "diesel::dsl",
        "::table\n",
        "::table.",
        // Writes start through db::write_transaction (BEGIN IMMEDIATE on SQLite).
        "conn.transaction(",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for b in builders {
            if text.contains(b) {
                found.push(format!("{} builds a query ({b})", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn no_http_door_reaches_the_privileged_seeding_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/web"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        assert!(
            !text.contains("cases::seed") && !text.contains("Case::seed"),
            "{} reaches the seeding path",
            file.display()
        );
    }
}

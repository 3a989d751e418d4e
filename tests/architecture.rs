//! Architecture rules: the domain uses no adapter crate, the two migration trees match, the
//! layers reach each other only as designed, and no function or file grows past its size.

// A test fails by panicking, in its helpers as in its #[test] functions (clippy's
// allow-unwrap-in-tests covers only the latter).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests and their helpers fail by panicking"
)]

use std::collections::BTreeSet;
use std::path::Path;

#[path = "architecture/sizes.rs"]
mod sizes;

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

/// Diesel keys a migration by its version (the name up to the first `_`): two migrations with
/// one version mean the second never runs on a database that has run the first. Branches
/// merged on one day made exactly that once.
#[test]
fn no_two_migrations_share_a_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
    let mut seen = std::collections::BTreeMap::<String, String>::new();
    let mut clashes = Vec::new();
    for entry in std::fs::read_dir(root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let version = name.split('_').next().unwrap_or_default().to_owned();
        if let Some(other) = seen.insert(version.clone(), name.clone()) {
            clashes.push(format!("{other} and {name} share version {version}"));
        }
    }
    assert!(seen.len() > 1);
    assert!(clashes.is_empty(), "renumber one of each: {clashes:#?}");
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

/// The longest a function may be without a reason, and a file at all.
const MAX_FUNCTION_LINES: usize = 80;
const MAX_FILE_LINES: usize = 600;

#[test]
fn no_function_is_over_80_lines_without_a_reason_and_no_file_over_600() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let path = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            found.push(format!(
                "src/{path}: {lines} lines (at most {MAX_FILE_LINES}): split it into modules"
            ));
        }
        for f in sizes::functions(&text) {
            if f.length > MAX_FUNCTION_LINES && !f.has_reason {
                found.push(format!(
                    "src/{path}:{}: fn {} is {} lines (at most {MAX_FUNCTION_LINES}): split it, \
                     or give the reason in a doc comment line starting `{}`",
                    f.line,
                    f.name,
                    f.length,
                    sizes::REASON
                ));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_size_guard_reads_braces_as_rust_does() {
    let text = r##"
/// Long because it says so.
#[expect(clippy::x, reason = "y")]
pub(crate) async fn first<'a>(x: &'a str) -> char {
    let open = '{';
    let s = "}}}";
    let r = r#"}"#;
    // }
    /* } /* nested } */ } */
    let b = b'}';
    '\u{7d}'
}

fn second() {
}

trait T {
    fn declared(&self);
}
"##;
    let found = sizes::functions(text);
    let summary: Vec<(&str, usize, usize, bool)> = found
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.length, f.has_reason))
        .collect();
    assert_eq!(
        summary,
        [("first", 4, 9, true), ("second", 14, 2, false)],
        "{found:#?}"
    );
}

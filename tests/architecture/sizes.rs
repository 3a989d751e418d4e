//! How long each function of a source file is, read as Rust is read: braces inside strings
//! (raw and byte strings too), character literals and comments do not count, and lifetimes are
//! not mistaken for characters. Enough of a lexer for the guard, not a parser.

/// A function that is longer than it may be without a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its name.
    pub name: String,
    /// The line of `fn` (1-based).
    pub line: usize,
    /// Lines from `fn` to its closing brace.
    pub length: usize,
    /// Whether its doc comment gives the reason ([`REASON`]).
    pub has_reason: bool,
}

/// The doc comment line that says why a function is long.
pub const REASON: &str = "/// Long because";

/// Every function with a body in `text`, with its length and whether its doc gives a reason.
#[must_use]
pub fn functions(text: &str) -> Vec<Function> {
    let raw: Vec<&str> = text.lines().collect();
    let code = code_only(text);
    let code: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in code.iter().enumerate() {
        let Some(name) = fn_name(line) else {
            continue;
        };
        let Some(end) = body_end(&code, i) else {
            continue;
        };
        out.push(Function {
            name,
            line: i + 1,
            length: end - i + 1,
            has_reason: doc_above(&raw, i).iter().any(|d| d.starts_with(REASON)),
        });
    }
    out
}

/// The name declared by a line that starts a `fn` item, if it does.
fn fn_name(line: &str) -> Option<String> {
    let mut words = line.split_whitespace().peekable();
    while let Some(word) = words.peek() {
        let qualifier = word.starts_with("pub")
            || matches!(
                *word,
                "const" | "async" | "unsafe" | "extern" | "\"C\"" | "\"\""
            );
        if !qualifier {
            break;
        }
        words.next();
    }
    if words.next()? != "fn" {
        return None;
    }
    let name: String = words
        .next()?
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// The line of the brace closing the body that starts at line `start`; `None` for a
/// declaration without a body (a trait's method).
fn body_end(code: &[&str], start: usize) -> Option<usize> {
    let mut depth = 0i64;
    let mut opened = false;
    for (j, line) in code.iter().enumerate().skip(start) {
        for c in line.chars() {
            match c {
                '{' => {
                    depth += 1;
                    opened = true;
                }
                '}' => depth -= 1,
                ';' if !opened && depth == 0 => return None,
                _ => {}
            }
            if opened && depth == 0 {
                return Some(j);
            }
        }
    }
    None
}

/// The `///` lines of the doc comment above line `i`, across the attributes between them.
fn doc_above<'a>(raw: &[&'a str], i: usize) -> Vec<&'a str> {
    let mut docs = Vec::new();
    let mut in_attribute = false;
    for line in raw[..i].iter().rev().map(|l| l.trim()) {
        if in_attribute {
            in_attribute = !line.starts_with("#[");
        } else if line.starts_with("///") {
            docs.push(line);
        } else if line.starts_with("#[") {
            in_attribute = !line.ends_with(']');
        } else if line.ends_with(']') || line.ends_with(")]") {
            // The last line of an attribute written over several lines.
            in_attribute = true;
        } else {
            break;
        }
    }
    docs
}

/// The text with every comment, string and character literal blanked to spaces (line breaks
/// kept, so line numbers stay).
#[must_use]
pub fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let skip = match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => line_comment(&chars, i),
            '/' if chars.get(i + 1) == Some(&'*') => block_comment(&chars, i),
            '"' => string(&chars, i + 1),
            'r' | 'b' if starts_raw_or_byte(&chars, i) => prefixed_string(&chars, i),
            '\'' => char_literal(&chars, i),
            _ => 0,
        };
        if skip == 0 {
            out.push(chars[i]);
            i += 1;
        } else {
            for &c in &chars[i..(i + skip).min(chars.len())] {
                out.push(if c == '\n' { '\n' } else { ' ' });
            }
            i += skip;
        }
    }
    out
}

/// Length of a `//` comment up to (not including) the line break.
fn line_comment(chars: &[char], i: usize) -> usize {
    chars[i..].iter().take_while(|&&c| c != '\n').count()
}

/// Length of a (possibly nested) `/* */` comment.
fn block_comment(chars: &[char], i: usize) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j + 1 < chars.len() {
        match (chars[j], chars[j + 1]) {
            ('/', '*') => {
                depth += 1;
                j += 2;
            }
            ('*', '/') => {
                depth -= 1;
                j += 2;
                if depth == 0 {
                    return j - i;
                }
            }
            _ => j += 1,
        }
    }
    chars.len() - i
}

/// Length of a string whose body starts at `body` (just after the `"`), including both quotes.
fn string(chars: &[char], body: usize) -> usize {
    let mut j = body;
    while j < chars.len() {
        match chars[j] {
            '\\' => j += 2,
            '"' => return j + 1 - (body - 1),
            _ => j += 1,
        }
    }
    chars.len() - (body - 1)
}

/// Whether `r"`, `r#"`, `b"`, `br"`, `br#"` starts at `i` (and not inside an identifier).
fn starts_raw_or_byte(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let rest: String = chars[i..chars.len().min(i + 3)].iter().collect();
    rest.starts_with("r\"")
        || rest.starts_with("r#")
        || rest.starts_with("b\"")
        || rest.starts_with("br\"")
        || rest.starts_with("br#")
        || rest.starts_with("b'")
}

/// Length of a raw string (`r#"…"#`), a byte string or a byte character starting at `i`.
fn prefixed_string(chars: &[char], i: usize) -> usize {
    let mut j = i;
    if chars[j] == 'b' {
        j += 1;
        match chars.get(j) {
            Some('"') => return 1 + string(chars, j + 1),
            Some('\'') => return 1 + char_literal(chars, j),
            _ => {}
        }
    }
    // A raw string: r, hashes, quote, body, quote, the same hashes.
    j += 1;
    let hashes = chars[j..].iter().take_while(|&&c| c == '#').count();
    j += hashes;
    if chars.get(j) != Some(&'"') {
        return 0;
    }
    j += 1;
    while j < chars.len() {
        if chars[j] == '"'
            && chars[j + 1..]
                .iter()
                .take(hashes)
                .filter(|&&c| c == '#')
                .count()
                == hashes
        {
            return j + 1 + hashes - i;
        }
        j += 1;
    }
    chars.len() - i
}

/// Length of a character literal at `i` (`'x'`, `'\n'`, `'\u{7b}'`), or 0 for a lifetime or a
/// label (`'a`, `'outer:`).
fn char_literal(chars: &[char], i: usize) -> usize {
    match (chars.get(i + 1), chars.get(i + 2)) {
        (Some('\\'), _) => chars[i + 2..]
            .iter()
            .position(|&c| c == '\'')
            .map_or(0, |p| p + 3),
        (Some(_), Some('\'')) => 3,
        _ => 0,
    }
}

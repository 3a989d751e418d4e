//! Edits an officer makes to a draft notice in the browser, one block at a time: replace a
//! paragraph or sub-heading, insert, delete, move up or down. Each is applied to the whole
//! document, which is then saved as a new version.

use crate::domain::notice::{Block, Notice, Part};

/// Where a block is: its section and its position in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Index of the section.
    pub section: usize,
    /// Index of the block in the section.
    pub block: usize,
}

/// One edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// New text (and label) for a paragraph.
    ReplaceParagraph {
        /// Which.
        at: Place,
        /// Its label for cross-references.
        label: Option<String>,
        /// Its parts.
        parts: Vec<Part>,
    },
    /// New text for a sub-heading.
    ReplaceSubheading {
        /// Which.
        at: Place,
        /// The heading.
        text: String,
    },
    /// A new paragraph at the end of a section.
    AppendParagraph {
        /// The section.
        section: usize,
        /// Its parts.
        parts: Vec<Part>,
    },
    /// A new sub-heading at the end of a section.
    AppendSubheading {
        /// The section.
        section: usize,
        /// The heading.
        text: String,
    },
    /// Blocks (from the library) at the end of a section.
    AppendBlocks {
        /// The section.
        section: usize,
        /// The blocks.
        blocks: Vec<Block>,
    },
    /// Swap a block with the one before it.
    MoveUp(Place),
    /// Swap a block with the one after it.
    MoveDown(Place),
    /// Remove a block.
    Delete(Place),
}

/// Why an edit could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct EditError(pub String);

fn gone() -> EditError {
    EditError(
        "That part of the notice is no longer there: someone may have changed the notice. Reload the page.".to_owned(),
    )
}

/// A label may hold lower-case letters, digits and hyphens (it is referred to as `{ref:label}`).
///
/// # Errors
/// When it holds anything else.
pub fn check_label(label: &str) -> Result<(), EditError> {
    if !label.is_empty()
        && label.len() <= 60
        && label
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        Ok(())
    } else {
        Err(EditError(
            "A label can only contain lower-case letters, numbers and hyphens, like s40-test"
                .to_owned(),
        ))
    }
}

/// Applies one edit.
///
/// # Errors
/// A place that does not exist, a bad label, or a label already used by another paragraph.
pub fn apply(notice: &mut Notice, edit: Edit) -> Result<(), EditError> {
    match edit {
        Edit::ReplaceParagraph { at, label, parts } => {
            if let Some(l) = &label {
                check_label(l)?;
                let used_elsewhere = notice.sections.iter().enumerate().any(|(si, s)| {
                    s.blocks.iter().enumerate().any(|(bi, b)| {
                        (si, bi) != (at.section, at.block)
                            && matches!(b, Block::Paragraph { label: Some(other), .. } if other == l)
                    })
                });
                if used_elsewhere {
                    return Err(EditError(format!(
                        "Another paragraph already has the label {l}"
                    )));
                }
            }
            match block_mut(notice, at)? {
                Block::Paragraph {
                    label: old_label,
                    parts: old_parts,
                    ..
                } => {
                    *old_label = label;
                    *old_parts = parts;
                    Ok(())
                }
                Block::Subheading { .. } => Err(gone()),
            }
        }
        Edit::ReplaceSubheading { at, text } => match block_mut(notice, at)? {
            Block::Subheading { text: old } => {
                *old = text;
                Ok(())
            }
            Block::Paragraph { .. } => Err(gone()),
        },
        Edit::AppendParagraph { section, parts } => {
            section_mut(notice, section)?.push(Block::Paragraph {
                label: None,
                numbered: true,
                source: None,
                parts,
            });
            Ok(())
        }
        Edit::AppendSubheading { section, text } => {
            section_mut(notice, section)?.push(Block::Subheading { text });
            Ok(())
        }
        Edit::AppendBlocks { section, blocks } => {
            section_mut(notice, section)?.extend(blocks);
            Ok(())
        }
        Edit::MoveUp(at) => {
            let blocks = section_mut(notice, at.section)?;
            if at.block == 0 || at.block >= blocks.len() {
                return Err(gone());
            }
            blocks.swap(at.block - 1, at.block);
            Ok(())
        }
        Edit::MoveDown(at) => {
            let blocks = section_mut(notice, at.section)?;
            if at.block + 1 >= blocks.len() {
                return Err(gone());
            }
            blocks.swap(at.block, at.block + 1);
            Ok(())
        }
        Edit::Delete(at) => {
            let blocks = section_mut(notice, at.section)?;
            if at.block >= blocks.len() {
                return Err(gone());
            }
            blocks.remove(at.block);
            Ok(())
        }
    }
}

fn section_mut(notice: &mut Notice, section: usize) -> Result<&mut Vec<Block>, EditError> {
    notice
        .sections
        .get_mut(section)
        .map(|s| &mut s.blocks)
        .ok_or_else(gone)
}

fn block_mut(notice: &mut Notice, at: Place) -> Result<&mut Block, EditError> {
    section_mut(notice, at.section)?
        .get_mut(at.block)
        .ok_or_else(gone)
}

/// The text of one block as typed in the editor's form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BlockText {
    /// A sub-heading's text.
    Subheading(String),
    /// A paragraph's label and parts.
    Paragraph {
        /// Its label for cross-references.
        label: Option<String>,
        /// Its parts.
        parts: Vec<Part>,
    },
}

/// Applies every block's typed text at once (the editor's one form), then checks that no two
/// paragraphs share a label.
///
/// # Errors
/// A place that does not exist or holds the other kind of block (someone changed the notice),
/// a bad label, or a label used twice.
pub fn apply_texts(notice: &mut Notice, texts: Vec<(Place, BlockText)>) -> Result<(), EditError> {
    for (at, text) in texts {
        match (block_mut(notice, at)?, text) {
            (Block::Subheading { text: old }, BlockText::Subheading(new)) => *old = new,
            (
                Block::Paragraph {
                    label: old_label,
                    parts: old_parts,
                    ..
                },
                BlockText::Paragraph { label, parts },
            ) => {
                if let Some(l) = &label {
                    check_label(l)?;
                }
                *old_label = label;
                *old_parts = parts;
            }
            _ => return Err(gone()),
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for block in notice.sections.iter().flat_map(|s| &s.blocks) {
        if let Block::Paragraph { label: Some(l), .. } = block {
            if seen.contains(&l.as_str()) {
                return Err(EditError(format!(
                    "Two paragraphs have the label {l}: give each its own"
                )));
            }
            seen.push(l);
        }
    }
    Ok(())
}

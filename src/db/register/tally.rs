//! Counting a register facet's values by number: each stored value (a sector, a provision, an
//! authority's name) is numbered once when the facet index loads, and a search's counts are
//! kept in a vector by those numbers, so no text is made while counting.

use std::collections::HashMap;

/// Stored values, each once, numbered in the order first seen.
#[derive(Debug, Default)]
pub struct Names {
    names: Vec<String>,
    numbers: HashMap<String, usize>,
}

impl Names {
    /// The number of `name`, given one if it is new.
    pub fn number(&mut self, name: &str) -> usize {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        self.names.push(name.to_owned());
        self.numbers.insert(name.to_owned(), self.names.len() - 1);
        self.names.len() - 1
    }

    /// The number of `name`, if any notice has it.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.numbers.get(name).copied()
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The name numbered `number`.
    pub fn name(&self, number: usize) -> String {
        self.names[number].clone()
    }
}

/// Each value's count, by its number.
pub struct Counts(Vec<i64>);

impl Counts {
    pub fn new(values: usize) -> Self {
        Counts(vec![0; values])
    }

    pub fn add(&mut self, value: usize) {
        self.0[value] += 1;
    }

    /// (name, count) of the values counted at least once, most first, then by name.
    pub fn named(&self, name: impl Fn(usize) -> String) -> Vec<(String, i64)> {
        let mut out: Vec<(String, i64)> = (0..self.0.len())
            .filter(|&v| self.0[v] > 0)
            .map(|v| (name(v), self.0[v]))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out
    }
}

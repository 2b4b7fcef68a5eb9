//! The machine-readable lines a peer prints on stdout: `TAG key=value key=value … [msg=free text]`.
//!
//! The tag is an upper-case word (`READY`, `PUBLISHED`, `RESULT`, …). Values contain no spaces,
//! except `msg`, which is always last and runs to the end of the line. Anything else a peer prints
//! is ignored by the parser.

use std::collections::BTreeMap;
use std::fmt::{self, Display};

/// One parsed (or to-be-printed) report line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    tag: String,
    fields: BTreeMap<String, String>,
    /// Order in which fields were added, for printing.
    order: Vec<String>,
}

impl Report {
    /// A new line with this tag and no fields.
    pub fn new(tag: &str) -> Self {
        assert!(is_tag(tag), "report tags are upper-case words: {tag:?}");
        Self {
            tag: tag.to_owned(),
            ..Self::default()
        }
    }

    /// Adds `key=value`. `value` must not contain whitespace unless `key` is `msg`.
    pub fn with(mut self, key: &str, value: impl Display) -> Self {
        let value = value.to_string();
        assert!(
            key == "msg" || !value.contains(char::is_whitespace),
            "report value for {key:?} contains whitespace: {value:?}"
        );
        if self.fields.insert(key.to_owned(), value).is_none() {
            self.order.push(key.to_owned());
        }
        self
    }

    /// Prints the line on stdout (and flushes, so a parent waiting for it sees it at once).
    pub fn print(&self) {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        // A peer whose parent stopped reading has nobody to report to; ignore write errors.
        let _ = writeln!(out, "{self}");
        let _ = out.flush();
    }

    /// Parses a line; `None` if it does not start with a tag.
    pub fn parse(line: &str) -> Option<Self> {
        let line = line.trim_end();
        let (tag, mut rest) = match line.split_once(' ') {
            Some((tag, rest)) => (tag, rest),
            None => (line, ""),
        };
        if !is_tag(tag) {
            return None;
        }
        let mut report = Self::new(tag);
        while !rest.is_empty() {
            if let Some(msg) = rest.strip_prefix("msg=") {
                report = report.with("msg", msg);
                break;
            }
            let (token, tail) = rest.split_once(' ').unwrap_or((rest, ""));
            rest = tail.trim_start();
            let (key, value) = token.split_once('=')?;
            report = report.with(key, value);
        }
        Some(report)
    }

    /// The line's tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The value of `key`, if present.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    /// The value of `key`; panics (naming the whole line) if it is missing.
    pub fn field(&self, key: &str) -> &str {
        self.get(key)
            .unwrap_or_else(|| panic!("report has no field {key:?}: {self}"))
    }

    /// The value of `key` parsed as `T`; panics (naming the whole line) if missing or malformed.
    pub fn parsed<T: std::str::FromStr>(&self, key: &str) -> T
    where
        T::Err: fmt::Debug,
    {
        let raw = self.field(key);
        raw.parse()
            .unwrap_or_else(|err| panic!("field {key}={raw:?} does not parse ({err:?}): {self}"))
    }
}

impl Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)?;
        let mut msg = None;
        for key in &self.order {
            let value = &self.fields[key];
            if key == "msg" {
                msg = Some(value);
            } else {
                write!(f, " {key}={value}")?;
            }
        }
        if let Some(msg) = msg {
            write!(f, " msg={msg}")?;
        }
        Ok(())
    }
}

fn is_tag(word: &str) -> bool {
    !word.is_empty()
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
}

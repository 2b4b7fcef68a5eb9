//! The rules `shared_channel!` checks while expanding: every key known, present and given once,
//! and every value acceptable, each error on the offending token and all reported together.
//!
//! Whether the event type implements `SharedEvent` is left to rustc, through the bound the
//! expansion names on the type's own tokens.

use super::parse::{Declaration, Entry, Invocation};
use crate::diagnostics::Errors;
use crate::limits::{
    MAX_CAPACITY, MAX_CONSUMERS, SEGMENT_NAME_MAX_LEN as NAME_MAX_LEN, is_segment_name_character,
};
use proc_macro2::{Span, TokenStream};
use syn::{
    Attribute, Expr, ExprLit, ExprPath, ExprStruct, Ident, Lit, LitInt, LitStr, Member, Type,
    Visibility,
};

/// A key a declaration takes: its name, whether it is required, what it means and an example
/// value (for the missing-key message).
struct Key {
    name: &'static str,
    required: bool,
    meaning: &'static str,
    example: &'static str,
}

const KEYS: [Key; 5] = [
    Key {
        name: "name",
        required: true,
        meaning: "the segment name",
        example: "\"quotes\"",
    },
    Key {
        name: "capacity",
        required: true,
        meaning: "the number of slots, a power of two",
        example: "1024",
    },
    Key {
        name: "consumers",
        required: true,
        meaning: "the number of gating consumer places",
        example: "1",
    },
    Key {
        name: "backend",
        required: false,
        meaning: "where the ring lives",
        example: "Shm",
    },
    Key {
        name: "layout",
        required: false,
        meaning: "how the producer lays out the slots",
        example: "Packed",
    },
];

/// Where a channel's ring lives.
pub(crate) enum Backend {
    /// A POSIX shared-memory object.
    Shm,
    /// A memory-mapped file in the directory `dir`.
    Mmap {
        /// The directory literal.
        dir: LitStr,
    },
}

/// A declaration that passed every rule, ready for `expand`.
pub(crate) struct Channel {
    /// Attributes and doc comments for the type.
    pub(crate) attrs: Vec<Attribute>,
    /// Visibility of the type and its items.
    pub(crate) vis: Visibility,
    /// The type's name.
    pub(crate) ident: Ident,
    /// The event type.
    pub(crate) event: Type,
    /// The segment name literal.
    pub(crate) name: LitStr,
    /// Number of slots, and where it was written.
    pub(crate) capacity: (u64, Span),
    /// Number of gating consumer places, and where it was written.
    pub(crate) consumers: (u64, Span),
    /// The backend.
    pub(crate) backend: Backend,
    /// The slot layout's variant name (`Stamped` or `Packed`).
    pub(crate) layout: Ident,
}

/// Checks every declaration of `invocation`; `Err` carries every problem found.
pub(crate) fn validate(invocation: Invocation) -> syn::Result<(TokenStream, Vec<Channel>)> {
    let mut errors = Errors::default();
    let mut channels = Vec::new();
    let mut names: Vec<(String, Ident)> = Vec::new();
    for declaration in invocation.declarations {
        if let Some(channel) = validate_declaration(declaration, &mut errors) {
            let value = channel.name.value();
            if let Some((_, first)) = names.iter().find(|(name, _)| *name == value) {
                errors.push(syn::Error::new(
                    channel.name.span(),
                    format!(
                        "the segment name \"{value}\" is already used by channel `{first}`; two \
                         channels in one ring would overwrite each other, so give each its own name"
                    ),
                ));
            } else {
                names.push((value, channel.ident.clone()));
            }
            channels.push(channel);
        }
    }
    errors.finish()?;
    Ok((invocation.krate, channels))
}

/// The validated channel, or `None` with the reasons added to `errors`.
fn validate_declaration(declaration: Declaration, errors: &mut Errors) -> Option<Channel> {
    let Declaration {
        attrs,
        vis,
        ident,
        event,
        brace,
        entries,
    } = declaration;
    let mut found: [Option<Entry>; KEYS.len()] = Default::default();
    for entry in entries {
        let key = entry.key.to_string();
        match KEYS.iter().position(|known| known.name == key) {
            Some(index) if found[index].is_some() => errors.push(syn::Error::new(
                entry.key.span(),
                format!("duplicate key `{key}`; each key may be given only once"),
            )),
            Some(index) => found[index] = Some(entry),
            None => errors.push(unknown_key(&entry.key)),
        }
    }
    let missing: Vec<&Key> = KEYS
        .iter()
        .zip(&found)
        .filter(|(key, entry)| key.required && entry.is_none())
        .map(|(key, _)| key)
        .collect();
    if !missing.is_empty() {
        errors.push(syn::Error::new(
            brace.span.join(),
            missing_keys_message(&ident, &missing),
        ));
    }
    let [name, capacity, consumers, backend, layout] = found;
    let name = name.and_then(|entry| segment_name(&entry.value, errors));
    let capacity = capacity.and_then(|entry| capacity_value(&entry.value, errors));
    let consumers = consumers.and_then(|entry| consumers_value(&entry.value, errors));
    let backend = match backend {
        Some(entry) => backend_value(&entry.value, errors),
        None => Some(Backend::Shm),
    };
    let layout = match layout {
        Some(entry) => super::layout::layout_value(&entry.value, errors),
        None => Some(Ident::new("Stamped", Span::call_site())),
    };
    Some(Channel {
        attrs,
        vis,
        ident,
        event,
        name: name?,
        capacity: capacity?,
        consumers: consumers?,
        backend: backend?,
        layout: layout?,
    })
}

/// "channel `Quotes` is missing the key `capacity` (the number of slots, a power of two), for
/// example `capacity: 1024`", listing every missing key.
fn missing_keys_message(channel: &Ident, missing: &[&Key]) -> String {
    let described: Vec<String> = missing
        .iter()
        .map(|key| format!("`{}` ({})", key.name, key.meaning))
        .collect();
    let examples: Vec<String> = missing
        .iter()
        .map(|key| format!("{}: {}", key.name, key.example))
        .collect();
    let listed = match described.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    };
    format!(
        "channel `{channel}` is missing the {} {listed}; for example `{}`",
        if missing.len() == 1 { "key" } else { "keys" },
        examples.join(", ")
    )
}

fn unknown_key(key: &Ident) -> syn::Error {
    let key_text = key.to_string();
    let known: Vec<String> = KEYS
        .iter()
        .map(|known| format!("`{}`", known.name))
        .collect();
    let suggestion = KEYS
        .iter()
        .map(|known| known.name)
        .find(|name| edit_distance(name, &key_text) <= 2)
        .map(|name| format!(" (did you mean `{name}`?)"))
        .unwrap_or_default();
    syn::Error::new(
        key.span(),
        format!(
            "unknown key `{key_text}`{suggestion}; a channel takes {}",
            known.join(", ")
        ),
    )
}

/// Levenshtein distance, for "did you mean" on short keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The `name` literal, when it is a portable segment name.
fn segment_name(value: &Expr, errors: &mut Errors) -> Option<LitStr> {
    let Expr::Lit(ExprLit {
        lit: Lit::Str(literal),
        ..
    }) = value
    else {
        errors.push(syn::Error::new_spanned(
            value,
            "the value of `name` must be a string literal, for example `name: \"quotes\"`",
        ));
        return None;
    };
    let name = literal.value();
    let span = literal.span();
    let mut valid = true;
    let mut fail = |message: String| {
        errors.push(syn::Error::new(span, message));
        valid = false;
    };
    if name.is_empty() {
        fail("the segment name must not be empty".to_owned());
    }
    let length = name.chars().count();
    if name.len() > NAME_MAX_LEN {
        fail(format!(
            "the segment name \"{name}\" is {length} characters long, but a portable segment \
             name has at most {NAME_MAX_LEN} (macOS allows 31 bytes for a shared-memory name, \
             and the rest is kept for the `/` and future suffixes); choose a shorter name"
        ));
    }
    if let Some(bad) = name.chars().find(|c| !is_segment_name_character(*c)) {
        fail(format!(
            "the segment name \"{name}\" contains {bad:?}, which is outside the portable set: \
             use only ASCII letters, digits, `.`, `_` and `-`"
        ));
    } else if name == "." || name == ".." {
        fail(format!(
            "\"{name}\" is a directory name, not a segment name"
        ));
    }
    valid.then(|| literal.clone())
}

/// The integer literal `value` of `key`, parsed.
fn integer(value: &Expr, key: &str, example: &str, errors: &mut Errors) -> Option<(u64, LitInt)> {
    let Expr::Lit(ExprLit {
        lit: Lit::Int(literal),
        ..
    }) = value
    else {
        errors.push(syn::Error::new_spanned(
            value,
            format!(
                "the value of `{key}` must be an integer literal, for example `{key}: {example}`, \
                 so that it can be checked while compiling"
            ),
        ));
        return None;
    };
    if !matches!(literal.suffix(), "" | "usize") {
        errors.push(syn::Error::new(
            literal.span(),
            format!(
                "`{key}` is a `usize`; remove the `{}` suffix",
                literal.suffix()
            ),
        ));
        return None;
    }
    match literal.base10_parse::<u64>() {
        Ok(number) => Some((number, literal.clone())),
        Err(_) => {
            errors.push(syn::Error::new(
                literal.span(),
                format!("`{key}` is too large"),
            ));
            None
        }
    }
}

fn capacity_value(value: &Expr, errors: &mut Errors) -> Option<(u64, Span)> {
    let (capacity, literal) = integer(value, "capacity", "1024", errors)?;
    let message = if capacity == 0 {
        "capacity 0 is not a power of two: a ring needs at least one slot, and its capacity \
         must be a power of two such as 1024"
            .to_owned()
    } else if !capacity.is_power_of_two() {
        let above = capacity.checked_next_power_of_two().unwrap_or(u64::MAX);
        let below = above / 2;
        format!(
            "capacity {capacity} is not a power of two (slots are found by masking the \
             sequence); use {below} or {above}"
        )
    } else if capacity > MAX_CAPACITY {
        format!(
            "capacity {capacity} is above the largest supported capacity, 2^{} ({MAX_CAPACITY})",
            MAX_CAPACITY.trailing_zeros()
        )
    } else {
        return Some((capacity, literal.span()));
    };
    errors.push(syn::Error::new(literal.span(), message));
    None
}

fn consumers_value(value: &Expr, errors: &mut Errors) -> Option<(u64, Span)> {
    let (consumers, literal) = integer(value, "consumers", "2", errors)?;
    let message = if consumers == 0 {
        "a channel needs at least one consumer place (`consumers: 1`); readers that should not \
         gate the producer attach with `observer()`"
            .to_owned()
    } else if consumers > MAX_CONSUMERS {
        format!("consumers {consumers} is above the largest supported count, {MAX_CONSUMERS}")
    } else {
        return Some((consumers, literal.span()));
    };
    errors.push(syn::Error::new(literal.span(), message));
    None
}

fn backend_value(value: &Expr, errors: &mut Errors) -> Option<Backend> {
    const AVAILABLE: &str = "the available backends are `Shm` and `Mmap { dir: \"/path\" }`";
    let message = match value {
        Expr::Path(ExprPath {
            qself: None, path, ..
        }) => match path.get_ident() {
            Some(ident) if ident == "Shm" => return Some(Backend::Shm),
            Some(ident) if ident == "Mmap" => {
                "the `Mmap` backend needs the ring file's directory: `backend: Mmap { dir: \"/path\" }`"
                    .to_owned()
            }
            Some(ident) => format!("unknown backend `{ident}`; {AVAILABLE}"),
            None => format!("the value of `backend` must be a backend; {AVAILABLE}"),
        },
        Expr::Struct(mmap) if mmap.path.is_ident("Mmap") => return mmap_backend(mmap, errors),
        _ => format!("the value of `backend` must be a backend; {AVAILABLE}"),
    };
    errors.push(syn::Error::new_spanned(value, message));
    None
}

/// `Mmap { dir: "..." }`: exactly the key `dir`, a non-empty string literal without NUL.
fn mmap_backend(mmap: &ExprStruct, errors: &mut Errors) -> Option<Backend> {
    let mut dir = None;
    let mut valid = true;
    for field in &mmap.fields {
        let key = match &field.member {
            Member::Named(key) if key == "dir" && dir.is_none() => key,
            member => {
                errors.push(syn::Error::new_spanned(
                    member,
                    "`Mmap` takes one key, `dir`: `Mmap { dir: \"/path\" }`",
                ));
                valid = false;
                continue;
            }
        };
        match &field.expr {
            Expr::Lit(ExprLit {
                lit: Lit::Str(literal),
                ..
            }) if !literal.value().is_empty() && !literal.value().contains('\0') => {
                dir = Some(literal.clone());
            }
            other => {
                errors.push(syn::Error::new_spanned(
                    other,
                    format!(
                        "the value of `{key}` must be a non-empty string literal without NUL, \
                         for example `dir: \"/var/lib/feed\"`"
                    ),
                ));
                valid = false;
            }
        }
    }
    if mmap.rest.is_some() || mmap.dot2_token.is_some() {
        errors.push(syn::Error::new_spanned(mmap, "`Mmap` takes no `..`"));
        valid = false;
    }
    match (dir, valid) {
        (Some(dir), true) => Some(Backend::Mmap { dir }),
        (None, true) => {
            errors.push(syn::Error::new_spanned(
                mmap,
                "`Mmap` needs the ring file's directory: `Mmap { dir: \"/path\" }`",
            ));
            None
        }
        _ => None,
    }
}

//! The `layout` key of a channel declaration: `Stamped` (the default) or `Packed`, the runtime's
//! `SlotLayout` variants, chosen once for the channel's producer.

use crate::diagnostics::Errors;
use syn::{Expr, ExprPath, Ident};

/// The variant `value` names, or `None` with the reason added to `errors`.
pub(crate) fn layout_value(value: &Expr, errors: &mut Errors) -> Option<Ident> {
    const AVAILABLE: &str = "the slot layouts are `Stamped` (the default) and `Packed`";
    let message = match value {
        Expr::Path(ExprPath {
            qself: None, path, ..
        }) => match path.get_ident() {
            Some(ident) if ident == "Stamped" || ident == "Packed" => return Some(ident.clone()),
            Some(ident) => format!("unknown slot layout `{ident}`; {AVAILABLE}"),
            None => format!("the value of `layout` must be a slot layout; {AVAILABLE}"),
        },
        _ => format!("the value of `layout` must be a slot layout; {AVAILABLE}"),
    };
    errors.push(syn::Error::new_spanned(value, message));
    None
}

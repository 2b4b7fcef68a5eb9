//! Tests of the segment format: a header is untrusted input, so every field is mutated and the
//! validator must name what is wrong, or accept only plans that fit the mapping.

mod fixture;
mod validate_fields;
mod validate_fuzz;

//! Compile-time role split of the builders: one `ui/builder/*.rs` file per wrong-role call,
//! each failing with an error that names the builder that has the setting (exact diagnostics in
//! the `.stderr` next to it).
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite`, then read every `.stderr`.

#[test]
fn a_setter_of_the_other_role_does_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/builder/*.rs");
}

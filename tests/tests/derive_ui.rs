//! Compile-time behaviour of `#[derive(SharedEvent)]`: one `ui/derive/*.rs` file per rule it
//! enforces (with the exact diagnostics in the `.stderr` next to it), and `ui/derive-pass/*.rs`
//! for hostile-but-valid contexts the expansion must compile in.
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite`, then read every `.stderr`: each error must
//! point at the code that causes it.

#[test]
fn derive_shared_event_ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/derive/*.rs");
    cases.pass("ui/derive-pass/*.rs");
}

//! Compile-time behaviour of `shared_channel!`: one `ui/channel/*.rs` file per rule it enforces
//! (with the exact diagnostics in the `.stderr` next to it), and `ui/channel-pass/*.rs` for
//! hostile-but-valid contexts the expansion must compile in.
//!
//! Regenerate the snapshots with `TRYBUILD=overwrite`, then read every `.stderr`: each error must
//! point at the token that causes it.

#[test]
fn shared_channel_ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/channel/*.rs");
    cases.pass("ui/channel-pass/*.rs");
}

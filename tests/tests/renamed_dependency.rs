//! The macros under a renamed dependency: builds `fixtures/renamed_dependency.rs` as a crate whose
//! only dependency is the runtime renamed to `dmp_renamed` in its `Cargo.toml`, then runs it.
//!
//! Cargo refuses one package depending on another under two names, so this cannot be a trybuild
//! case of this package (which depends on `disruptor_mp` by its own name, and where a generated
//! `::disruptor_mp` would therefore still resolve). The fixture crate is written to a scratch
//! directory with its own `[workspace]`, built offline against the workspace's lock file.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A cold build compiles syn and the runtime; a warm one takes a second.
const BUILD_DEADLINE: Duration = Duration::from_secs(600);

#[test]
fn macros_work_under_a_renamed_dependency() {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = manifest_dir
        .parent()
        .expect("the tests package is in the workspace");
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("renamed-dependency");
    let source = scratch.join("src");
    std::fs::create_dir_all(&source).expect("create the scratch crate");
    std::fs::copy(
        manifest_dir.join("fixtures/renamed_dependency.rs"),
        source.join("main.rs"),
    )
    .expect("copy the fixture");
    std::fs::copy(workspace.join("Cargo.lock"), scratch.join("Cargo.lock"))
        .expect("copy the lock file");
    let runtime = workspace.join("disruptor-mp");
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[package]\nname = \"renamed-dependency\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\ndmp_renamed = {{ package = \"disruptor-mp\", \
             path = {:?} }}\n\n[workspace]\n",
            runtime.display().to_string()
        ),
    )
    .expect("write the manifest");

    // Files, not pipes: a pipe nobody reads while we poll could fill up and stall cargo.
    let stdout_path = scratch.join("stdout.txt");
    let stderr_path = scratch.join("stderr.txt");
    let stdout = std::fs::File::create(&stdout_path).expect("create stdout file");
    let stderr = std::fs::File::create(&stderr_path).expect("create stderr file");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut child = Command::new(cargo)
        .args(["run", "--offline", "--quiet", "--manifest-path"])
        .arg(scratch.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::from(stderr))
        .spawn()
        .expect("start cargo");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll cargo") {
            break status;
        }
        if started.elapsed() > BUILD_DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("building the renamed-dependency crate took over {BUILD_DEADLINE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let read = |path: &Path| std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        status.success(),
        "the renamed-dependency crate failed:\n{}",
        read(&stderr_path)
    );
    assert_eq!(read(&stdout_path).trim(), "renamed dependency ok");
}

//! Smoke test of `dmp-bench wakeup --quick`: the scenario runs end to end between real processes,
//! every event validates, and results.json holds every row (the async ones of issue 16 too). Figures are not checked (a shared
//! machine makes them noise); the targets are for a quiet machine and a full run.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn wakeup_quick_runs_and_writes_every_row() {
    let out = std::env::temp_dir().join(format!("dmpb-wakeup-test-{}", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_dmp-bench"))
        .args(["wakeup", "--quick", "--out"])
        .arg(&out)
        .stdout(Stdio::null())
        .spawn()
        .expect("dmp-bench starts");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dmp-bench wakeup --quick took over 120 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "dmp-bench wakeup --quick: {status}");
    let text = std::fs::read_to_string(out.join("results.json")).expect("results.json");
    let _ = std::fs::remove_dir_all(&out);
    let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(doc["scenario"], "wakeup");
    let latency = doc["latency"].as_array().expect("latency rows");
    let strategies: Vec<&str> = latency
        .iter()
        .map(|r| r["strategy"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        strategies,
        [
            "Block",
            "Sleep(1µs)",
            "SpinThenYield(256)",
            "BusySpin",
            "async (tokio)"
        ]
    );
    for row in latency {
        assert_eq!(row["latency"]["samples"], 1000, "{row}");
        assert_eq!(row["bad"], 0, "{row}");
    }
    let cpu = doc["cpu"].as_array().expect("cpu rows");
    assert_eq!(cpu.len(), 4);
    assert!(
        cpu.iter()
            .all(|r| r["usage"]["wall_ns"].as_u64() > Some(500_000_000))
    );
    // The Stream's throughput next to the batch read's, every event read and valid.
    let flood = doc["flood"].as_array().expect("flood rows");
    let readers: Vec<&str> = flood
        .iter()
        .map(|r| r["reader"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(readers, ["process_available_blocking", "Stream (async)"]);
    for row in flood {
        assert_eq!(row["events"], doc["settings"]["flood_events"], "{row}");
        assert_eq!(row["bad"], 0, "{row}");
    }
    assert_eq!(doc["targets"].as_array().map(Vec::len), Some(6));
}

//! A consumer that opens a ring while its producer is still creating it waits for the ring
//! instead of failing: it may find the object empty (between the creator's `shm_open` and
//! `ftruncate`) or zero-filled and `initialising` (before `ready`). Starting all processes at
//! once with `wait_for_producer` is the normal way to launch a pipeline, so this window is hit
//! in practice, not only in theory.
//!
//! The creator is simulated with raw `shm_open`/`ftruncate`/writes that pause in each state, so
//! the attacher deterministically lands in the window. Run once per backend (POSIX shared memory
//! and a ring file, which holds the same bytes).

use disruptor_mp_tests::backend::{Backend, Storage};
use disruptor_mp_tests::event::PeerEvent;
use disruptor_mp_tests::image::{SegmentImage, offsets};
use disruptor_mp_tests::names::TestNames;
use disruptor_mp_tests::wait::within;
use std::time::Duration;

const CAPACITY: usize = 64;
const PAUSE: Duration = Duration::from_millis(200);

disruptor_mp_tests::on_both_backends!(
    a_consumer_that_finds_the_ring_initialising_waits_for_ready,
    a_consumer_that_finds_the_object_still_empty_waits_for_the_creator,
);

/// Plays a creator that pauses for [`PAUSE`] after `shm_open` (if `stall_empty`) and again
/// before storing `ready`, while a consumer attaches with generous waits.
fn attach_while_created(backend: Backend, tag: &str, stall_empty: bool) {
    let names = TestNames::new(tag);
    let storage = std::sync::Arc::new(Storage::new(backend, &names));
    let ring = names.segment("ring");
    let template = SegmentImage::of_new_ring::<PeerEvent>(&names.segment("template"), CAPACITY);
    let mut initialising = template.clone();
    initialising.set_u32(offsets::STATE, 0);

    if stall_empty {
        storage.create_raw(&ring, 0, &[]).expect("create empty");
    } else {
        let bytes = &initialising.bytes;
        storage
            .create_raw(&ring, bytes.len(), bytes)
            .expect("create sized");
    }
    let name = ring.clone();
    let attaching = std::sync::Arc::clone(&storage);
    let attacher = std::thread::spawn(move || {
        attaching
            .consumer::<PeerEvent>(&name, CAPACITY)
            .wait_for_producer(Duration::from_secs(5))
            .with_ready_timeout(Duration::from_secs(5))
            .build_consumer()
            .map(|consumer| consumer.consumer_id().to_owned())
    });
    std::thread::sleep(PAUSE);
    if stall_empty {
        storage
            .resize(&ring, initialising.bytes.len() as u64)
            .expect("ftruncate");
        storage
            .write_at(&ring, 0, &initialising.bytes)
            .expect("write header");
        std::thread::sleep(PAUSE);
    }
    storage
        .write_at(&ring, offsets::STATE as u64, &1u32.to_ne_bytes())
        .expect("store ready");
    let outcome = within("attach", Duration::from_secs(15), move || attacher.join());
    match outcome {
        Ok(Ok(_id)) => {}
        Ok(Err(err)) => panic!("attach during creation failed instead of waiting: {err:?}"),
        Err(panic) => std::panic::resume_unwind(panic),
    }
    storage.remove(&ring).expect("remove");
    storage.assert_clean(&names);
}

fn a_consumer_that_finds_the_ring_initialising_waits_for_ready(backend: Backend) {
    attach_while_created(backend, "creation_initialising", false);
}

fn a_consumer_that_finds_the_object_still_empty_waits_for_the_creator(backend: Backend) {
    attach_while_created(backend, "creation_empty", true);
}

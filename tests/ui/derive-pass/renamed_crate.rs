// `crate = "..."` is used verbatim as the path to the runtime: a renamed crate, an absolute path
// to it, or a re-export all work.
extern crate disruptor_mp as dmp_renamed;

mod reexports {
    pub mod dmp {
        pub use ::dmp_renamed::*;
    }
}

#[derive(Clone, Copy, dmp_renamed::SharedEvent)]
#[repr(C)]
#[shared_event(crate = "dmp_renamed")]
pub struct Relative {
    pub price: u64,
}

#[derive(Clone, Copy, dmp_renamed::SharedEvent)]
#[repr(C)]
#[shared_event(crate = "::dmp_renamed")]
pub struct Absolute {
    pub price: u64,
}

#[derive(Clone, Copy, dmp_renamed::SharedEvent)]
#[repr(C)]
#[shared_event(crate = "crate::reexports::dmp", name = "Reexported")]
pub struct ThroughReexport {
    pub inner: Relative,
    pub other: Absolute,
}

fn main() {
    use dmp_renamed::SharedEvent as _;
    assert_eq!(ThroughReexport::LAYOUT.name().as_str(), "Reexported");
    assert_eq!(ThroughReexport::LAYOUT.fields()[0].type_name().as_str(), "Relative");
}

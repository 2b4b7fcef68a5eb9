// Both processes must agree on one concrete layout: no type, lifetime or const parameters.
use disruptor_mp::SharedEvent;

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Typed<T> {
    pub value: T,
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Sized<const N: usize> {
    pub bytes: [u8; N],
}

#[derive(Clone, Copy, SharedEvent)]
#[repr(C)]
pub struct Borrowed<'a> {
    pub value: u64,
    pub marker: core::marker::PhantomData<&'a u64>,
}

fn main() {}

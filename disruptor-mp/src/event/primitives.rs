//! `SharedEvent` for the types every bit pattern of which is valid: integers, floats, arrays.

use super::{EventLayout, SharedEvent};
use core::mem::{align_of, size_of};

macro_rules! primitive_events {
    ($($ty:ty),* $(,)?) => {$(
        // SAFETY: integers and floats are plain bytes: no padding, every bit pattern valid, no
        // interior mutability, no Drop; the layout is computed from the type itself.
        unsafe impl SharedEvent for $ty {
            const LAYOUT: EventLayout =
                EventLayout::primitive(stringify!($ty), size_of::<$ty>(), align_of::<$ty>());
        }
    )*};
}

primitive_events!(
    u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize, f32, f64
);

// SAFETY: an array of `SharedEvent` has no padding between elements (stride equals size), every
// bit pattern of every element is valid, and the layout is computed from the element's own.
unsafe impl<T: SharedEvent, const N: usize> SharedEvent for [T; N] {
    const LAYOUT: EventLayout =
        EventLayout::array(&T::LAYOUT, N, size_of::<[T; N]>(), align_of::<[T; N]>());
}

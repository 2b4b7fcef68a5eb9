//! Compile errors that name the right builder when a setter is called on the other role's.
//!
//! A setter exists only on the builder of the role it means something for. Without help, calling
//! `enable_discovery` on a consumer's builder would say only that `ConsumerBuilder` has no such
//! method; these never-implemented marker traits turn it into an error that says where the
//! setter lives. The stubs that carry them can never be called, so they do nothing and show
//! nowhere in the docs.

/// Never implemented: the bound on consumer-builder stubs of producer settings.
#[diagnostic::on_unimplemented(
    message = "this is a producer setting: it is on `ProducerBuilder` (from `build_shared_single_producer`), not on `ConsumerBuilder`",
    label = "a producer setting, called on a consumer's builder",
    note = "a consumer cannot change which consumers gate the producer or how the ring is created"
)]
pub trait ProducerSetting {}

/// Never implemented: the bound on producer-builder stubs of consumer settings.
#[diagnostic::on_unimplemented(
    message = "this is a consumer setting: it is on `ConsumerBuilder` (from `attach_shared_consumer`), not on `ProducerBuilder`",
    label = "a consumer setting, called on a producer's builder"
)]
pub trait ConsumerSetting {}

/// Declares hidden stubs, bounded by `$marker`, for setters of the other role.
macro_rules! misplaced_setters {
    ($marker:ident: $($name:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[doc(hidden)]
            #[allow(missing_docs)]
            pub fn $name(self, $($arg: $ty),*) -> Self
            where
                Self: $crate::builder::misplaced::$marker,
            {
                let _ = ($($arg,)*);
                self
            }
        )*
    };
}
pub(super) use misplaced_setters;

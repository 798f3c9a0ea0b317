//! One module per route.

pub mod about;
pub mod mappings;
pub mod monitor;
pub mod not_found;
pub mod setup;

/// Mappings and Monitor as lazy routes: their code is a separate wasm part, loaded when the page
/// is first opened (`cargo xtask` splits the module between cargo and wasm-bindgen).
pub mod lazy {
    use leptos::prelude::*;
    use leptos_router::{lazy_route, LazyRoute};

    pub struct MappingsRoute;

    #[lazy_route]
    impl LazyRoute for MappingsRoute {
        fn data() -> Self {
            Self
        }

        fn view(_this: Self) -> AnyView {
            view! { <super::mappings::MappingsPage/> }.into_any()
        }
    }

    pub struct MonitorRoute;

    #[lazy_route]
    impl LazyRoute for MonitorRoute {
        fn data() -> Self {
            Self
        }

        fn view(_this: Self) -> AnyView {
            view! { <super::monitor::MonitorPage/> }.into_any()
        }
    }
}

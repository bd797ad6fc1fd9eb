//! Sharing a run beyond the tab: the link in the URL and the local autosave ([`url_state`]),
//! the page's hook that keeps them current ([`page`]), embeds ([`embed`]) and their host page's
//! `postMessage` protocol ([`host_messages`]), scenario and run files ([`files`]), and the JSON
//! bridge both of those cross ([`js_json`]), and importing real configuration and traffic or
//! exporting infrastructure code through a worker loaded on first use ([`tools`]); and the hand-over
//! from the EC2 bundle to the platforms bundle for ECS and EKS scenarios ([`bundle`]).

pub mod bundle;
pub mod embed;
pub mod files;
pub mod host_messages;
pub mod js_json;
pub mod page;
pub mod tools;
pub mod url_state;

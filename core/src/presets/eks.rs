//! The EKS stories: the `examples/eks-*.json` scenarios, stored as share-link payload bytes
//! in `presets/eks/*.bin` (the page reads them with the link decoder it already has, so the
//! presets need no JSON parser, and raw bytes are smaller than base64 text). `core/tests/
//! eks_presets.rs` checks that each still decodes to its example; `UPDATE_EKS_PRESETS=1` rewrites
//! them from the examples.

use super::{
    note, Story, ARGOCD_SYNC, DEGRADED, FIGHT, FIX_COMMIT, GIT_COMMIT, GIT_COMMIT_2,
    HPA_SCALES_DOWN, HPA_SCALES_UP, LOAD_FALLS, LOAD_RISES, NODES_JOIN, NODES_REMOVED,
    PODS_PENDING, ROLLBACK, WINDOW_HOLDS,
};

/// The EKS presets, in the picker's order. A payload that no longer decodes leaves its preset
/// out (the test above fails first); [`super::all`] decodes them.
pub(super) fn stories() -> Vec<Story> {
    vec![
        (
            "eks-hpa-spike",
            include_bytes!("eks/eks-hpa-spike.bin").as_slice(),
            vec![
                note(1800, LOAD_RISES),
                note(1830, HPA_SCALES_UP),
                note(3600, LOAD_FALLS),
                note(3900, HPA_SCALES_DOWN),
            ],
        ),
        (
            "eks-scale-down-window",
            include_bytes!("eks/eks-scale-down-window.bin"),
            vec![note(1800, WINDOW_HOLDS), note(2385, HPA_SCALES_DOWN)],
        ),
        (
            "eks-gitops-rollout",
            include_bytes!("eks/eks-gitops-rollout.bin"),
            vec![
                note(1200, GIT_COMMIT),
                note(1260, ARGOCD_SYNC),
                note(3000, GIT_COMMIT_2),
                note(3361, DEGRADED),
                note(4800, ROLLBACK),
            ],
        ),
        (
            "eks-argocd-hpa-fight",
            include_bytes!("eks/eks-argocd-hpa-fight.bin"),
            vec![note(105, FIGHT), note(2400, FIX_COMMIT)],
        ),
        (
            "eks-pods-pending",
            include_bytes!("eks/eks-pods-pending.bin"),
            vec![
                note(900, PODS_PENDING),
                note(962, NODES_JOIN),
                note(2700, LOAD_FALLS),
                note(3600, NODES_REMOVED),
            ],
        ),
    ]
}

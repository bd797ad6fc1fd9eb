//! The EKS presets are the `examples/eks-*.json` scenarios, stored as share-link payloads so
//! the page reads them with the link decoder it already has (no JSON parser for presets).

mod common;

use scaleout_core::presets;

/// (preset id, example file).
const PAIRS: &[(&str, &str)] = &[
    ("eks-hpa-spike", "eks-hpa-spike.json"),
    ("eks-scale-down-window", "eks-scale-down-stabilization.json"),
    ("eks-gitops-rollout", "eks-gitops-rollout.json"),
    ("eks-argocd-hpa-fight", "eks-argocd-hpa-fight.json"),
    ("eks-pods-pending", "eks-cluster-autoscaler.json"),
];

#[test]
fn each_eks_preset_is_its_example() {
    for (id, file) in PAIRS {
        let example = common::example(file);
        let preset = presets::by_id(id).unwrap_or_else(|| {
            panic!(
                "preset {id} is missing or its payload no longer decodes; its payload is now:\n{}",
                scaleout_core::link::encode(&example)
            )
        });
        assert_eq!(
            preset.scenario,
            example,
            "preset {id} differs from examples/{file}; its payload is now:\n{}",
            scaleout_core::link::encode(&example)
        );
        assert!(preset.scenario.kubernetes.is_some());
        assert!(!preset.annotations.is_empty(), "{id}");
    }
}

/// Prints the payloads (`cargo test --test eks_presets -- --ignored --nocapture`).
#[test]
#[ignore]
fn print_payloads() {
    for (id, file) in PAIRS {
        println!(
            "{id} {}",
            scaleout_core::link::encode(&common::example(file))
        );
    }
}

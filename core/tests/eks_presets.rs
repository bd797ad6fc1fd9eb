//! The EKS presets are the `examples/eks-*.json` scenarios, stored as share-link payload bytes
//! (`core/src/presets/eks/*.bin`) so the page reads them with the link decoder it already has.
//! `UPDATE_EKS_PRESETS=1 cargo test -p scaleout-core --test eks_presets` rewrites them.

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
        if std::env::var_os("UPDATE_EKS_PRESETS").is_some() {
            let bytes = base64_url(&scaleout_core::link::encode(&example));
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("src/presets/eks/{id}.bin"));
            std::fs::write(&path, bytes).expect("write the preset");
            continue;
        }
        let preset = presets::by_id(id).unwrap_or_else(|| {
            panic!(
                "preset {id} is missing or its payload no longer decodes: rerun with UPDATE_EKS_PRESETS=1"
            )
        });
        assert_eq!(
            preset.scenario, example,
            "preset {id} differs from examples/{file}: rerun with UPDATE_EKS_PRESETS=1"
        );
        assert!(preset.scenario.kubernetes.is_some());
        assert!(!preset.annotations.is_empty(), "{id}");
    }
}

/// Decodes base64url without padding (the link's text) to its bytes.
fn base64_url(text: &str) -> Vec<u8> {
    let value = |c: u8| -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'-' => 62,
            _ => 63,
        }
    };
    let mut out = Vec::new();
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c) << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

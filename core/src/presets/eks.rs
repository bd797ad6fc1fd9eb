//! The EKS stories: the `examples/eks-*.json` scenarios, stored as share-link payloads (the
//! page reads them with the link decoder it already has, so the presets need no JSON parser).
//! `core/tests/eks_presets.rs` checks that each payload still decodes to its example and
//! prints the new payload when an example changes.

use super::{
    note, Preset, ARGOCD_SYNC, DEGRADED, FIGHT, FIX_COMMIT, GIT_COMMIT, GIT_COMMIT_2,
    HPA_SCALES_DOWN, HPA_SCALES_UP, LOAD_FALLS, LOAD_RISES, NODES_JOIN, NODES_REMOVED,
    PODS_PENDING, ROLLBACK, WINDOW_HOLDS,
};

/// The EKS presets, in the picker's order. A payload that no longer decodes leaves its preset
/// out (the test above fails first).
pub(super) fn all() -> Vec<Preset> {
    let stories = [
        (
            "eks-hpa-spike",
            HPA_SPIKE,
            vec![
                note(1800, LOAD_RISES),
                note(1830, HPA_SCALES_UP),
                note(3600, LOAD_FALLS),
                note(3900, HPA_SCALES_DOWN),
            ],
        ),
        (
            "eks-scale-down-window",
            SCALE_DOWN_WINDOW,
            vec![note(1800, WINDOW_HOLDS), note(2385, HPA_SCALES_DOWN)],
        ),
        (
            "eks-gitops-rollout",
            GITOPS_ROLLOUT,
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
            ARGOCD_HPA_FIGHT,
            vec![note(105, FIGHT), note(2400, FIX_COMMIT)],
        ),
        (
            "eks-pods-pending",
            PODS_PENDING_CA,
            vec![
                note(900, PODS_PENDING),
                note(962, NODES_JOIN),
                note(2700, LOAD_FALLS),
                note(3600, NODES_REMOVED),
            ],
        ),
    ];
    stories
        .into_iter()
        .filter_map(|(id, payload, annotations)| {
            let scenario = crate::link::decode(&payload.concat()).ok()?;
            Some(Preset {
                id,
                annotations,
                scenario,
            })
        })
        .collect()
}

/// examples/eks-hpa-spike.json
const HPA_SPIKE: &[&str] = &[
    "AlBFS1M6IGFuIEhQQSBhdCA1MCUgQ1BVIChkZWZhdWx0IGJlaGF2aW9yKSBvbiBhIDMwLW1pbnV0ZSBzcGlrZSwgMy",
    "BtNS5sYXJnZSBub2RlcwuA_uvKBqA4ARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgNYXBwLWJhc2UtamRrOAMOQW1hem9u",
    "IExpbnV4IDIHSkRLIDEuOBBDb2RlRGVwbG95IGFnZW50AQJ2MQEIbTUubGFyZ2UCAAAAAAAAIED6fmq8dJO4PwAAAA",
    "AAQH9AAAEUbHQtMGVrczAwMDAwMDAwMDAwMDEJZWtzLW5vZGVzAQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCG01",
    "LmxhcmdlAQAACAANZWtzLXdlYi1ub2RlcwEJZWtzLW5vZGVzCCREZWZhdWx0AwMBAwMKdXMtZWFzdC0xYQp1cy1lYX",
    "N0LTFiCnVzLWVhc3QtMWMArAKsAgABAAAAAAAAAAACAAAAAAAAWUAAAAAAAEB_QIgOiA4AAAAAAAAAAAAAB3dlYi1h",
    "cHAGd2ViLWRnAgAAPAAFAAAAAQJ2MQAAAAAAAElACgAAAAECdjE8Hh4DDzxmZmZmZmbmPwAAAAAAAABAAAAAAAAAPk",
    "CamZmZmZnZPwAAAAAAAAAAAAAAAAAANEAAAAAAAAAAAAAAAAAAAERAAAAAAAAAAAAkQHjYBFoFAAAAAAAAAEAFPAAB",
    "AQdkZWZhdWx0A3dlYgECHHJlZ2lzdHJ5LmV4YW1wbGUuY29tL3dlYjoxLjD6AYACCgUBANgEAzI1JQMyNSUKAQN3ZW",
    "IBAhQBAABkAAl3ZWItbm9kZXMdRr4EAAAA",
];

/// examples/eks-scale-down-stabilization.json
const SCALE_DOWN_WINDOW: &[&str] = &[
    "AndFS1M6IGFuIEhQQSB3aXRoIGJlaGF2aW9yIChzY2FsZS1kb3duIHdpbmRvdyAxMCBtaW4sIGF0IG1vc3QgNTAlIH",
    "BlciBtaW51dGUpIGhvbGRzIGNhcGFjaXR5IHRocm91Z2ggYSBkaXAgYW5kIGEgcmVib3VuZAyA_uvKBqA4ARVhbWkt",
    "MGExYjJjM2Q0ZTVmNjA3MTgNYXBwLWJhc2UtamRrOAMOQW1hem9uIExpbnV4IDIHSkRLIDEuOBBDb2RlRGVwbG95IG",
    "FnZW50AQJ2MQEIbTUubGFyZ2UCAAAAAAAAIED6fmq8dJO4PwAAAAAAQH9AAAEUbHQtMGVrczAwMDAwMDAwMDAwMDEJ",
    "ZWtzLW5vZGVzAQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCG01LmxhcmdlAQAACAANZWtzLXdlYi1ub2RlcwEJZW",
    "tzLW5vZGVzCCREZWZhdWx0AwMBAwMKdXMtZWFzdC0xYQp1cy1lYXN0LTFiCnVzLWVhc3QtMWMArAKsAgABAAAAAAAA",
    "AAAEBAAAAAAAAAB5QIgOAAAAAAAAWUDgEgAAAAAAAHlAuBcAAAAAAABZQAAAAAAAAAAAAAAHd2ViLWFwcAZ3ZWItZG",
    "cCAAA8AAUAAAABAnYxAAAAAAAASUAKAAAAAQJ2MTweHgMPPGZmZmZmZuY_AAAAAAAAAEAAAAAAAAA-QJqZmZmZmdk_",
    "AAAAAAAAAAAAAAAAAAA0QAAAAAAAAAAAAAAAAAAAREAAAAAAAAAAACRAeNgEWgUAAAAAAAAAQAU8AAEBB2RlZmF1bH",
    "QDd2ViAQgccmVnaXN0cnkuZXhhbXBsZS5jb20vd2ViOjEuMPoBgAIKBQEA2AQDMjUlAzI1JQoBA3dlYgECFAEAAGQB",
    "AAEBsAkBAAEBAWR4AAl3ZWItbm9kZXMdRr4EAAAA",
];

/// examples/eks-gitops-rollout.json
const GITOPS_ROLLOUT: &[&str] = &[
    "As8BRUtTIEdpdE9wczogQXJnbyBDRCAoYXV0b21hdGVkLCAzLW1pbnV0ZSBwb2xsaW5nKSByb2xscyBvdXQgaW1hZ2",
    "UgMS4xIHVuZGVyIGxvYWQgKG1heFN1cmdlIDI1JSwgbWF4VW5hdmFpbGFibGUgMjUlKSwgdGhlbiBhIGJyb2tlbiAx",
    "LjIgcnVucyBpbnRvIGl0cyBwcm9ncmVzcyBkZWFkbGluZSBhbmQga3ViZWN0bCByb2xsb3V0IHVuZG8gYnJpbmdzID",
    "EuMSBiYWNrDYD-68oGoDgBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXgg",
    "MgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQhtNS5sYXJnZQIAAAAAAAAgQPp-arx0k7g_AAAAAABAf0AAAR",
    "RsdC0wZWtzMDAwMDAwMDAwMDAwMQlla3Mtbm9kZXMBAQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEIbTUubGFyZ2UB",
    "AAAIAA1la3Mtd2ViLW5vZGVzAQlla3Mtbm9kZXMIJERlZmF1bHQDAwEDAwp1cy1lYXN0LTFhCnVzLWVhc3QtMWIKdX",
    "MtZWFzdC0xYwCsAqwCAAEAAAAAAAAAAAAAAAAAAAB5QAAAAAAAAAAAAYD8pAIIAgAAB3dlYi1hcHAGd2ViLWRnAgAA",
    "PAAFAAAAAQJ2MQAAAAAAAElACgAAAAECdjE8Hh4DDzxmZmZmZmbmPwAAAAAAAABAAAAAAAAAPkCamZmZmZnZPwAAAA",
    "AAAAAAAAAAAAAANEAAAAAAAAAAAAAAAAAAAERAAAAAAAAAAAAkQHjYBFoFAAAAAAAAAEAFPAEccmVnaXN0cnkuZXhh",
    "bXBsZS5jb20vd2ViOjEuMgEBB2RlZmF1bHQDd2ViABxyZWdpc3RyeS5leGFtcGxlLmNvbS93ZWI6MS4w-gGAAgoFAQ",
    "qsAgMyNSUDMjUlCgEDd2ViAQIUAQAAZAAJd2ViLW5vZGVzHUa-BAABArAJB3dlYiAxLjEBHHJlZ2lzdHJ5LmV4YW1w",
    "bGUuY29tL3dlYjoxLjEAAAAAAAAAuBcHd2ViIDEuMgEccmVnaXN0cnkuZXhhbXBsZS5jb20vd2ViOjEuMgAAAAAAAA",
    "ADd2ViJmh0dHBzOi8vZ2l0LmV4YW1wbGUuY29tL3dlYi1kZXBsb3kuZ2l0A2s4cwEBAQAAAAC0AQAA",
];

/// examples/eks-argocd-hpa-fight.json
const ARGOCD_HPA_FIGHT: &[&str] = &[
    "AqEBRUtTIEdpdE9wczogR2l0IHNldHMgcmVwbGljYXM6IDMgdW5kZXIgYW4gSFBBIHdpdGggc2VsZkhlYWwsIHNvIE",
    "FyZ28gQ0QgYW5kIHRoZSBIUEEgZmlnaHQ7IGF0IDQwIG1pbiBhIGNvbW1pdCBkcm9wcyByZXBsaWNhcyBmcm9tIHRo",
    "ZSBtYW5pZmVzdCBhbmQgdGhlIGZpZ2h0IGVuZHMOgP7rygbAJQEVYW1pLTBhMWIyYzNkNGU1ZjYwNzE4DWFwcC1iYX",
    "NlLWpkazgDDkFtYXpvbiBMaW51eCAyB0pESyAxLjgQQ29kZURlcGxveSBhZ2VudAECdjEBCG01LmxhcmdlAgAAAAAA",
    "ACBA-n5qvHSTuD8AAAAAAEB_QAABFGx0LTBla3MwMDAwMDAwMDAwMDAxCWVrcy1ub2RlcwEBAAEVYW1pLTBhMWIyYz",
    "NkNGU1ZjYwNzE4AQhtNS5sYXJnZQEAAAgADWVrcy13ZWItbm9kZXMBCWVrcy1ub2RlcwgkRGVmYXVsdAMDAQMDCnVz",
    "LWVhc3QtMWEKdXMtZWFzdC0xYgp1cy1lYXN0LTFjAKwCrAIAAQAAAAAAAAAAAAAAAAAAwHJAAAAAAAAAAAAAAAd3ZW",
    "ItYXBwBndlYi1kZwIAADwABQAAAAECdjEAAAAAAABJQAoAAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAA",
    "AD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARaBQAAAAAAAABABT",
    "wAAQEHZGVmYXVsdAN3ZWIBAxxyZWdpc3RyeS5leGFtcGxlLmNvbS93ZWI6MS4w-gGAAgoFAQDYBAMyNSUDMjUlCgED",
    "d2ViAQIUAQAAZAAJd2ViLW5vZGVzHUa-BAABAeASGGxldCB0aGUgSFBBIG93biByZXBsaWNhcwAAAAABAAAAA3dlYi",
    "ZodHRwczovL2dpdC5leGFtcGxlLmNvbS93ZWItZGVwbG95LmdpdANrOHMBAQABAAAAtAEAAA",
];

/// examples/eks-cluster-autoscaler.json
const PODS_PENDING_CA: &[&str] = &[
    "ApMBRUtTOiBwb2RzIFBlbmRpbmcgKEZhaWxlZFNjaGVkdWxpbmcpIHVudGlsIHRoZSBDbHVzdGVyIEF1dG9zY2FsZX",
    "IgYWRkcyBub2RlcyB0byB0aGUgZ3JvdXA7IGFmdGVyIHRoZSBsb2FkIGZhbGxzLCB1bm5lZWRlZCBub2RlcyBnbyBh",
    "ZnRlciAxMCBtaW51dGVzD4D-68oGoDgBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b2",
    "4gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQhtNS5sYXJnZQIAAAAAAAAgQPp-arx0k7g_AAAA",
    "AABAf0AAARRsdC0wZWtzMDAwMDAwMDAwMDAwMQlla3Mtbm9kZXMBAQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEIbT",
    "UubGFyZ2UBAAAIAA1la3Mtd2ViLW5vZGVzAQlla3Mtbm9kZXMIJERlZmF1bHQBBgEBAwp1cy1lYXN0LTFhCnVzLWVh",
    "c3QtMWIKdXMtZWFzdC0xYwCsAqwCAAEAAAAAAAAAAAIAAAAAAABZQAAAAAAAwJJAhAeIDgAAAAAAAAAAAAAHd2ViLW",
    "FwcAZ3ZWItZGcCAAA8AAUAAAABAnYxAAAAAAAASUAKAAAAAQJ2MTweHgMPPGZmZmZmZuY_AAAAAAAAAEAAAAAAAAA-",
    "QJqZmZmZmdk_AAAAAAAAAAAAAAAAAAA0QAAAAAAAAAAAAAAAAAAAREAAAAAAAAAAACRAeNgEWgUAAAAAAAAAQAU8AA",
    "EBB2RlZmF1bHQDd2ViAQIccmVnaXN0cnkuZXhhbXBsZS5jb20vd2ViOjEuMPQDgAIKBQEA2AQDMjUlAzI1JQoBA3dl",
    "YgECEAEAAGQACXdlYi1ub2Rlcx1GvgQBCgAAAAAAAOA_2ATYBAqEBwoAAA",
];

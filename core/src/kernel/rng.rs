//! Seeded randomness. One scenario seed is split into independent streams, one per subsystem,
//! so that adding a draw in one place does not change every other trace (STYLE.md).

/// The subsystems that draw random numbers. Each gets its own stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Boot = 1,
    Load = 2,
    Placement = 3,
    Termination = 4,
    Deploy = 5,
    Metrics = 6,
    /// ECS: image pull times.
    Ecs = 7,
}

/// SplitMix64: tiny, fast, and good enough for a simulator; fully determined by its state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64, stream: Stream) -> Rng {
        // Mix the stream id in so streams with the same seed are unrelated.
        let mut r = Rng {
            state: seed ^ (stream as u64).wrapping_mul(0xD1B5_4A32_D192_ED03),
        };
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `[-1, 1)`.
    pub fn symmetric(&mut self) -> f64 {
        self.next_f64() * 2.0 - 1.0
    }

    /// Uniform integer in `[0, n)`; `n == 0` gives 0.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
}

/// A stateless hash for noise that must not depend on how often it is sampled (so one
/// `advance_to(T)` and many small steps see the same values): `noise(seed, key)` in `[-1, 1)`.
pub fn hash_noise(seed: u64, key: u64) -> f64 {
    let mut r = Rng {
        state: seed ^ key.wrapping_mul(0x9E37_79B9_7F4A_7C15),
    };
    r.symmetric()
}

/// Every value derived from the scenario seed without a sequential stream: noise read by time,
/// ids and per-item draws. One registry, so no subsystem salts the seed on its own; each entry
/// says how it derives its `(seed, key)` pair. The constants are frozen: changing one changes
/// every trace and id that uses it (saved runs would no longer reproduce).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keyed {
    /// The load pattern's noise, keyed by minute.
    LoadNoise,
    /// A revision that fails with a probability, keyed by (deployment, instance).
    DeploymentFailure,
    /// The id of a baked AMI, keyed by revision index.
    BakedAmiId,
    /// A CodeDeploy deployment id, keyed by deployment sequence.
    DeploymentId,
    /// A scaling activity id, keyed by activity sequence.
    ActivityId,
    /// The UUID in a target-tracking alarm's name, keyed by policy index.
    TargetTrackingAlarm,
    /// The UUID in CodeDeploy's managed launch hook name.
    CodeDeployHook,
    /// A lifecycle action token, keyed by instance key.
    LifecycleToken,
    /// The UUID in an ECS capacity provider's managed scaling policy name.
    EcsManagedScalingPolicy,
    /// The random suffix of a Kubernetes pod's name, keyed by pod sequence.
    PodName,
    /// A Git commit's SHA, keyed by commit sequence (and word index).
    GitSha,
}

impl Keyed {
    /// The `(seed, key)` pair this entry hashes for `seed` and `n`.
    pub fn derive(self, seed: u64, n: u64) -> (u64, u64) {
        match self {
            Keyed::LoadNoise => (seed ^ 0x10AD, n),
            Keyed::DeploymentFailure => (seed ^ 0xDE91, n),
            Keyed::BakedAmiId => (seed, n.wrapping_add(77)),
            Keyed::DeploymentId => (seed ^ 0xD0D0, n),
            Keyed::ActivityId => (seed ^ 0xAC71, n),
            Keyed::TargetTrackingAlarm => (seed, n.wrapping_add(1000)),
            Keyed::CodeDeployHook => (seed ^ 0xC0DE, n),
            Keyed::LifecycleToken => (seed, n ^ 0x7070),
            Keyed::EcsManagedScalingPolicy => (seed ^ 0xEC5, n),
            Keyed::PodName => (seed ^ 0x90D5, n),
            Keyed::GitSha => (seed ^ 0x617A, n),
        }
    }

    /// 64 hashed bits for `n` (ids and names).
    pub fn bits(self, seed: u64, n: u64) -> u64 {
        let (s, k) = self.derive(seed, n);
        let mut r = Rng {
            state: s ^ k.wrapping_mul(0x9E37_79B9_7F4A_7C15),
        };
        r.next_u64()
    }

    /// Noise in `[-1, 1)` for `n` ([`hash_noise`] of the derived pair).
    pub fn noise(self, seed: u64, n: u64) -> f64 {
        let (s, k) = self.derive(seed, n);
        hash_noise(s, k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyed_entries_are_frozen() {
        // Saved runs and links reproduce only while these stay put.
        assert_eq!(Keyed::LoadNoise.derive(1, 2), (1 ^ 0x10AD, 2));
        assert_eq!(Keyed::ActivityId.derive(1, 2), (1 ^ 0xAC71, 2));
        assert_eq!(Keyed::TargetTrackingAlarm.derive(1, 2), (1, 1002));
        assert_eq!(Keyed::LifecycleToken.derive(1, 2), (1, 2 ^ 0x7070));
        assert_eq!(Keyed::BakedAmiId.derive(1, 2), (1, 79));
    }

    #[test]
    fn streams_are_independent_and_repeatable() {
        let mut a = Rng::new(42, Stream::Boot);
        let mut b = Rng::new(42, Stream::Load);
        let mut a2 = Rng::new(42, Stream::Boot);
        let xa: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let xb: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        let xa2: Vec<u64> = (0..4).map(|_| a2.next_u64()).collect();
        assert_eq!(xa, xa2);
        assert_ne!(xa, xb);
    }

    #[test]
    fn unit_interval() {
        let mut r = Rng::new(7, Stream::Metrics);
        for _ in 0..1000 {
            let x = r.next_f64();
            assert!((0.0..1.0).contains(&x));
        }
    }
}

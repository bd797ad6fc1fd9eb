//! Per-minute delivery measures: served and failed requests by revision, mixed fleets and
//! how long a release takes to converge.

use super::*;

impl Sim {
    /// Per-minute measures: served and error requests by revision, mixed fleets, convergence.
    /// `groups`: serving instances per revision (label, count, broken count), gathered by the
    /// sample pass. With uniform capacity every serving instance serves `share`.
    pub(in crate::sim) fn measure_minute(
        &mut self,
        groups: &[(Option<crate::text::Text>, u32, u32)],
        share: f64,
        uniform: bool,
    ) {
        let mut errors = 0.0;
        let mut mix: Vec<(String, u32)> = Vec::with_capacity(groups.len());
        for (label, n, broken) in groups {
            let label = label.as_deref().unwrap_or("");
            let (served, errs) =
                if uniform {
                    (
                        f64::from(*n) * share * 60.0,
                        f64::from(*broken) * share * 60.0,
                    )
                } else {
                    // Mixed instance types under overload: add up instance by instance.
                    let mut served = 0.0;
                    let mut errs = 0.0;
                    for i in self.instances.iter().filter(|i| {
                        i.serves_traffic() && i.revision.as_deref().unwrap_or("") == label
                    }) {
                        let s = share.min(i.capacity_rps) * 60.0;
                        served += s;
                        if !i.app_healthy {
                            errs += s;
                        }
                    }
                    (served, errs)
                };
            errors += errs;
            let by_rev = &mut self.delivery.measures.served_by_revision;
            match by_rev.iter_mut().find(|(l, _)| l == label) {
                Some((_, total)) => *total += served,
                None => by_rev.push((label.to_string(), served)),
            }
            mix.push((label.to_string(), *n));
        }
        let m = &mut self.delivery.measures;
        m.errors_served += errors;
        if mix.len() > 1 {
            m.mixed_revision_minutes += 1;
        }
        if let Some((label, since)) = self.delivery.converging.clone() {
            // Converged: every live instance is InService and runs the release, installed
            // successfully. A failed install leaves the release's label on the instance (its
            // files were partly replaced) but does not count: with 9 of 10 installs failing
            // the release has not converged. A revision that deploys fine and then serves
            // errors (`ServesErrors`) did install, so it counts.
            let rev = self.revision(&label);
            let installed = |i: &crate::instance::Instance| {
                i.revision.as_deref() == Some(label.as_str())
                    && i.last_deploy_ok != Some(false)
                    && (i.app_healthy
                        || rev.as_ref().is_some_and(|r| {
                            r.failure == RevisionFailure::ServesErrors
                                && r.requires.iter().all(|q| i.software.contains(q))
                        }))
            };
            let done = self
                .instances
                .iter()
                .filter(|i| i.in_group())
                .all(|i| i.state == LifecycleState::InService && installed(i));
            if done && !mix.is_empty() {
                let m = &mut self.delivery.measures;
                if let Some(slot) = m.convergence_s.iter_mut().rev().find(|(l, _)| *l == label) {
                    slot.1 = Some(self.now.since(since) / MS_PER_S);
                }
                self.delivery.converging = None;
            }
        }
        crate::sort::sort(&mut mix);
        self.last_revision_mix = mix;
        self.last_errors_rps = errors / 60.0;
    }
}

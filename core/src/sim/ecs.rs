//! The hook points between the simulator and the ECS runtime (`crate::ecs::runtime`): the
//! runtime's own timer, CloudWatch's minute, the ECS actions, and the narrow view of the EC2
//! side it reads (the group's InService instances with their sizes). Everything else about
//! ECS lives in `crate::ecs`.

use super::*;
use crate::ecs::capacity::Resources;
use crate::ecs::output::{EcsSample, EcsView};
use crate::ecs::runtime::{ContainerInstance, Host};

impl Sim {
    /// The ECS side now (`None` in an EC2-only scenario): tasks with their state, revision
    /// and instance, deployments, the last minute's figures.
    pub fn ecs_view(&self) -> Option<EcsView> {
        self.ecs_runtime().map(|e| e.view(self.now))
    }

    /// The ECS side's per-minute samples (empty in an EC2-only scenario).
    pub fn ecs_samples(&self) -> &[EcsSample] {
        self.ecs_runtime().map_or(&[], |e| e.samples())
    }

    /// The ECS runtime, if the scenario has a service and the build has the `ecs` feature
    /// (without it no runtime is ever made, and none of its code is linked).
    fn ecs_runtime(&self) -> Option<&crate::ecs::runtime::EcsRuntime> {
        self.ecs.as_ref().filter(|_| cfg!(feature = "ecs"))
    }

    /// What the ECS side may see of the EC2 side: InService instances whose EC2 state is
    /// running, with the CPU units (1024 per vCPU) and memory (MiB) of their type, and the
    /// size of an instance the group launches now.
    fn ecs_host(&self) -> Host {
        let size = |type_name: &str| {
            launch::find_type(&self.scenario, type_name).map(|t| Resources {
                cpu_units: t.vcpu.saturating_mul(1024),
                memory_mib: (t.memory_gib * 1024.0) as u32,
            })
        };
        let instances = self
            .instances
            .iter()
            .filter(|i| i.state == LifecycleState::InService && i.ec2_running)
            .filter_map(|i| {
                size(&i.launch.instance_type).map(|resources| ContainerInstance {
                    id: i.id.to_string(),
                    availability_zone: i.az.to_string(),
                    resources,
                })
            })
            .collect();
        let launch_size = launch::resolve(&self.scenario, &self.scenario.group.launch)
            .ok()
            .and_then(|l| size(&l.instance_type));
        Host {
            instances,
            launch_size,
        }
    }

    /// A signature of the container instances (InService and running, by key): the ECS side
    /// rebuilds its view of the EC2 side only when it changes.
    fn ecs_host_signature(&self) -> u64 {
        let mut sig = 0xEC5_u64;
        for i in self
            .instances
            .iter()
            .filter(|i| i.state == LifecycleState::InService && i.ec2_running)
        {
            sig = (sig ^ i.key)
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(17);
        }
        sig
    }

    /// Hands the ECS side a fresh view of the EC2 side when the instances changed.
    fn ecs_refresh_host(&mut self) {
        let sig = self.ecs_host_signature();
        self.work.steps = self.work.steps.saturating_add(self.instances.len() as u64);
        if self.ecs.as_ref().and_then(|e| e.host_signature()) == Some(sig) {
            return;
        }
        let host = self.ecs_host();
        if let Some(rt) = self.ecs.as_mut() {
            rt.set_host(sig, host);
        }
    }

    /// The ECS scheduler's tick; it reschedules itself on its own cadence.
    pub(super) fn ecs_tick(&mut self) {
        if !cfg!(feature = "ecs") {
            return;
        }
        self.ecs_refresh_host();
        let now = self.now;
        let Some(rt) = self.ecs.as_mut() else {
            return;
        };
        let before = rt.visits;
        rt.tick(now);
        let next = now.plus_ms(rt.interval_ms());
        self.work.steps = self.work.steps.saturating_add(rt.visits - before);
        self.drain_ecs();
        self.ecs_termination_protection();
        self.push(next, Phase::Internal, Timer::Ecs(EcsTimer::Tick));
    }

    /// Managed termination protection (ECS-DG cluster-auto-scaling): with managed scaling and
    /// the group's new instances protected from scale-in, ECS keeps the protection on
    /// instances that run tasks and takes it off the empty ones, so a scale-in only
    /// terminates empty instances.
    fn ecs_termination_protection(&mut self) {
        let managed = self
            .ecs
            .as_mut()
            .is_some_and(|e| e.managed_termination_protection() && e.protection_due());
        if !managed || !self.scenario.group.new_instances_protected_from_scale_in {
            return;
        }
        let Some(rt) = self.ecs.as_ref() else {
            return;
        };
        let occupied = rt.occupied_instances();
        self.instances.edit_all(|i| {
            if i.state == LifecycleState::InService {
                i.protected_from_scale_in = occupied.binary_search(&i.id.as_str()).is_ok();
            }
        });
        self.work.steps = self.work.steps.saturating_add(self.instances.len() as u64);
    }

    /// CloudWatch's minute, after the group's metrics and before the alarms: the ECS metrics.
    pub(super) fn ecs_minute(&mut self, minute: u64) {
        if self.ecs.is_none() || !cfg!(feature = "ecs") {
            return;
        }
        self.ecs_refresh_host();
        let (now, load) = (self.now, self.last_load_rps);
        if let Some(rt) = self.ecs.as_mut() {
            let before = rt.visits;
            rt.minute(now, minute, load, &mut self.metrics);
            self.work.steps = self.work.steps.saturating_add(rt.visits - before);
        }
        self.drain_ecs();
    }

    /// RegisterTaskDefinition and UpdateService.
    pub(super) fn ecs_action(&mut self, action: Action) {
        let now = self.now;
        let Some(rt) = self.ecs.as_mut().filter(|_| cfg!(feature = "ecs")) else {
            self.reject("This scenario has no ECS service.".into());
            return;
        };
        match action {
            Action::RegisterTaskDefinition { definition } => rt.register(now, &definition),
            Action::UpdateService {
                task_definition,
                desired_count,
            } => rt.update_service(now, task_definition.as_deref(), desired_count),
            _ => {}
        }
        self.drain_ecs();
    }

    pub(super) fn drain_ecs(&mut self) {
        if let Some(rt) = self.ecs.as_mut() {
            self.outputs.extend(rt.drain_outputs().map(Output::Ecs));
        }
    }
}

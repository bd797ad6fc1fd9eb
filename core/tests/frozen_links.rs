//! Frozen share links (PRODUCT.md "Links"): these literal strings were produced by
//! `link::encode` for format version 1 and pasted here. They must keep decoding to the same
//! scenario forever, so any change to the scenario types or the payload format that would
//! break a link already shared in a blog post fails this test. When the model's schema changes,
//! a new format version is frozen (`wire_schema` says how; docs/architecture.md, "Formats"):
//! version-1 links are then read with version 1's frozen schema (`wire/schema_v1.rs`), upgraded
//! as JSON and read by the current codec. Leave these tests as they are; add the new version's.
//!
//! Each link must also give the same run: its fingerprint (outputs, a hash of every per-minute
//! sample, the summary) is a reviewed snapshot.
//!
//! The expected scenarios are written out in full as JSON (every field, not "the defaults of
//! today"), so a change of a default or of a preset does not silently change what an old link
//! means. To print fresh candidates (for a new format version):
//! `cargo test -p scaleout-core --test frozen_links -- --ignored --nocapture`.

mod common;

use base64::Engine as _;
use scaleout_core::link;
use scaleout_core::presets;
use scaleout_core::scenario::{Action, TimedAction};
use scaleout_core::wire::{schema_v1, schema_v2};
use scaleout_core::Scenario;

struct Frozen {
    what: &'static str,
    link: &'static str,
    json: &'static str,
}

/// Generated on 2026-11-25 with `print_candidates` below (format version 1).
const FROZEN_V1: &[Frozen] = &[
    // demo, seed 42: 736 characters
    Frozen { what: "demo, seed 42", link: "https://scaleout.example/#s=AR5UYXJnZXQgdHJhY2tpbmcgb24gYXZlcmFnZSBDUFUqgP7rygaAowUBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQl0My5tZWRpdW0CAAAAAAAAEECU9gZfmEylPwAAAAAAAFlAAAEUbHQtMDEyMzQ1Njc4OWFiY2RlZjAGd2ViLWx0AQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCXQzLm1lZGl1bQEAAAgAB3dlYi1hc2cBBndlYi1sdAgkRGVmYXVsdAIKAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAEVY3B1NTAtdGFyZ2V0LXRyYWNraW5nAQIAAAAAAAAASUAAAAAAAAAAAAAAVEAAAAAAAAAAAAACB3dlYi1hcHAGd2ViLWRnAgAAPAAFAAAABAJ2MQAAAAAAAElACgAAAAJ2MgAAAAAAAElACgAAAQZKREsgMTEIdjMtamRrMTEAAAAAAABJQAoAAQZKREsgMTEACXY0LWJyb2tlbgAAAAAAAElACgEJAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARa", json: r#"{"name":"Target tracking on average CPU","seed":42,"start_unix_s":1767571200,"horizon_s":86400,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":10,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[{"name":"cpu50-target-tracking","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}}}],"scheduled_actions":[],"load":{"pattern":{"Steady":{"rps":80.0}},"noise_pct":0.0},"actions":[],"delivery":{"method":"CodeDeploy","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]},{"label":"v2","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":["JDK 11"]},{"label":"v3-jdk11","bundle_mb":50.0,"event_s":10,"failure":"None","requires":["JDK 11"],"installs":[]},{"label":"v4-broken","bundle_mb":50.0,"event_s":10,"failure":{"AtEvent":"ApplicationStart"},"requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90}}"# },
    // demo with live actions: 776 characters
    Frozen { what: "demo with live actions", link: "https://scaleout.example/#s=AR5UYXJnZXQgdHJhY2tpbmcgb24gYXZlcmFnZSBDUFUHgP7rygaAowUBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQl0My5tZWRpdW0CAAAAAAAAEECU9gZfmEylPwAAAAAAAFlAAAEUbHQtMDEyMzQ1Njc4OWFiY2RlZjAGd2ViLWx0AQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCXQzLm1lZGl1bQEAAAgAB3dlYi1hc2cBBndlYi1sdAgkRGVmYXVsdAIKAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAEVY3B1NTAtdGFyZ2V0LXRyYWNraW5nAQIAAAAAAAAASUAAAAAAAAAAAAAAVEAAAAAAAAAAAATAqQcAAQAAAAAAAIRAwM8kBAJ2MqD3NgEF4MZbAAACB3dlYi1hcHAGd2ViLWRnAgAAPAAFAAAABAJ2MQAAAAAAAElACgAAAAJ2MgAAAAAAAElACgAAAQZKREsgMTEIdjMtamRrMTEAAAAAAABJQAoAAQZKREsgMTEACXY0LWJyb2tlbgAAAAAAAElACgEJAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARa", json: r#"{"name":"Target tracking on average CPU","seed":7,"start_unix_s":1767571200,"horizon_s":86400,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":10,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[{"name":"cpu50-target-tracking","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}}}],"scheduled_actions":[],"load":{"pattern":{"Steady":{"rps":80.0}},"noise_pct":0.0},"actions":[{"at_ms":120000,"action":{"SetLoad":{"rps":640.0}}},{"at_ms":600000,"action":{"Deploy":{"revision":"v2"}}},{"at_ms":900000,"action":{"SetDesiredCapacity":{"desired":5}}},{"at_ms":1500000,"action":{"SetLoad":{"rps":null}}}],"delivery":{"method":"CodeDeploy","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]},{"label":"v2","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":["JDK 11"]},{"label":"v3-jdk11","bundle_mb":50.0,"event_s":10,"failure":"None","requires":["JDK 11"],"installs":[]},{"label":"v4-broken","bundle_mb":50.0,"event_s":10,"failure":{"AtEvent":"ApplicationStart"},"requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90}}"# },
    // preset stale-code: 794 characters
    Frozen { what: "preset stale-code", link: "https://scaleout.example/#s=AS1ObyBhdXRvbWF0aW9uOiBzY2FsZS1vdXQgYnJpbmdzIG9sZCBjb2RlIGJhY2sBgP7rygawVAEVYW1pLTBhMWIyYzNkNGU1ZjYwNzE4DWFwcC1iYXNlLWpkazgDDkFtYXpvbiBMaW51eCAyB0pESyAxLjgQQ29kZURlcGxveSBhZ2VudAECdjEBCXQzLm1lZGl1bQIAAAAAAAAQQJT2Bl-YTKU_AAAAAAAAWUAAARRsdC0wMTIzNDU2Nzg5YWJjZGVmMAZ3ZWItbHQBAQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEJdDMubWVkaXVtAQAACAAHd2ViLWFzZwEGd2ViLWx0CCREZWZhdWx0AgoAAgp1cy1lYXN0LTFhCnVzLWVhc3QtMWIArAKsAgABAAAAAAAAARVjcHU1MC10YXJnZXQtdHJhY2tpbmcBAgAAAAAAAABJQAAAAAQDAAAAAAAAAFRAiA4AAAAAAEB_QJgqAAAAAAAAVEAAAAAAAAAIQAHgpxIEAnYyAAd3ZWItYXBwBndlYi1kZwIAADwABQAAAAQCdjEAAAAAAABJQAoAAAACdjIAAAAAAABJQAoAAAEGSkRLIDExCHYzLWpkazExAAAAAAAASUAKAAEGSkRLIDExAAl2NC1icm9rZW4AAAAAAABJQAoBCQAAAQJ2MTweHgMPPGZmZmZmZuY_AAAAAAAAAEAAAAAAAAA-QJqZmZmZmdk_AAAAAAAAAAAAAAAAAAA0QAAAAAAAAAAAAAAAAAAAREAAAAAAAAAAACRAeNgEWg", json: r#"{"name":"No automation: scale-out brings old code back","seed":1,"start_unix_s":1767571200,"horizon_s":10800,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":10,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[{"name":"cpu50-target-tracking","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}}}],"scheduled_actions":[],"load":{"pattern":{"Steps":{"steps":[{"at_s":0,"rps":80.0},{"at_s":1800,"rps":500.0},{"at_s":5400,"rps":80.0}]}},"noise_pct":3.0},"actions":[{"at_ms":300000,"action":{"Deploy":{"revision":"v2"}}}],"delivery":{"method":"NoAutomation","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]},{"label":"v2","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":["JDK 11"]},{"label":"v3-jdk11","bundle_mb":50.0,"event_s":10,"failure":"None","requires":["JDK 11"],"installs":[]},{"label":"v4-broken","bundle_mb":50.0,"event_s":10,"failure":{"AtEvent":"ApplicationStart"},"requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90}}"# },
    // preset jdk11-loop: 824 characters
    Frozen { what: "preset jdk11-loop", link: "https://scaleout.example/#s=ATdBIGJyb2tlbiBsYXN0IHJldmlzaW9uOiBsYXVuY2gsIGZhaWwsIHRlcm1pbmF0ZSwgcmVwZWF0AYD-68oGsFQBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQl0My5tZWRpdW0CAAAAAAAAEECU9gZfmEylPwAAAAAAAFlAAAEUbHQtMDEyMzQ1Njc4OWFiY2RlZjAGd2ViLWx0AQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCXQzLm1lZGl1bQEAAAgAB3dlYi1hc2cBBndlYi1sdAgkRGVmYXVsdAIKAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAEVY3B1NTAtdGFyZ2V0LXRyYWNraW5nAQIAAAAAAAAASUAAAAAEAwAAAAAAAABUQIgOAAAAAAAAeUCYKgAAAAAAAFRAAAAAAAAACEAC4KcSBAJ2MqD3NgQIdjMtamRrMTECB3dlYi1hcHAGd2ViLWRnAgAAPAAFAAAABAJ2MQAAAAAAAElACgAAAAJ2MgAAAAAAAElACgAAAQZKREsgMTEIdjMtamRrMTEAAAAAAABJQAoAAQZKREsgMTEACXY0LWJyb2tlbgAAAAAAAElACgEJAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARa", json: r#"{"name":"A broken last revision: launch, fail, terminate, repeat","seed":1,"start_unix_s":1767571200,"horizon_s":10800,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":10,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[{"name":"cpu50-target-tracking","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}}}],"scheduled_actions":[],"load":{"pattern":{"Steps":{"steps":[{"at_s":0,"rps":80.0},{"at_s":1800,"rps":400.0},{"at_s":5400,"rps":80.0}]}},"noise_pct":3.0},"actions":[{"at_ms":300000,"action":{"Deploy":{"revision":"v2"}}},{"at_ms":900000,"action":{"Deploy":{"revision":"v3-jdk11"}}}],"delivery":{"method":"CodeDeploy","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]},{"label":"v2","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":["JDK 11"]},{"label":"v3-jdk11","bundle_mb":50.0,"event_s":10,"failure":"None","requires":["JDK 11"],"installs":[]},{"label":"v4-broken","bundle_mb":50.0,"event_s":10,"failure":{"AtEvent":"ApplicationStart"},"requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90}}"# },
    // preset target-vs-step: 879 characters
    Frozen { what: "preset target-vs-step", link: "https://scaleout.example/#s=AStUYXJnZXQgdHJhY2tpbmcgYW5kIHN0ZXAgc2NhbGluZyBvbiBhIHNwaWtlAYD-68oGsFQBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQl0My5tZWRpdW0CAAAAAAAAEECU9gZfmEylPwAAAAAAAFlAAAEUbHQtMDEyMzQ1Njc4OWFiY2RlZjAGd2ViLWx0AQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCXQzLm1lZGl1bQEAAAgAB3dlYi1hc2cBBndlYi1sdAgkRGVmYXVsdAIUAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAQhjcHUtaGlnaAABPAIAAAAAAACAUUAAAAEIY3B1LXN0ZXACFWNwdTUwLXRhcmdldC10cmFja2luZwECAAAAAAAAAElAAAAIY3B1LXN0ZXABAQICAQAAAAAAAAAAAQAAAAAAADRAZAEAAAAAAAA0QADIAQABeAEBAAIAAAAAAABZQAAAAAAAIIxAsAmIDgAAAAAAAAAAAAIHd2ViLWFwcAZ3ZWItZGcCAAA8AAUAAAAEAnYxAAAAAAAASUAKAAAAAnYyAAAAAAAASUAKAAABBkpESyAxMQh2My1qZGsxMQAAAAAAAElACgABBkpESyAxMQAJdjQtYnJva2VuAAAAAAAASUAKAQkAAAECdjE8Hh4DDzxmZmZmZmbmPwAAAAAAAABAAAAAAAAAPkCamZmZmZnZPwAAAAAAAAAAAAAAAAAANEAAAAAAAAAAAAAAAAAAAERAAAAAAAAAAAAkQHjYBFo", json: r#"{"name":"Target tracking and step scaling on a spike","seed":1,"start_unix_s":1767571200,"horizon_s":10800,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":20,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[{"name":"cpu-high","metric":"CPUUtilization","statistic":"Average","period_s":60,"evaluation_periods":2,"datapoints_to_alarm":null,"threshold":70.0,"comparison_operator":"GreaterThanOrEqualToThreshold","treat_missing_data":"missing","alarm_actions":["cpu-step"]}],"policies":[{"name":"cpu50-target-tracking","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}}},{"name":"cpu-step","enabled":true,"kind":{"StepScaling":{"adjustment_type":"PercentChangeInCapacity","step_adjustments":[{"lower_bound":0.0,"upper_bound":20.0,"scaling_adjustment":50},{"lower_bound":20.0,"upper_bound":null,"scaling_adjustment":100}],"metric_aggregation_type":"Average","estimated_instance_warmup_s":120,"min_adjustment_magnitude":1}}}],"scheduled_actions":[],"load":{"pattern":{"Spike":{"base_rps":100.0,"peak_rps":900.0,"at_s":1200,"duration_s":1800}},"noise_pct":0.0},"actions":[],"delivery":{"method":"CodeDeploy","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]},{"label":"v2","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":["JDK 11"]},{"label":"v3-jdk11","bundle_mb":50.0,"event_s":10,"failure":"None","requires":["JDK 11"],"installs":[]},{"label":"v4-broken","bundle_mb":50.0,"event_s":10,"failure":{"AtEvent":"ApplicationStart"},"requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90}}"# },
];

/// Generated on 2026-12-01 with `print_candidates` below (format version 2: several groups, EKS).
/// The JSON is a version-2 file, as the writer saves it (`"format_version": 2`).
const FROZEN_V2: &[Frozen] = &[
    // v2 demo, seed 42: 758 characters
    Frozen { what: "v2 demo, seed 42", link: "https://scaleout.example/#s=Ah5UYXJnZXQgdHJhY2tpbmcgb24gYXZlcmFnZSBDUFUqgP7rygaAowUBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQl0My5tZWRpdW0CAAAAAAAAEECU9gZfmEylPwAAAAAAAFlAAAEUbHQtMDEyMzQ1Njc4OWFiY2RlZjAGd2ViLWx0AQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCXQzLm1lZGl1bQEAAAgAB3dlYi1hc2cBBndlYi1sdAgkRGVmYXVsdAIKAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAEVY3B1NTAtdGFyZ2V0LXRyYWNraW5nAQIAAAAAAAAASUAAAAAAAAAAAAAAAFRAAAAAAAAAAAAAAgd3ZWItYXBwBndlYi1kZwIAADwABQAAAAQCdjEAAAAAAABJQAoAAAACdjIAAAAAAABJQAoAAAEGSkRLIDExCHYzLWpkazExAAAAAAAASUAKAAEGSkRLIDExAAl2NC1icm9rZW4AAAAAAABJQAoBCQAAAQJ2MTweHgMPPGZmZmZmZuY_AAAAAAAAAEAAAAAAAAA-QJqZmZmZmdk_AAAAAAAAAAAAAAAAAAA0QAAAAAAAAAAAAAAAAAAAREAAAAAAAAAAACRAeNgEWgUAAAAAAAAkQAU8AAEAAA", json: r#"{"name":"Target tracking on average CPU","seed":42,"start_unix_s":1767571200,"horizon_s":86400,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":10,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[{"name":"cpu50-target-tracking","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}},"group":null}],"scheduled_actions":[],"load":{"pattern":{"Steady":{"rps":80.0}},"noise_pct":0.0},"actions":[],"delivery":{"method":"CodeDeploy","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]},{"label":"v2","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":["JDK 11"]},{"label":"v3-jdk11","bundle_mb":50.0,"event_s":10,"failure":"None","requires":["JDK 11"],"installs":[]},{"label":"v4-broken","bundle_mb":50.0,"event_s":10,"failure":{"AtEvent":"ApplicationStart"},"requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90,"kubernetes":{"pod_start_s":5,"millicores_per_rps":10.0,"idle_millicores":5,"memory_usage_pct":60,"failing_images":[],"argocd_watch_s":1}},"kubernetes":null,"extra_groups":[]}"# },
    // v2 two groups: 1004 characters
    Frozen { what: "v2 two groups", link: "https://scaleout.example/#s=AmhUd28gQXV0byBTY2FsaW5nIGdyb3VwczogYSB3ZWIgdGllciBvbiB0YXJnZXQgdHJhY2tpbmcsIGEgd29ya2VyIHRpZXIgb24gc3RlcCBzY2FsaW5nIHdpdGggaGFsZiB0aGUgbG9hZAuA_uvKBsBwARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgNYXBwLWdvbGRlbi12MQIOQW1hem9uIExpbnV4IDIHSkRLIDEuOAECdjEBCXQzLm1lZGl1bQIAAAAAAAAQQJT2Bl-YTKU_AAAAAAAAWUAAARRsdC0wMTIzNDU2Nzg5YWJjZGVmMAZ3ZWItbHQBAQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEJdDMubWVkaXVtAQAACAAHd2ViLWFzZwEGd2ViLWx0CCREZWZhdWx0AgwAAgp1cy1lYXN0LTFhCnVzLWVhc3QtMWIArAKsAgABAAAAAAABD3dvcmtlci1jcHUtaGlnaAABPAIAAAAAAAAATkAAAAEPd29ya2VyLXN0ZXAtb3V0AQp3b3JrZXItYXNnAgl3ZWItY3B1NTABAgAAAAAAAABJQAAAAA93b3JrZXItc3RlcC1vdXQBAQACAQAAAAAAAAAAAQAAAAAAADRAAgEAAAAAAAA0QAAEAAG0AQABCndvcmtlci1hc2cAAgAAAAAAAFlAAAAAAABAf0CIDpgqAAAAAAAAAAAAAAd3ZWItYXBwBndlYi1kZwIAADwABQAAAAECdjEAAAAAAABJQAoAAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARaBQAAAAAAACRABTwAAQABCndvcmtlci1hc2cBBndlYi1sdAgkRGVmYXVsdAEIAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAAAAAAAAOA_", json: r#"{"name":"Two Auto Scaling groups: a web tier on target tracking, a worker tier on step scaling with half the load","seed":11,"start_unix_s":1767571200,"horizon_s":14400,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-golden-v1","software":["Amazon Linux 2","JDK 1.8"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":12,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[{"name":"worker-cpu-high","metric":"CPUUtilization","statistic":"Average","period_s":60,"evaluation_periods":2,"datapoints_to_alarm":null,"threshold":60.0,"comparison_operator":"GreaterThanOrEqualToThreshold","treat_missing_data":"missing","alarm_actions":["worker-step-out"],"group":"worker-asg"}],"policies":[{"name":"web-cpu50","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}},"group":null},{"name":"worker-step-out","enabled":true,"kind":{"StepScaling":{"adjustment_type":"ChangeInCapacity","step_adjustments":[{"lower_bound":0.0,"upper_bound":20.0,"scaling_adjustment":1},{"lower_bound":20.0,"upper_bound":null,"scaling_adjustment":2}],"metric_aggregation_type":"Average","estimated_instance_warmup_s":180,"min_adjustment_magnitude":null}},"group":"worker-asg"}],"scheduled_actions":[],"load":{"pattern":{"Spike":{"base_rps":100.0,"peak_rps":500.0,"at_s":1800,"duration_s":5400}},"noise_pct":0.0},"actions":[],"delivery":{"method":"NoAutomation","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90,"kubernetes":{"pod_start_s":5,"millicores_per_rps":10.0,"idle_millicores":5,"memory_usage_pct":60,"failing_images":[],"argocd_watch_s":1}},"kubernetes":null,"extra_groups":[{"group":{"name":"worker-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":1,"max_size":8,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"load":{"ShareOfScenario":{"factor":0.5}}}]}"# },
    // v2 eks hpa spike: 844 characters
    Frozen { what: "v2 eks hpa spike", link: "https://scaleout.example/#s=AlBFS1M6IGFuIEhQQSBhdCA1MCUgQ1BVIChkZWZhdWx0IGJlaGF2aW9yKSBvbiBhIDMwLW1pbnV0ZSBzcGlrZSwgMyBtNS5sYXJnZSBub2RlcwuA_uvKBqA4ARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgNYXBwLWJhc2UtamRrOAMOQW1hem9uIExpbnV4IDIHSkRLIDEuOBBDb2RlRGVwbG95IGFnZW50AQJ2MQEIbTUubGFyZ2UCAAAAAAAAIED6fmq8dJO4PwAAAAAAQH9AAAEUbHQtMGVrczAwMDAwMDAwMDAwMDEJZWtzLW5vZGVzAQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCG01LmxhcmdlAQAACAANZWtzLXdlYi1ub2RlcwEJZWtzLW5vZGVzCCREZWZhdWx0AwMBAwMKdXMtZWFzdC0xYQp1cy1lYXN0LTFiCnVzLWVhc3QtMWMArAKsAgABAAAAAAAAAAACAAAAAAAAWUAAAAAAAEB_QIgOiA4AAAAAAAAAAAAAB3dlYi1hcHAGd2ViLWRnAgAAPAAFAAAAAQJ2MQAAAAAAAElACgAAAAECdjE8Hh4DDzxmZmZmZmbmPwAAAAAAAABAAAAAAAAAPkCamZmZmZnZPwAAAAAAAAAAAAAAAAAANEAAAAAAAAAAAAAAAAAAAERAAAAAAAAAAAAkQHjYBFoFAAAAAAAAAEAFPAABAQdkZWZhdWx0A3dlYgECHHJlZ2lzdHJ5LmV4YW1wbGUuY29tL3dlYjoxLjD6AYACCgUBANgEAzI1JQMyNSUKAQN3ZWIBAhQBAABkAAl3ZWItbm9kZXMdRr4EAAAA", json: r#"{"name":"EKS: an HPA at 50% CPU (default behavior) on a 30-minute spike, 3 m5.large nodes","seed":11,"start_unix_s":1767571200,"horizon_s":7200,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"m5.large","vcpu":2,"memory_gib":8.0,"price_per_hour":0.096,"capacity_rps":500.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0eks0000000000001","name":"eks-nodes","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"m5.large","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"eks-web-nodes","launch":{"LaunchTemplate":{"name":"eks-nodes","version":"$Default"}},"min_size":3,"max_size":3,"desired_capacity":3,"availability_zones":["us-east-1a","us-east-1b","us-east-1c"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[],"scheduled_actions":[],"load":{"pattern":{"Spike":{"base_rps":100.0,"peak_rps":500.0,"at_s":1800,"duration_s":1800}},"noise_pct":0.0},"actions":[],"delivery":{"method":"NoAutomation","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90,"kubernetes":{"pod_start_s":5,"millicores_per_rps":2.0,"idle_millicores":5,"memory_usage_pct":60,"failing_images":[],"argocd_watch_s":1}},"kubernetes":{"namespace":"default","deployment":{"name":"web","replicas":2,"image":"registry.example.com/web:1.0","cpu_request_milli":250,"memory_request_mib":256,"readiness_probe":{"initial_delay_seconds":10,"period_seconds":5,"success_threshold":1},"min_ready_seconds":0,"progress_deadline_seconds":600,"max_surge":"25%","max_unavailable":"25%","revision_history_limit":10},"hpa":{"name":"web","min_replicas":2,"max_replicas":20,"metrics":[{"resource":"cpu","target":{"Utilization":50}}],"behavior":null},"node_group":{"name":"web-nodes","max_pods":29,"reserved_cpu_milli":70,"reserved_memory_mib":574},"cluster_autoscaler":null,"gitops":null},"extra_groups":[]}"# },
    // v2 eks argocd hpa fight: 1062 characters
    Frozen { what: "v2 eks argocd hpa fight", link: "https://scaleout.example/#s=AqEBRUtTIEdpdE9wczogR2l0IHNldHMgcmVwbGljYXM6IDMgdW5kZXIgYW4gSFBBIHdpdGggc2VsZkhlYWwsIHNvIEFyZ28gQ0QgYW5kIHRoZSBIUEEgZmlnaHQ7IGF0IDQwIG1pbiBhIGNvbW1pdCBkcm9wcyByZXBsaWNhcyBmcm9tIHRoZSBtYW5pZmVzdCBhbmQgdGhlIGZpZ2h0IGVuZHMOgP7rygbAJQEVYW1pLTBhMWIyYzNkNGU1ZjYwNzE4DWFwcC1iYXNlLWpkazgDDkFtYXpvbiBMaW51eCAyB0pESyAxLjgQQ29kZURlcGxveSBhZ2VudAECdjEBCG01LmxhcmdlAgAAAAAAACBA-n5qvHSTuD8AAAAAAEB_QAABFGx0LTBla3MwMDAwMDAwMDAwMDAxCWVrcy1ub2RlcwEBAAEVYW1pLTBhMWIyYzNkNGU1ZjYwNzE4AQhtNS5sYXJnZQEAAAgADWVrcy13ZWItbm9kZXMBCWVrcy1ub2RlcwgkRGVmYXVsdAMDAQMDCnVzLWVhc3QtMWEKdXMtZWFzdC0xYgp1cy1lYXN0LTFjAKwCrAIAAQAAAAAAAAAAAAAAAAAAwHJAAAAAAAAAAAAAAAd3ZWItYXBwBndlYi1kZwIAADwABQAAAAECdjEAAAAAAABJQAoAAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARaBQAAAAAAAABABTwAAQEHZGVmYXVsdAN3ZWIBAxxyZWdpc3RyeS5leGFtcGxlLmNvbS93ZWI6MS4w-gGAAgoFAQDYBAMyNSUDMjUlCgEDd2ViAQIUAQAAZAAJd2ViLW5vZGVzHUa-BAABAeASGGxldCB0aGUgSFBBIG93biByZXBsaWNhcwAAAAABAAAAA3dlYiZodHRwczovL2dpdC5leGFtcGxlLmNvbS93ZWItZGVwbG95LmdpdANrOHMBAQABAAAAtAEAAA", json: r#"{"name":"EKS GitOps: Git sets replicas: 3 under an HPA with selfHeal, so Argo CD and the HPA fight; at 40 min a commit drops replicas from the manifest and the fight ends","seed":14,"start_unix_s":1767571200,"horizon_s":4800,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"m5.large","vcpu":2,"memory_gib":8.0,"price_per_hour":0.096,"capacity_rps":500.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0eks0000000000001","name":"eks-nodes","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"m5.large","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"eks-web-nodes","launch":{"LaunchTemplate":{"name":"eks-nodes","version":"$Default"}},"min_size":3,"max_size":3,"desired_capacity":3,"availability_zones":["us-east-1a","us-east-1b","us-east-1c"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[],"scheduled_actions":[],"load":{"pattern":{"Steady":{"rps":300.0}},"noise_pct":0.0},"actions":[],"delivery":{"method":"NoAutomation","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90,"kubernetes":{"pod_start_s":5,"millicores_per_rps":2.0,"idle_millicores":5,"memory_usage_pct":60,"failing_images":[],"argocd_watch_s":1}},"kubernetes":{"namespace":"default","deployment":{"name":"web","replicas":3,"image":"registry.example.com/web:1.0","cpu_request_milli":250,"memory_request_mib":256,"readiness_probe":{"initial_delay_seconds":10,"period_seconds":5,"success_threshold":1},"min_ready_seconds":0,"progress_deadline_seconds":600,"max_surge":"25%","max_unavailable":"25%","revision_history_limit":10},"hpa":{"name":"web","min_replicas":2,"max_replicas":20,"metrics":[{"resource":"cpu","target":{"Utilization":50}}],"behavior":null},"node_group":{"name":"web-nodes","max_pods":29,"reserved_cpu_milli":70,"reserved_memory_mib":574},"cluster_autoscaler":null,"gitops":{"commits":[{"at_s":2400,"message":"let the HPA own replicas","image":null,"cpu_request_milli":null,"memory_request_mib":null,"replicas":null,"remove_replicas":true,"hpa_min_replicas":null,"hpa_max_replicas":null,"hpa_target_cpu_utilization":null}],"application":{"name":"web","repo_url":"https://git.example.com/web-deploy.git","path":"k8s","automated":{"enabled":true,"prune":false,"self_heal":true,"allow_empty":false},"retry":null,"ignore_differences":[],"reconciliation_s":180,"hpa_sync_wave":0}}},"extra_groups":[]}"# },
];

/// Generated on 2026-12-01 with `print_candidates` below (format version 3: the `ecs` section,
/// the ECS actions and metrics, the service's auto scaling). The JSON is a version-3 file, as the
/// writer saves it (`"format_version": 3`).
#[rustfmt::skip]
const FROZEN_V3: &[Frozen] = &[
    // v3 demo, seed 42: 759 characters
    Frozen { what: "v3 demo, seed 42", link: "https://scaleout.example/#s=Ax5UYXJnZXQgdHJhY2tpbmcgb24gYXZlcmFnZSBDUFUqgP7rygaAowUBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQl0My5tZWRpdW0CAAAAAAAAEECU9gZfmEylPwAAAAAAAFlAAAEUbHQtMDEyMzQ1Njc4OWFiY2RlZjAGd2ViLWx0AQEAARVhbWktMGExYjJjM2Q0ZTVmNjA3MTgBCXQzLm1lZGl1bQEAAAgAB3dlYi1hc2cBBndlYi1sdAgkRGVmYXVsdAIKAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAEVY3B1NTAtdGFyZ2V0LXRyYWNraW5nAQIAAAAAAAAASUAAAAAAAAAAAAAAAFRAAAAAAAAAAAAAAgd3ZWItYXBwBndlYi1kZwIAADwABQAAAAQCdjEAAAAAAABJQAoAAAACdjIAAAAAAABJQAoAAAEGSkRLIDExCHYzLWpkazExAAAAAAAASUAKAAEGSkRLIDExAAl2NC1icm9rZW4AAAAAAABJQAoBCQAAAQJ2MTweHgMPPGZmZmZmZuY_AAAAAAAAAEAAAAAAAAA-QJqZmZmZmdk_AAAAAAAAAAAAAAAAAAA0QAAAAAAAAAAAAAAAAAAAREAAAAAAAAAAACRAeNgEWgUAAAAAAAAkQAU8AAEAAAA", json: r#"{"name":"Target tracking on average CPU","seed":42,"start_unix_s":1767571200,"horizon_s":86400,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"web-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":2,"max_size":10,"desired_capacity":null,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[{"name":"cpu50-target-tracking","enabled":true,"kind":{"TargetTrackingScaling":{"metric":"CPUUtilization","target_value":50.0,"disable_scale_in":false,"estimated_instance_warmup_s":null}},"group":null}],"scheduled_actions":[],"load":{"pattern":{"Steady":{"rps":80.0}},"noise_pct":0.0},"actions":[],"delivery":{"method":"CodeDeploy","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]},{"label":"v2","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":["JDK 11"]},{"label":"v3-jdk11","bundle_mb":50.0,"event_s":10,"failure":"None","requires":["JDK 11"],"installs":[]},{"label":"v4-broken","bundle_mb":50.0,"event_s":10,"failure":{"AtEvent":"ApplicationStart"},"requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90,"kubernetes":{"pod_start_s":5,"millicores_per_rps":10.0,"idle_millicores":5,"memory_usage_pct":60,"failing_images":[],"argocd_watch_s":1}},"kubernetes":null,"extra_groups":[],"ecs":null}"# },
    // v3 ecs circuit breaker: 955 characters
    Frozen { what: "v3 ecs circuit breaker", link: "https://scaleout.example/#s=A29FQ1MgYnJva2VuIGltYWdlOiB0aGUgbmV3IHRhc2tzIG5ldmVyIHN0YXJ0LCB0aGUgZGVwbG95bWVudCBjaXJjdWl0IGJyZWFrZXIgZmFpbHMgdGhlIGRlcGxveW1lbnQgYW5kIHJvbGxzIGJhY2sVgP7rygaQHAEVYW1pLTBhMWIyYzNkNGU1ZjYwNzE4DWFwcC1iYXNlLWpkazgDDkFtYXpvbiBMaW51eCAyB0pESyAxLjgQQ29kZURlcGxveSBhZ2VudAECdjEBCXQzLm1lZGl1bQIAAAAAAAAQQJT2Bl-YTKU_AAAAAAAAWUAAARRsdC0wMTIzNDU2Nzg5YWJjZGVmMAZ3ZWItbHQBAQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEJdDMubWVkaXVtAQAACAAKdW51c2VkLWFzZwEGd2ViLWx0CCREZWZhdWx0AAABAAIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQAAAAAAAAAAAAAAAAAAwHJAAAAAAAAAFEAB4PogDAEFd2ViOjIBCAAHd2ViLWFwcAZ3ZWItZGcCAAA8AAUAAAABAnYxAAAAAAAASUAKAAAAAQJ2MTweHgMPPGZmZmZmZuY_AAAAAAAAAEAAAAAAAAA-QJqZmZmZmdk_AAAAAAAAAAAAAAAAAAA0QAAAAAAAAAAAAAAAAAAAREAAAAAAAAAAACRAeNgEWgUAAAAAAAAkQAU8AAEAAAEEcHJvZAIDd2ViCXdlYjoyLjMuMYACgAQAAAN3ZWIOd2ViOjIuNC4wLXR5cG-AAoAEAAEDd2ViBXdlYjoxBgBkyAEBAQAeQ29kZURlcGxveURlZmF1bHQuRUNTQWxsQXRPbmNlBQABAAAABRQPCh6sAjxaFAAAAAAAAGlAAAAAAAAAAEAAAAAAAAA-QDMzMzMzM9M_Aw88zczMzMzM7D8", json: r#"{"name":"ECS broken image: the new tasks never start, the deployment circuit breaker fails the deployment and rolls back","seed":21,"start_unix_s":1767571200,"horizon_s":3600,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"t3.medium","vcpu":2,"memory_gib":4.0,"price_per_hour":0.0416,"capacity_rps":100.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0123456789abcdef0","name":"web-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"t3.medium","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"unused-asg","launch":{"LaunchTemplate":{"name":"web-lt","version":"$Default"}},"min_size":0,"max_size":0,"desired_capacity":0,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":false,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[],"scheduled_actions":[],"load":{"pattern":{"Steady":{"rps":300.0}},"noise_pct":5.0},"actions":[{"at_ms":540000,"action":{"UpdateService":{"task_definition":"web:2","desired_count":8}}}],"delivery":{"method":"NoAutomation","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90,"kubernetes":{"pod_start_s":5,"millicores_per_rps":10.0,"idle_millicores":5,"memory_usage_pct":60,"failing_images":[],"argocd_watch_s":1}},"kubernetes":null,"extra_groups":[],"ecs":{"cluster":"prod","task_definitions":[{"family":"web","image":"web:2.3.1","cpu_units":256,"memory_mib":512,"health_check":null,"behaviour":"Healthy"},{"family":"web","image":"web:2.4.0-typo","cpu_units":256,"memory_mib":512,"health_check":null,"behaviour":"FailsToStart"}],"service":{"name":"web","task_definition":"web:1","desired_count":6,"deployment_controller":"ECS","deployment_configuration":{"minimum_healthy_percent":100,"maximum_percent":200,"circuit_breaker":{"enable":true,"rollback":true}},"target_group":null,"code_deploy":{"deployment_config_name":"CodeDeployDefault.ECSAllAtOnce","termination_wait_minutes":5,"hooks":[],"auto_rollback":true},"auto_scaling":null},"capacity":"FARGATE","placement_strategy":[],"assumptions":{"scheduler_interval_s":5,"fargate_provisioning_s":20,"pull_s":15,"pull_jitter_s":10,"stop_s":30,"deregistration_delay_s":300,"target_healthy_s":60,"target_unhealthy_s":90,"crash_after_s":20,"rps_per_vcpu":200.0,"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.3,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.9}}}}"# },
    // v3 ecs two-level scaling: 1124 characters
    Frozen { what: "v3 ecs two-level scaling", link: "https://scaleout.example/#s=A8YBRUNTIHR3by1sZXZlbCBzY2FsaW5nIG9uIEVDMiBjYXBhY2l0eTogYSB0cmFmZmljIHNwaWtlLCBzZXJ2aWNlIGF1dG8gc2NhbGluZyAodGFyZ2V0IHRyYWNraW5nIG9uIENQVSkgYWRkcyB0YXNrcywgdGhleSB3YWl0IGluIFBST1ZJU0lPTklORywgbWFuYWdlZCBzY2FsaW5nIGFkZHMgY29udGFpbmVyIGluc3RhbmNlcywgdGhlIHRhc2tzIHN0YXJ0KYD-68oGsFQBFWFtaS0wYTFiMmMzZDRlNWY2MDcxOA1hcHAtYmFzZS1qZGs4Aw5BbWF6b24gTGludXggMgdKREsgMS44EENvZGVEZXBsb3kgYWdlbnQBAnYxAQljNS54bGFyZ2UEAAAAAAAAIEDD9Shcj8LFPwAAAAAAAHlAAAETbHQtMGVjczAwMDAwMDAwMDAwMgZlY3MtbHQBAQABFWFtaS0wYTFiMmMzZDRlNWY2MDcxOAEJYzUueGxhcmdlAQAACAAHZWNzLWFzZwEGZWNzLWx0CCREZWZhdWx0AQwBAgIKdXMtZWFzdC0xYQp1cy1lYXN0LTFiAKwCrAIAAQABAAAAAAAAAgAAAAAAQH9AAAAAAAAAmUCIDpAcAAAAAAAAFEAAAAd3ZWItYXBwBndlYi1kZwIAADwABQAAAAECdjEAAAAAAABJQAoAAAABAnYxPB4eAw88ZmZmZmZm5j8AAAAAAAAAQAAAAAAAAD5AmpmZmZmZ2T8AAAAAAAAAAAAAAAAAADRAAAAAAAAAAAAAAAAAAABEQAAAAAAAAAAAJEB42ARaBQAAAAAAACRABTwAAQAAAQRwcm9kAQNhcGkJYXBpOjcuMi4wgAiAEAAAA2FwaQVhcGk6MQQAZMgBAAABBmFwaS10Zx5Db2RlRGVwbG95RGVmYXVsdC5FQ1NBbGxBdE9uY2UFAAEBBBABGWFwaS1jcHU3MC10YXJnZXQtdHJhY2tpbmcABwAAAAAAgFFAAAAAAAAAAAEKZWNzLWFzZy1jcAFkeAIAAgUUDwoerAI8WhQAAAAAAABpQAAAAAAAAABAAAAAAAAAPkAzMzMzMzPTPwMPPM3MzMzMzOw_", json: r#"{"name":"ECS two-level scaling on EC2 capacity: a traffic spike, service auto scaling (target tracking on CPU) adds tasks, they wait in PROVISIONING, managed scaling adds container instances, the tasks start","seed":41,"start_unix_s":1767571200,"horizon_s":10800,"amis":[{"id":"ami-0a1b2c3d4e5f60718","name":"app-base-jdk8","software":["Amazon Linux 2","JDK 1.8","CodeDeploy agent"],"baked_revision":"v1"}],"instance_types":[{"name":"c5.xlarge","vcpu":4,"memory_gib":8.0,"price_per_hour":0.17,"capacity_rps":400.0}],"launch_configurations":[],"launch_templates":[{"id":"lt-0ecs000000000002","name":"ecs-lt","default_version":1,"versions":[{"description":"","image_id":"ami-0a1b2c3d4e5f60718","instance_type":"c5.xlarge","monitoring_enabled":true,"key_name":null,"security_group_ids":[],"volume_size_gib":8,"user_data":null}]}],"group":{"name":"ecs-asg","launch":{"LaunchTemplate":{"name":"ecs-lt","version":"$Default"}},"min_size":1,"max_size":12,"desired_capacity":2,"availability_zones":["us-east-1a","us-east-1b"],"health_check_type":"EC2","health_check_grace_period_s":300,"default_cooldown_s":300,"default_instance_warmup_s":null,"termination_policies":["Default"],"new_instances_protected_from_scale_in":true,"lifecycle_hooks":[],"suspended_processes":[],"deregistration_delay_s":0},"alarms":[],"policies":[],"scheduled_actions":[],"load":{"pattern":{"Spike":{"base_rps":500.0,"peak_rps":1600.0,"at_s":1800,"duration_s":3600}},"noise_pct":5.0},"actions":[],"delivery":{"method":"NoAutomation","application_name":"web-app","deployment_group_name":"web-dg","deployment_config":"OneAtATime","deployment_type":"IN_PLACE","blue_green":{"action_on_timeout":"CONTINUE_DEPLOYMENT","wait_time_minutes":60,"original_instances":"TERMINATE","termination_wait_minutes":5},"outdated_instances_strategy":"UPDATE","auto_rollback":false,"with_load_balancer":false,"revisions":[{"label":"v1","bundle_mb":50.0,"event_s":10,"failure":"None","requires":[],"installs":[]}],"initial_revision":"v1"},"assumptions":{"boot_s":60,"boot_jitter_s":30,"shutdown_s":30,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.7},"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.4,"mem_leak_pct_per_hour":0.0,"disk_base_pct":20.0,"disk_growth_pct_per_hour":0.0,"base_latency_ms":40.0,"scheduled_action_delay_s":0,"codedeploy_no_revision":"CONTINUE","download_mb_per_s":10.0,"manual_update_s":120,"ami_bake_s":600,"refresh_min_healthy_pct":90,"kubernetes":{"pod_start_s":5,"millicores_per_rps":10.0,"idle_millicores":5,"memory_usage_pct":60,"failing_images":[],"argocd_watch_s":1}},"kubernetes":null,"extra_groups":[],"ecs":{"cluster":"prod","task_definitions":[{"family":"api","image":"api:7.2.0","cpu_units":1024,"memory_mib":2048,"health_check":null,"behaviour":"Healthy"}],"service":{"name":"api","task_definition":"api:1","desired_count":4,"deployment_controller":"ECS","deployment_configuration":{"minimum_healthy_percent":100,"maximum_percent":200,"circuit_breaker":{"enable":false,"rollback":false}},"target_group":"api-tg","code_deploy":{"deployment_config_name":"CodeDeployDefault.ECSAllAtOnce","termination_wait_minutes":5,"hooks":[],"auto_rollback":true},"auto_scaling":{"min_capacity":4,"max_capacity":16,"policies":[{"name":"api-cpu70-target-tracking","kind":{"TargetTrackingScaling":{"metric":"ECSServiceAverageCPUUtilization","target_value":70.0,"disable_scale_in":false,"scale_out_cooldown_s":null,"scale_in_cooldown_s":null}}}],"scheduled_actions":[],"dynamic_scaling_in_suspended":false,"dynamic_scaling_out_suspended":false,"scheduled_scaling_suspended":false}},"capacity":{"CapacityProvider":{"name":"ecs-asg-cp","managed_scaling":{"target_capacity":100,"instance_warmup_period_s":120}}},"placement_strategy":["SpreadAvailabilityZone","BinpackMemory"],"assumptions":{"scheduler_interval_s":5,"fargate_provisioning_s":20,"pull_s":15,"pull_jitter_s":10,"stop_s":30,"deregistration_delay_s":300,"target_healthy_s":60,"target_unhealthy_s":90,"crash_after_s":20,"rps_per_vcpu":200.0,"idle_cpu_pct":2.0,"mem_base_pct":30.0,"mem_per_cpu_pct":0.3,"target_tracking_alarms":{"high_datapoints":3,"low_datapoints":15,"period_s":60,"low_ratio":0.9}}}}"# },
];

fn check(f: &Frozen) -> Scenario {
    let expected = Scenario::from_json(f.json).unwrap_or_else(|e| panic!("{}: {e}", f.what));
    let decoded = link::decode(link::payload_from_url(f.link));
    assert_eq!(decoded.as_ref(), Ok(&expected), "{}", f.what);
    expected
}

/// The bytes of a frozen link: its version byte and the scenario's.
fn bytes(f: &Frozen) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(link::payload_from_url(f.link))
        .unwrap_or_else(|e| panic!("{}: {e}", f.what))
}

#[test]
fn frozen_v1_links_decode_to_the_same_scenario_and_run() {
    for f in FROZEN_V1 {
        let scenario = check(f);
        let name = f.what.replace([' ', ','], "-").replace("--", "-");
        insta::assert_snapshot!(
            format!("frozen_link_v1_{name}"),
            common::run_fingerprint(scenario)
        );
    }
}

/// The frozen-schema path (version 1's schema, to JSON, upgraded, read by the current JSON
/// codec) gives exactly what the link decoder gives.
#[test]
fn frozen_v1_links_read_the_same_through_version_1s_frozen_schema() {
    for f in FROZEN_V1 {
        let bytes = bytes(f);
        assert_eq!(bytes.first(), Some(&1), "{}", f.what);
        let frozen = link::decode_old(1, schema_v1::CONTAINERS, &bytes[1..]);
        assert_eq!(
            frozen,
            link::decode(link::payload_from_url(f.link)),
            "{}",
            f.what
        );
    }
}

/// While version 1 is the current format, the frozen-schema path agrees with the plain postcard
/// decode of the model (what links were read with before formats were versioned): the same
/// scenario for every frozen link. (Once the model changes, postcard of the model can no longer
/// read version-1 bytes at all, which is why the frozen schema exists.)
#[test]
fn version_1_frozen_schema_path_equals_the_direct_postcard_decode() {
    if link::VERSION != 1 {
        return;
    }
    for f in FROZEN_V1 {
        let bytes = bytes(f);
        let direct: Scenario =
            postcard::from_bytes(&bytes[1..]).unwrap_or_else(|e| panic!("{}: {e}", f.what));
        let frozen = link::decode_old(1, schema_v1::CONTAINERS, &bytes[1..]);
        assert_eq!(frozen, Ok(direct), "{}", f.what);
    }
}

/// While version 1 is the current format, encoding is stable too: the same scenario gives
/// the same characters (so re-sharing an opened link does not change it).
#[test]
fn version_1_encoding_is_stable() {
    if link::VERSION != 1 {
        return;
    }
    for f in FROZEN_V1 {
        let expected = Scenario::from_json(f.json).unwrap_or_else(|e| panic!("{}: {e}", f.what));
        assert_eq!(
            link::encode(&expected),
            link::payload_from_url(f.link),
            "{}",
            f.what
        );
    }
}

#[test]
fn frozen_v2_links_decode_to_the_same_scenario_and_run() {
    for f in FROZEN_V2 {
        assert_eq!(bytes(f).first(), Some(&2), "{}", f.what);
        let scenario = check(f);
        let name = f.what.replace([' ', ','], "-").replace("--", "-");
        insta::assert_snapshot!(
            format!("frozen_link_{name}"),
            common::run_fingerprint(scenario)
        );
    }
}

#[test]
fn frozen_v3_links_decode_to_the_same_scenario_and_run() {
    for f in FROZEN_V3 {
        assert_eq!(bytes(f).first(), Some(&3), "{}", f.what);
        let scenario = check(f);
        let name = f.what.replace([' ', ','], "-").replace("--", "-");
        insta::assert_snapshot!(
            format!("frozen_link_{name}"),
            common::run_fingerprint(scenario)
        );
    }
}

/// The frozen-schema path of version 2 (`wire/schema_v2.rs`, to JSON, upgraded, read by the
/// current JSON codec) gives exactly what the link decoder gives.
#[test]
fn frozen_v2_links_read_the_same_through_version_2s_frozen_schema() {
    for f in FROZEN_V2 {
        let bytes = bytes(f);
        let frozen = link::decode_old(2, schema_v2::CONTAINERS, &bytes[1..]);
        assert_eq!(
            frozen,
            link::decode(link::payload_from_url(f.link)),
            "{}",
            f.what
        );
    }
}

/// While version 2 is the current format, encoding is stable: re-sharing an opened link does not
/// change it.
#[test]
fn version_2_encoding_is_stable() {
    if link::VERSION != 2 {
        return;
    }
    for f in FROZEN_V2 {
        let expected = Scenario::from_json(f.json).unwrap_or_else(|e| panic!("{}: {e}", f.what));
        assert_eq!(
            link::encode(&expected),
            link::payload_from_url(f.link),
            "{}",
            f.what
        );
    }
}

/// While version 3 is the current format, encoding is stable (re-sharing an opened link does
/// not change it).
#[test]
fn version_3_encoding_is_stable() {
    if link::VERSION != 3 {
        return;
    }
    for f in FROZEN_V3 {
        let expected = Scenario::from_json(f.json).unwrap_or_else(|e| panic!("{}: {e}", f.what));
        assert_eq!(
            link::encode(&expected),
            link::payload_from_url(f.link),
            "{}",
            f.what
        );
    }
}

#[test]
fn frozen_links_survive_page_urls_with_view_options() {
    let f = &FROZEN_V1[0];
    let payload = link::payload_from_url(f.link);
    let url = format!("https://example.org/scaleout/?embed=1&lang=ko#s={payload}&t=600");
    let expected = Scenario::from_json(f.json).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(link::decode(link::payload_from_url(&url)), Ok(expected));
}

/// The scenarios the frozen links were made from, in code: presets as they were on
/// 2026-11-25 plus a run with recorded live actions (what the page puts in its links).
fn candidates() -> Vec<(&'static str, Scenario)> {
    let mut demo = Scenario::demo();
    demo.seed = 42;
    let mut live = Scenario::demo();
    live.seed = 7;
    live.actions = vec![
        TimedAction {
            at_ms: 120_000,
            action: Action::SetLoad { rps: Some(640.0) },
        },
        TimedAction {
            at_ms: 600_000,
            action: Action::Deploy {
                revision: "v2".into(),
            },
        },
        TimedAction {
            at_ms: 900_000,
            action: Action::SetDesiredCapacity { desired: 5 },
        },
        TimedAction {
            at_ms: 1_500_000,
            action: Action::SetLoad { rps: None },
        },
    ];
    let preset = |id: &str| {
        presets::by_id(id)
            .unwrap_or_else(|| panic!("preset {id}"))
            .scenario
    };
    vec![
        ("demo, seed 42", demo),
        ("demo with live actions", live),
        ("preset stale-code", preset("stale-code")),
        ("preset codedeploy", preset("codedeploy")),
        ("preset jdk11-loop", preset("jdk11-loop")),
        ("preset target-vs-step", preset("target-vs-step")),
    ]
}

/// The version-2 candidates: what version 2 added (several groups, EKS) and today's demo.
fn candidates_v2() -> Vec<(&'static str, Scenario)> {
    let mut demo = Scenario::demo();
    demo.seed = 42;
    vec![
        ("v2 demo, seed 42", demo),
        ("v2 two groups", common::example("two-groups.json")),
        ("v2 eks hpa spike", common::example("eks-hpa-spike.json")),
        (
            "v2 eks argocd hpa fight",
            common::example("eks-argocd-hpa-fight.json"),
        ),
    ]
}

/// Format version 3 (the `ecs` section): the demo, the ECS circuit-breaker example with its
/// deploy applied live (an `UpdateService` action, as the page records it), and the two-level
/// scaling example (the service's auto scaling).
fn candidates_v3() -> Vec<(&'static str, Scenario)> {
    let mut demo = Scenario::demo();
    demo.seed = 42;
    let mut ecs = common::example("ecs-circuit-breaker.json");
    ecs.actions = vec![TimedAction {
        at_ms: 540_000,
        action: Action::UpdateService {
            task_definition: Some("web:2".into()),
            desired_count: Some(8),
        },
    }];
    // C4: the service's auto scaling.
    let two_level = common::example("ecs-two-level-scaling.json");
    vec![
        ("v3 demo, seed 42", demo),
        ("v3 ecs circuit breaker", ecs),
        ("v3 ecs two-level scaling", two_level),
    ]
}

#[test]
#[ignore = "prints candidate frozen links; run by hand when adding a format version"]
fn print_candidates() {
    let all = match link::VERSION {
        1 => candidates(),
        2 => candidates_v2(),
        _ => candidates_v3(),
    };
    // Files carry their format version: the expected scenario as the writer saves it, on one line.
    for (what, s) in all {
        let json: serde_json::Value = serde_json::from_str(&s.to_json_pretty()).unwrap_or_default();
        println!("// {what}: {} characters", link::encode(&s).len());
        println!("Frozen {{ what: {what:?}, link: \"https://scaleout.example/#s={}\", json: r#\"{json}\"# }},", link::encode(&s));
    }
}

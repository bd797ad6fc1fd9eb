//! Every string the page shows, in English and Korean: one catalog.
//!
//! Look strings up with [`t`]: `t(lang, "play")`. Keys are plain ASCII ids. Add new strings to
//! the section of the feature they belong to; a test checks keys are unique and non-empty.

/// The page's languages. `?lang=ko` or the `lang-select` control picks one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// (key, English, Korean).
const CATALOG: &[(&str, &str, &str)] = &[
    // --- EKS ----------------------------------------------------------------------
    ("platform", "Platform", "플랫폼"),
    ("chart_pods", "Pods: HPA desired vs Ready", "파드: HPA 원하는 수 대 Ready"),
    ("legend_hpa_desired", "HPA desired", "HPA 원하는 수"),
    ("legend_pods_ready", "Ready pods", "Ready 파드"),
    ("legend_pods_pending", "Pending pods", "Pending 파드"),
    ("pods", "pods", "파드"),
    ("eks_cluster", "Cluster", "클러스터"),
    ("eks_pods", "Pods on their nodes", "노드별 파드"),
    ("eks_pod_states", "Pod phases", "파드 단계"),
    ("eks_unscheduled", "Not scheduled", "스케줄되지 않음"),
    ("eks_hpa_log", "HPA decisions", "HPA 결정"),
    ("eks_git", "Git repository", "Git 저장소"),
    ("eks_repo", "Repository", "저장소"),
    ("eks_commits", "Commits", "커밋"),
    ("eks_initial_commit", "initial commit", "첫 커밋"),
    ("eks_sync", "Sync status", "동기화 상태"),
    ("eks_health", "Health", "상태"),
    ("eks_revision", "Synced revision", "동기화된 리비전"),
    ("eks_sync_policy", "Sync policy", "동기화 정책"),
    ("eks_last_message", "Last operation", "마지막 작업"),
    ("eks_replicas", "Current → desired replicas", "현재 → 원하는 레플리카"),
    ("eks_metrics", "Metrics (current / target)", "지표 (현재 / 목표)"),
    ("eks_conditions", "Conditions", "조건"),
    ("eks_node_group", "Node group", "노드 그룹"),
    ("eks_nodes", "Nodes", "노드"),
    ("eks_on", "on", "켜짐"),
    ("eks_off", "off", "꺼짐"),
    // --- ECS ----------------------------------------------------------------------
    ("chart_tasks", "Tasks: desired vs RUNNING", "태스크: 원하는 수 대 RUNNING"),
    ("legend_ecs_desired", "Desired count", "원하는 태스크 수"),
    ("legend_tasks_running", "RUNNING tasks", "RUNNING 태스크"),
    ("legend_tasks_waiting", "PROVISIONING + PENDING", "PROVISIONING + PENDING"),
    ("tasks", "tasks", "태스크"),
    ("ecs_title", "Service", "서비스"),
    ("ecs_tasks", "Tasks on their container instances", "컨테이너 인스턴스별 태스크"),
    ("ecs_task_states", "Task states (lastStatus)", "태스크 상태 (lastStatus)"),
    ("ecs_fargate_tasks", "Fargate tasks", "Fargate 태스크"),
    ("ecs_unplaced", "Not placed yet", "아직 배치되지 않음"),
    ("ecs_task_definitions", "Task definition revisions", "태스크 정의 리비전"),
    ("ecs_service", "Service", "서비스"),
    ("ecs_cluster", "Cluster", "클러스터"),
    ("ecs_counts", "Desired / running / pending", "원하는 수 / 실행 중 / 대기 중"),
    ("ecs_controller", "Deployment controller", "배포 컨트롤러"),
    ("ecs_deployments", "Deployments (rolloutState)", "배포 (rolloutState)"),
    ("ecs_green", "Traffic on the replacement", "대체 태스크 세트의 트래픽"),
    ("ecs_capacity", "Capacity", "용량"),
    ("ecs_capacity_provider", "Capacity provider", "용량 공급자"),
    ("ecs_target_capacity", "Target capacity", "목표 용량"),
    ("ecs_container_instances", "Container instances", "컨테이너 인스턴스"),
    ("ecs_deployment_config", "Deployment configuration", "배포 구성"),
    ("ecs_circuit_breaker", "Circuit breaker", "회로 차단기"),
    ("ecs_auto_rollback", "Automatic rollback", "자동 롤백"),
    ("ecs_service_scaling", "Service auto scaling", "서비스 Auto Scaling"),
    ("ecs_policy", "Policy", "정책"),
    ("ecs_no_scaling", "none (UpdateService only)", "없음 (UpdateService만)"),
    // --- page and controls ---------------------------------------------------------
    ("app_title", "Scaleout", "Scaleout"),
    ("page_title", "Scaleout: EC2 Auto Scaling, simulated", "Scaleout: EC2 Auto Scaling 시뮬레이터"),
    ("unconfirmed", "UNCONFIRMED", "미확인"),
    ("kind_simple", "Simple scaling", "단순 조정"),
    ("kind_step", "Step scaling", "단계 조정"),
    ("kind_tt", "Target tracking", "대상 추적"),
    ("play", "Play", "재생"),
    ("pause", "Pause", "일시정지"),
    ("step", "Step 1 min", "1분 진행"),
    ("speed", "Speed", "속도"),
    ("load", "Load", "부하"),
    ("requests_per_s", "requests/s", "요청/초"),
    ("desired", "Desired", "원하는 용량"),
    ("in_service", "In service", "서비스 중"),
    ("activity_history", "Activity history", "활동 기록"),
    ("language", "Language", "언어"),
    ("tagline", "Drag the load, press play, and watch an EC2 Auto Scaling group scale out and in, and which code every new instance runs.", "부하를 끌어 올리고 재생을 누르세요. EC2 Auto Scaling 그룹이 늘고 줄어드는 모습과 새 인스턴스마다 어떤 코드가 도는지 볼 수 있습니다."),
    ("controls", "Simulation controls", "시뮬레이션 제어"),
    ("sim_time", "Simulated time", "시뮬레이션 시각"),
    ("follow_pattern", "follow pattern", "패턴 따르기"),
    ("follow_pattern_title", "Let the scenario's load pattern drive the load again", "시나리오의 부하 패턴이 다시 부하를 정하게 합니다"),
    ("scenario_pattern", "(scenario pattern)", "(시나리오 패턴)"),
    ("min_max", "Min / max", "최소 / 최대"),
    ("load_capacity", "Load / capacity", "부하 / 용량"),
    ("avg_cpu", "Avg CPU", "평균 CPU"),
    ("run_to_end", "Run to the end", "끝까지 실행"),
    ("stop_run", "Stop", "중지"),
    ("progress", "Progress through the horizon", "전체 구간 진행률"),
    ("timeline", "Timeline", "타임라인"),
    ("instances", "Instances", "인스턴스"),
    ("instances_lc", "instances", "대"),
    ("no_instances", "No instances", "인스턴스 없음"),
    ("lifecycle_states", "Lifecycle states", "수명 주기 상태"),
    ("healthy", "Healthy", "정상"),
    ("unhealthy", "Unhealthy", "비정상"),
    ("instance_details", "Instance details", "인스턴스 상세"),
    ("instance_gone", "This instance has been terminated.", "이 인스턴스는 종료되었습니다."),
    ("close", "Close", "닫기"),
    ("state", "State", "상태"),
    ("health", "Health", "헬스"),
    ("az", "Availability Zone", "가용 영역"),
    ("launched_from", "Launched from", "시작 원본"),
    ("uptime", "Uptime", "가동 시간"),
    ("cpu", "CPU", "CPU"),
    ("charts", "Charts", "차트"),
    ("chart_load", "Load vs capacity", "부하 대 용량"),
    ("chart_cpu", "Average CPU, alarm thresholds and alarm states", "평균 CPU, 경보 임곗값과 경보 상태"),
    ("chart_counts", "Desired vs in service", "원하는 용량 대 서비스 중"),
    ("chart_revisions", "Revision mix of serving instances", "서비스 중인 인스턴스의 리비전 구성"),
    ("minutes", "minutes", "분"),
    ("time_axis", "time", "시간"),
    ("min_short", "min", "분"),
    ("cpu_pct", "CPU %", "CPU %"),
    ("legend_load", "load", "부하"),
    ("legend_capacity", "capacity", "용량"),
    ("legend_errors", "errors", "오류"),
    ("legend_cpu", "average CPU", "평균 CPU"),
    ("legend_desired", "desired", "원하는 용량"),
    ("legend_in_service", "in service", "서비스 중"),
    ("legend_pending", "pending", "대기 중"),
    // --- consequences, moments and the why strip ------------------------------------
    ("chart_latency", "p95 latency and under-provisioned minutes", "p95 지연 시간과 용량 부족 구간"),
    ("chart_memory", "Average memory and its alarms", "평균 메모리와 경보"),
    ("chart_disk", "Average disk use and its alarms", "평균 디스크 사용량과 경보"),
    ("ms", "ms", "ms"),
    ("mem_pct", "memory %", "메모리 %"),
    ("disk_pct", "disk %", "디스크 %"),
    ("legend_dropped", "dropped", "유실"),
    ("legend_p95", "p95 latency", "p95 지연 시간"),
    ("legend_under", "requests dropped", "요청 유실"),
    ("legend_mem", "average memory", "평균 메모리"),
    ("legend_disk", "average disk use", "평균 디스크 사용량"),
    ("legend_ok", "alarm OK", "경보 정상"),
    ("markers", "Alarm, policy and activity markers", "경보·정책·활동 표시"),
    ("why", "Why the group changed", "그룹이 바뀐 이유"),
    ("why_alarm", "Alarm", "경보"),
    ("why_policy", "Policy", "정책"),
    ("why_activity", "Activity", "활동"),
    ("run_summary", "The run so far", "지금까지의 실행"),
    ("sum_dropped", "Dropped requests", "유실된 요청"),
    ("sum_errors", "Error responses", "오류 응답"),
    ("sum_p95", "p95 latency", "p95 지연 시간"),
    ("sum_under", "Under-provisioned min", "용량 부족(분)"),
    ("sum_at_max", "Min at MaxSize", "최대 크기에서(분)"),
    ("sum_hours", "Instance-hours", "인스턴스 시간"),
    ("sum_cost", "Cost", "비용"),
    ("serves_errors_tile", "serving errors", "오류 응답 중"),
    ("launch_deployments", "launch deployments by Auto Scaling", "Auto Scaling의 시작 배포"),
    ("deploy", "Deploy", "배포"),
    ("revision", "Revision", "리비전"),
    ("last_successful", "Last successful revision", "마지막 성공 리비전"),
    ("fails_at", "fails at", "실패 지점"),
    ("fails_sometimes", "fails sometimes,", "가끔 실패,"),
    ("serves_errors", "serves errors", "오류 응답"),
    ("needs", "needs", "필요"),
    ("deploy_how_none", "By hand: running servers are updated one by one; the AMI is unchanged.", "수동: 실행 중인 서버를 한 대씩 업데이트하며 AMI는 그대로입니다."),
    ("deploy_how_user_data", "Publishes the artifact; new instances pull it at boot, unchecked. Running servers are updated by hand.", "아티팩트를 게시합니다. 새 인스턴스는 부팅 때 확인 없이 받아 갑니다. 실행 중인 서버는 수동으로 업데이트합니다."),
    ("deploy_how_codedeploy", "Creates a CodeDeploy deployment to the deployment group.", "배포 그룹에 CodeDeploy 배포를 만듭니다."),
    ("deploy_how_bake", "Bakes a new AMI, makes it the launch template default and refreshes the instances.", "새 AMI를 굽고 시작 템플릿 기본 버전으로 만든 뒤 인스턴스를 새로 고칩니다."),
    ("deployments", "Deployments", "배포"),
    ("no_deployments", "No deployments yet.", "아직 배포가 없습니다."),
    ("created_by", "by", "생성:"),
    ("scenario", "Scenario", "시나리오"),
    ("problems_keep_running", "problem(s): the simulation keeps running the last valid scenario.", "개 문제: 시뮬레이션은 마지막으로 유효했던 시나리오로 계속 실행됩니다."),
    ("edits_restart", "Editing a card restarts the simulation from 0:00 with the edited scenario.", "카드를 편집하면 편집한 시나리오로 0:00부터 다시 시작합니다."),
    ("not_parsed", "Enter a valid value.", "올바른 값을 입력하세요."),
    ("remove", "Remove", "삭제"),
    ("cannot_run", "This scenario cannot run.", "이 시나리오는 실행할 수 없습니다."),
    ("showing_default", "Showing the default scenario instead.", "대신 기본 시나리오를 보여 줍니다."),
    ("reset_scenario", "Reset scenario", "시나리오 초기화"),
    ("crashed", "Something went wrong and the simulation stopped.", "문제가 생겨 시뮬레이션이 멈췄습니다."),
    ("card_ami", "AMI", "AMI"),
    ("ami_hint", "The image every new instance boots from: OS, runtime and agents, and any code baked in.", "새 인스턴스가 부팅하는 이미지: OS, 런타임, 에이전트, 그리고 함께 구운 코드."),
    ("ami_id", "AMI id", "AMI ID"),
    ("ami_name", "Name", "이름"),
    ("ami_software", "Software (comma-separated)", "소프트웨어 (쉼표로 구분)"),
    ("ami_baked_revision", "Baked revision", "구워 넣은 리비전"),
    ("add_ami", "Add AMI", "AMI 추가"),
    ("card_launch", "Launch template / configuration", "시작 템플릿 / 구성"),
    ("launch_hint", "What the group launches: AMI and instance type, fixed in immutable versions.", "그룹이 시작하는 것: AMI와 인스턴스 유형을 변경할 수 없는 버전으로 고정합니다."),
    ("lc_hint", "Launch configurations are immutable: a change means a new one.", "시작 구성은 변경할 수 없습니다. 바꾸려면 새로 만들어야 합니다."),
    ("launch_source", "Launch with", "시작 방식"),
    ("launch_template", "Launch template", "시작 템플릿"),
    ("launch_configuration", "Launch configuration", "시작 구성"),
    ("version", "Version", "버전"),
    ("group_launch_version", "Version the group uses", "그룹이 쓰는 버전"),
    ("default_version", "Default version", "기본 버전"),
    ("image_id", "AMI", "AMI"),
    ("instance_type", "Instance type", "인스턴스 유형"),
    ("volume_size_gib", "Volume (GiB)", "볼륨 (GiB)"),
    ("instance_type_name", "Type name", "유형 이름"),
    ("capacity_rps", "Capacity per instance (requests/s at 100% CPU)", "인스턴스당 용량 (CPU 100%에서 요청/초)"),
    ("live_versions", "Versions in the running simulation", "실행 중인 시뮬레이션의 버전"),
    ("new_version", "New version (set as default)", "새 버전 (기본으로 지정)"),
    ("card_group", "Auto Scaling group", "Auto Scaling 그룹"),
    ("group_hint", "Sizes, health checks, cooldown and warm-up, which instance goes first on scale-in, and hooks.", "크기, 헬스 체크, 휴지 기간과 워밍업, 축소 때 먼저 종료할 인스턴스, 수명 주기 후크."),
    ("min_size", "Min size", "최소 크기"),
    ("max_size", "Max size", "최대 크기"),
    ("desired_capacity", "Desired capacity (empty = min)", "원하는 용량 (비우면 최소)"),
    ("availability_zones", "Availability Zones", "가용 영역"),
    ("health_check_type", "Health check type", "헬스 체크 유형"),
    ("health_check_grace_period_s", "Health check grace period (s)", "헬스 체크 유예 기간 (초)"),
    ("default_cooldown_s", "Default cooldown (s)", "기본 휴지 기간 (초)"),
    ("default_instance_warmup_s", "Default instance warm-up (s)", "기본 인스턴스 워밍업 (초)"),
    ("termination_policies", "Termination policies (comma-separated)", "종료 정책 (쉼표로 구분)"),
    ("new_instances_protected", "Protect new instances from scale-in", "새 인스턴스를 축소에서 보호"),
    ("lifecycle_hooks", "Lifecycle hooks", "수명 주기 후크"),
    ("hook_name", "Hook name", "후크 이름"),
    ("hook_transition", "Transition", "전환"),
    ("heartbeat_timeout_s", "Heartbeat timeout (s)", "하트비트 제한 시간 (초)"),
    ("default_result", "Default result", "기본 결과"),
    ("handler_completes_after_s", "Handler completes after (s, empty = never)", "핸들러 완료까지 (초, 비우면 안 함)"),
    ("handler_result", "Handler result", "핸들러 결과"),
    ("add_hook", "Add lifecycle hook", "수명 주기 후크 추가"),
    ("card_policies", "Scaling policies and alarms", "조정 정책과 경보"),
    ("policies_hint", "Target tracking keeps a metric near a target; simple and step policies run when their CloudWatch alarm is in ALARM.", "대상 추적은 지표를 목표값 근처로 유지하고, 단순·단계 정책은 CloudWatch 경보가 ALARM일 때 실행됩니다."),
    ("policies", "Policies", "정책"),
    ("policy_name", "Policy name", "정책 이름"),
    ("enabled", "Enabled", "사용"),
    ("adjustment_type", "Adjustment type", "조정 유형"),
    ("scaling_adjustment", "Scaling adjustment", "조정 값"),
    ("cooldown_s", "Cooldown (s, empty = group default)", "휴지 기간 (초, 비우면 그룹 기본값)"),
    ("step_adjustments", "Step adjustments", "단계 조정"),
    ("estimated_instance_warmup_s", "Instance warm-up (s)", "인스턴스 워밍업 (초)"),
    ("metric", "Metric", "지표"),
    ("target_value", "Target value", "목표값"),
    ("disable_scale_in", "Disable scale-in", "축소 비활성화"),
    ("add_target_tracking", "Add target tracking policy", "대상 추적 정책 추가"),
    ("add_simple_policy", "Add simple policy + alarm", "단순 정책 + 경보 추가"),
    ("alarms", "CloudWatch alarms", "CloudWatch 경보"),
    ("alarm_name", "Alarm name", "경보 이름"),
    ("statistic", "Statistic", "통계"),
    ("period_s", "Period (s)", "기간 (초)"),
    ("evaluation_periods", "Evaluation periods", "평가 기간 수"),
    ("datapoints_to_alarm", "Datapoints to alarm", "경보 데이터 포인트 수"),
    ("comparison_operator", "Comparison", "비교 연산자"),
    ("threshold", "Threshold", "임곗값"),
    ("alarm_actions", "Actions: policy names (comma-separated)", "작업: 정책 이름 (쉼표로 구분)"),
    ("add_alarm", "Add alarm", "경보 추가"),
    ("card_delivery", "CodeDeploy and delivery", "CodeDeploy와 코드 배포 방식"),
    ("delivery_hint", "How application code reaches instances, including the ones scale-out launches.", "애플리케이션 코드가 인스턴스에, 스케일 아웃으로 뜬 인스턴스에도 전달되는 방식."),
    ("delivery_method", "Delivery method", "배포 방식"),
    ("method_none", "No automation (by hand)", "자동화 없음 (수동)"),
    ("method_user_data", "User-data script", "유저 데이터 스크립트"),
    ("method_codedeploy", "CodeDeploy", "CodeDeploy"),
    ("method_bake_ami", "Bake an AMI per release", "릴리스마다 AMI 굽기"),
    ("method_none_hint", "New instances run whatever the AMI bakes: scale-out brings old code back.", "새 인스턴스는 AMI에 구운 코드를 실행합니다. 스케일 아웃이 옛 코드를 되살립니다."),
    ("method_user_data_hint", "New instances pull the latest artifact at boot; nothing checks it worked.", "새 인스턴스가 부팅 때 최신 아티팩트를 받지만 성공 여부는 아무도 확인하지 않습니다."),
    ("method_codedeploy_hint", "A launch hook holds each new instance in Pending:Wait until the last successful revision is installed.", "시작 후크가 새 인스턴스를 Pending:Wait에 두고 마지막 성공 리비전을 설치할 때까지 기다립니다."),
    ("method_bake_ami_hint", "Each release bakes an AMI, becomes the default template version, and an instance refresh replaces the fleet.", "릴리스마다 AMI를 굽고 기본 템플릿 버전으로 만든 뒤 인스턴스 새로 고침이 서버를 교체합니다."),
    ("deployment_config", "Deployment configuration", "배포 구성"),
    ("outdated_instances_strategy", "Outdated instances", "오래된 인스턴스 처리"),
    ("auto_rollback", "Roll back when a deployment fails", "배포 실패 시 롤백"),
    ("with_load_balancer", "With a load balancer", "로드 밸런서 사용"),
    ("initial_revision", "Revision at start", "시작 시 리비전"),
    ("revisions", "Revisions", "리비전"),
    ("revision_label", "Label", "레이블"),
    ("revision_failure", "Behaviour", "동작"),
    ("failure_none", "works", "정상 동작"),
    ("failure_serves_errors", "deploys, then serves errors", "배포되지만 오류 응답"),
    ("failure_at", "fails at", "실패 지점:"),
    ("event_s", "Seconds per lifecycle event", "수명 주기 이벤트당 초"),
    ("bundle_mb", "Bundle (MB)", "번들 (MB)"),
    ("requires", "Needs on the instance", "인스턴스에 필요한 것"),
    ("installs", "Installs", "설치하는 것"),
    ("add_revision", "Add revision", "리비전 추가"),
    ("card_load", "Load pattern", "부하 패턴"),
    ("load_pattern", "Pattern", "패턴"),
    ("pattern_steady", "Steady", "일정"),
    ("pattern_ramp", "Ramp", "점증"),
    ("pattern_spike", "Spike", "급증"),
    ("pattern_daily", "Daily wave", "하루 주기"),
    ("pattern_steps", "Scheduled steps", "예약된 단계"),
    ("rps", "Requests/s", "요청/초"),
    ("from_rps", "From (requests/s)", "시작 (요청/초)"),
    ("to_rps", "To (requests/s)", "끝 (요청/초)"),
    ("start_s", "Start (s)", "시작 (초)"),
    ("duration_s", "Duration (s)", "지속 (초)"),
    ("base_rps", "Base (requests/s)", "기본 (요청/초)"),
    ("peak_rps", "Peak (requests/s)", "최고 (요청/초)"),
    ("at_s", "At (s)", "시점 (초)"),
    ("min_rps", "Min (requests/s)", "최소 (요청/초)"),
    ("max_rps", "Max (requests/s)", "최대 (요청/초)"),
    ("peak_hour", "Peak hour (UTC)", "최고 시각 (UTC)"),
    ("steps", "Steps (seconds:requests/s, comma-separated)", "단계 (초:요청/초, 쉼표로 구분)"),
    ("noise_pct", "Noise (%)", "노이즈 (%)"),
    ("horizon_s", "Run length (s)", "실행 길이 (초)"),
    ("seed", "Seed", "시드"),
    ("card_assumptions", "Assumptions", "가정"),
    ("assumptions_hint", "AWS does not document these; the simulator names its model and lets you change it.", "AWS가 문서화하지 않은 부분입니다. 시뮬레이터는 사용하는 모델을 밝히고 바꿀 수 있게 합니다."),
    ("tt_alarm_model", "Target tracking alarms", "대상 추적 경보"),
    ("tt_model", "Model", "모델"),
    ("tt_model_ec2", "EC2 Auto Scaling (3 of 3 high, 15 of 15 low at 0.7x)", "EC2 Auto Scaling (높음 3/3, 낮음 15/15, 0.7배)"),
    ("tt_model_ecs", "Application Auto Scaling (low at 0.9x)", "Application Auto Scaling (낮음 0.9배)"),
    ("tt_model_custom", "Custom", "사용자 지정"),
    ("high_datapoints", "AlarmHigh datapoints", "AlarmHigh 데이터 포인트"),
    ("low_datapoints", "AlarmLow datapoints", "AlarmLow 데이터 포인트"),
    ("low_ratio", "AlarmLow threshold / target", "AlarmLow 임곗값 / 목표"),
    ("codedeploy_no_revision", "Scale-out before any successful revision", "성공 리비전이 없을 때의 스케일 아웃"),
    ("codedeploy_no_revision_result", "Launch hook result", "시작 후크 결과"),
    // --- share, embed, presets, files --------------------------------------------------------
    ("preset_label", "Story", "예제 시나리오"),
    ("preset_custom", "Your own scenario", "직접 만든 시나리오"),
    ("share_link", "Link", "링크"),
    ("copy_link", "Copy link", "링크 복사"),
    ("copied", "Copied", "복사됨"),
    ("characters", "characters", "자"),
    ("opens_at", "The link opens the run at", "이 링크는 다음 시각에서 열립니다:"),
    ("opens_at_copy", "(Copy link adds the current time)", "(링크 복사는 현재 시각을 담습니다)"),
    (
        "link_too_long",
        "This link is over 2,000 characters: some chat tools and browsers cut links that long. Download the scenario as JSON to share it as a file.",
        "이 링크는 2,000자가 넘습니다. 일부 메신저와 브라우저는 이렇게 긴 링크를 자릅니다. 시나리오를 JSON으로 내려받아 파일로 공유하세요.",
    ),
    ("embed", "Embed", "임베드"),
    (
        "embed_help",
        "Paste this into a web page. It plays while visible and pauses when scrolled away.",
        "웹 페이지에 붙여 넣으세요. 화면에 보일 때 재생되고 스크롤해서 벗어나면 멈춥니다.",
    ),
    ("open_full", "Open in full simulator", "전체 시뮬레이터에서 열기"),
    ("files", "Files", "파일"),
    ("download_json", "Download scenario (JSON)", "시나리오 내려받기 (JSON)"),
    ("upload_json", "Open scenario file", "시나리오 파일 열기"),
    ("compare", "Compare two configurations", "두 구성 비교"),
    ("compare_fork", "Compare: fork into A and B", "비교: A와 B로 나누기"),
    ("compare_again", "Fork again (A = this run)", "다시 나누기 (A = 지금 실행)"),
    ("compare_run", "Compare A and B", "A와 B 비교"),
    ("compare_end", "End comparison", "비교 끝내기"),
    ("compare_running", "Running A and B on the same load and seed…", "같은 부하와 시드로 A와 B를 실행하는 중…"),
    ("import_config", "Import AWS config or traffic", "AWS 설정·트래픽 가져오기"),
    ("export_format", "Infrastructure code format", "인프라 코드 형식"),
    ("export_cfn_yaml", "CloudFormation (YAML)", "CloudFormation (YAML)"),
    ("export_cfn_json", "CloudFormation (JSON)", "CloudFormation (JSON)"),
    ("export_terraform", "Terraform", "Terraform"),
    ("export_kubernetes", "Kubernetes manifests (YAML)", "쿠버네티스 매니페스트 (YAML)"),
    ("export_iac", "Export", "내보내기"),
    ("imported_notes", "Imported. Not simulated, by file, line and field:", "가져왔습니다. 시뮬레이션하지 않는 항목 (파일, 줄, 필드):"),
    ("exported_notes", "Exported. Not in the template:", "내보냈습니다. 템플릿에 담기지 않은 항목:"),
    ("export_csv", "Export run (CSV)", "실행 기록 내보내기 (CSV)"),
    ("export_png", "Export charts (PNG)", "차트 내보내기 (PNG)"),
    (
        "file_rejected",
        "This file was not loaded; your current scenario is unchanged.",
        "이 파일은 불러오지 않았습니다. 현재 시나리오는 그대로입니다.",
    ),
    ("dismiss", "Dismiss", "닫기"),
    (
        "save_too_long",
        "Too long for a link: the address bar and autosave keep the last version that fit. Download the JSON to keep it all.",
        "링크에 담기에 너무 깁니다. 주소창과 자동 저장에는 마지막 버전이 남습니다. 전부 보관하려면 JSON을 내려받으세요.",
    ),
    (
        "save_no_storage",
        "The browser refused the autosave (storage full or off); the link in the address bar still holds this run.",
        "브라우저가 자동 저장을 거부했습니다(저장 공간 부족 또는 꺼짐). 주소창의 링크에는 이 실행이 남아 있습니다.",
    ),
    ("reset", "Reset", "초기화"),
    (
        "reset_title",
        "Forget your edits and start the default scenario",
        "편집 내용을 지우고 기본 시나리오로 시작합니다",
    ),
];

/// `n` followed by a counted word (`count(lang, 8, "min_short")`): "8 min" in English, "8분" in
/// Korean, where counters attach to the number.
pub fn count(lang: Lang, n: impl std::fmt::Display, key: &'static str) -> String {
    match lang {
        Lang::En => format!("{n} {}", t(lang, key)),
        Lang::Ko => format!("{n}{}", t(lang, key)),
    }
}

/// The string for `key` in `lang`; the key itself if it is missing (visible, never a panic).
pub fn t(lang: Lang, key: &'static str) -> &'static str {
    CATALOG
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, en, ko)| match lang {
            Lang::En => en,
            Lang::Ko => ko,
        })
}

/// `?lang=ko` in a query string (`?a=1&lang=ko`), if present and known.
pub fn lang_from_query(search: &str) -> Option<Lang> {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|kv| kv.strip_prefix("lang="))
        .and_then(Lang::from_code)
}

/// The page's language from its URL (`?lang=ko`), else English.
pub fn lang_from_page() -> Lang {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .and_then(|s| lang_from_query(&s))
        .unwrap_or_default()
}

/// Sets `<html lang>` so screen readers and fonts follow the language.
pub fn set_document_lang(lang: Lang) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", lang.code());
    }
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(t(lang, "page_title"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_complete() {
        let all: Vec<_> = CATALOG.iter().collect();
        for (i, (k, en, ko)) in all.iter().enumerate() {
            assert!(!k.is_empty() && !en.is_empty() && !ko.is_empty(), "{k}");
            assert!(
                all[i + 1..].iter().all(|(k2, _, _)| k2 != k),
                "duplicate key {k}"
            );
        }
    }

    #[test]
    fn lookup_and_fallback() {
        assert_eq!(t(Lang::Ko, "play"), "재생");
        assert_eq!(t(Lang::En, "no_such_key"), "no_such_key");
        assert_eq!(Lang::from_code("KO"), Some(Lang::Ko));
        assert_eq!(lang_from_query("?embed=1&lang=ko"), Some(Lang::Ko));
        assert_eq!(lang_from_query("?lang=xx"), None);
    }
}

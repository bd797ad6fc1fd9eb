//! The presets' words on the page: each story's title and two-sentence explanation, and the labels
//! of the moments its charts point at, in English and Korean. The scenarios and the moments
//! themselves are the core's (`scaleout_core::presets`); the runner has no use for these words.

use scaleout_core::presets::{
    self, ARGOCD_SYNC, CIRCUIT_BREAKER_TRIPS, DEGRADED, DEPLOYMENT_COMPLETED, DESIRED_COUNT_SET,
    ECS_DEPLOY, FIGHT, FIX_COMMIT, GIT_COMMIT, GIT_COMMIT_2, HPA_SCALES_DOWN, HPA_SCALES_UP,
    LOAD_FALLS, LOAD_RISES, NODES_JOIN, NODES_REMOVED, ORIGINAL_TASK_SET_DELETED, PODS_PENDING,
    RELEASE, RELEASE_2, ROLLBACK, SCALE_OUT, SERVICE_SCALES_IN, SERVICE_SCALES_OUT,
    TASKS_WAIT_FOR_CAPACITY, TRAFFIC_SHIFT, TRAFFIC_SHIFT_DONE, WINDOW_HOLDS,
};

use crate::i18n::Lang;

/// (preset id, title en, title ko, explanation en, explanation ko).
const STORIES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "stale-code",
        "Scale-out brings old code back",
        "스케일 아웃이 옛 코드를 되살린다",
        "v2 is copied to the two running servers by hand, but the AMI still bakes v1. When load rises, every new instance starts from the AMI and serves v1 again.",
        "v2를 실행 중인 두 서버에 손으로 배포했지만 AMI에는 여전히 v1이 들어 있습니다. 부하가 오르면 새 인스턴스는 모두 AMI에서 시작해 다시 v1을 서비스합니다.",
    ),
    (
        "codedeploy",
        "CodeDeploy keeps new instances current",
        "CodeDeploy가 새 인스턴스를 최신으로 유지한다",
        "The same release goes out through CodeDeploy. Each instance launched by scale-out waits in Pending:Wait while CodeDeploy installs the last successful revision, v2, before it takes traffic.",
        "같은 릴리스를 CodeDeploy로 배포합니다. 스케일 아웃으로 뜬 인스턴스는 Pending:Wait에서 CodeDeploy가 마지막 성공 리비전 v2를 설치할 때까지 기다린 뒤 트래픽을 받습니다.",
    ),
    (
        "user-data",
        "User data lets a broken server take traffic",
        "유저 데이터는 고장 난 서버도 트래픽을 받게 둔다",
        "New instances pull the latest artifact in a user-data script, and nothing checks whether it worked. Broken instances go InService and serve errors until the ELB health check catches them after the grace period.",
        "새 인스턴스는 유저 데이터 스크립트로 최신 아티팩트를 받지만 성공 여부를 아무도 확인하지 않습니다. 고장 난 인스턴스도 InService가 되어 유예 기간 뒤 ELB 헬스 체크에 걸릴 때까지 오류를 냅니다.",
    ),
    (
        "deploy-during-scale-out",
        "Scale-out during a deployment",
        "배포 중 스케일 아웃",
        "While v2 rolls out one instance at a time, load rises and new instances receive v1, the last successful revision. When v2 succeeds, CodeDeploy starts a follow-on deployment to update them (outdatedInstancesStrategy UPDATE).",
        "v2가 한 대씩 배포되는 동안 부하가 올라 새 인스턴스는 마지막 성공 리비전인 v1을 받습니다. v2가 성공하면 CodeDeploy가 후속 배포로 이들을 업데이트합니다 (outdatedInstancesStrategy UPDATE).",
    ),
    (
        "jdk11-loop",
        "A broken last revision loops",
        "깨진 마지막 리비전은 무한 루프를 만든다",
        "v3 needs JDK 11; it succeeds on the long-lived fleet, where v2 installed JDK 11, and becomes the last successful revision. Every new instance boots from an AMI that still bakes JDK 1.8, fails at ApplicationStart, is abandoned and replaced, again and again.",
        "v3는 JDK 11이 필요합니다. v2가 JDK 11을 설치한 기존 서버에서는 성공해 마지막 성공 리비전이 됩니다. 새 인스턴스는 여전히 JDK 1.8을 굽는 AMI로 부팅해 ApplicationStart에서 실패하고, 버려지고, 다시 시작되기를 반복합니다.",
    ),
    (
        "memory-step",
        "Step scaling on memory",
        "메모리 기반 단계 조정",
        "Memory is not an EC2 metric: the CloudWatch agent publishes mem_used_percent, and a step policy scales on its alarm. A slow leak raises memory on old instances, so the group grows while CPU stays flat.",
        "메모리는 EC2 지표가 아니라 CloudWatch 에이전트가 mem_used_percent로 보냅니다. 단계 조정 정책이 그 경보로 스케일합니다. 느린 누수로 오래된 인스턴스의 메모리가 오르면 CPU는 그대로인데 그룹이 커집니다.",
    ),
    (
        "target-vs-step",
        "Target tracking vs step scaling on a spike",
        "급증 부하에서 대상 추적 vs 단계 조정",
        "Both policies watch CPU during a sudden spike: target tracking waits for 3 datapoints above 50%, the step policy for 2 above 70%. When both fire, Auto Scaling takes the larger resulting capacity (A3.5).",
        "갑작스러운 급증에서 두 정책이 CPU를 봅니다. 대상 추적은 50% 초과 데이터 포인트 3개, 단계 조정은 70% 초과 2개를 기다립니다. 둘 다 실행되면 Auto Scaling은 더 큰 용량을 택합니다 (A3.5).",
    ),
    (
        "eks-hpa-spike",
        "EKS: the HPA on a spike (default behavior)",
        "EKS: 급증 부하의 HPA (기본 behavior)",
        "An HPA at 50% CPU doubles the pods every 15-second sync on the spike (2, 4, 8, 9). After it, the 5-minute downscale stabilization window passes before it goes back to 2.",
        "CPU 50% HPA가 급증에 15초마다 파드를 두 배로 늘립니다(2, 4, 8, 9). 급증 뒤에는 5분 안정화 창이 지나야 2로 돌아갑니다.",
    ),
    (
        "eks-scale-down-window",
        "EKS: a scale-down window holds capacity",
        "EKS: 스케일 다운 창이 용량을 지킨다",
        "behavior keeps the highest recommendation of the last 10 minutes and removes at most half the pods a minute. Through the dip the 7 pods stay, ready for the rebound.",
        "behavior가 지난 10분의 최고 권장값을 지키고 1분에 절반까지만 줄입니다. 부하가 잠시 내려가도 파드 7개가 남아 반등을 받습니다.",
    ),
    (
        "eks-gitops-rollout",
        "EKS: a GitOps image rollout under load",
        "EKS: 부하 중 GitOps 이미지 롤아웃",
        "Argo CD syncs a new image at its next 3-minute poll and a new ReplicaSet rolls out under load. The next image is never Ready: Degraded at the progress deadline, then kubectl rollout undo.",
        "Argo CD가 3분 폴링에서 새 이미지를 동기화하고 부하 중에 새 ReplicaSet이 배포됩니다. 다음 이미지는 Ready가 되지 못해 진행 기한에 Degraded가 되고, kubectl rollout undo로 되돌립니다.",
    ),
    (
        "eks-argocd-hpa-fight",
        "EKS: the HPA and Argo CD fight over replicas",
        "EKS: HPA와 Argo CD의 replicas 다툼",
        "Git says replicas: 3 and selfHeal enforces it while the HPA wants 5, every 15 seconds. The fix: a commit that removes replicas from the manifest.",
        "Git의 replicas: 3을 selfHeal이 지키고 HPA는 15초마다 5를 원합니다. 해결책은 매니페스트에서 replicas를 지우는 커밋입니다.",
    ),
    (
        "eks-pods-pending",
        "EKS: pods Pending until the Cluster Autoscaler adds nodes",
        "EKS: Cluster Autoscaler가 노드를 더할 때까지 Pending인 파드",
        "Pods that fit no node stay Pending (Insufficient cpu) until the Cluster Autoscaler adds nodes. After the load falls, nodes unneeded for 10 minutes are terminated.",
        "들어갈 노드가 없는 파드는 Cluster Autoscaler가 노드를 더할 때까지 Pending(Insufficient cpu)입니다. 부하가 줄면 10분간 필요 없던 노드가 종료됩니다.",
    ),
    (
        "ecs-rolling-deploy",
        "ECS: a rolling deploy under load, with auto scaling",
        "ECS: 부하 중 롤링 배포와 Auto Scaling",
        "Service auto scaling raises the web service from 8 to 10 tasks on CPU, then web:2 rolls out with maximumPercent 200: the new tasks wait in PROVISIONING until managed scaling adds container instances. Scale-in is off while the deployment runs, so the service drops to 5 tasks only after it completes.",
        "서비스 Auto Scaling이 CPU를 보고 web 서비스를 태스크 8개에서 10개로 늘리고, 이어서 web:2가 maximumPercent 200으로 롤링 배포됩니다. 새 태스크는 관리형 조정이 컨테이너 인스턴스를 추가할 때까지 PROVISIONING에서 기다립니다. 배포 중에는 스케일 인이 꺼져 있어, 배포가 끝난 뒤에야 태스크가 5개로 줄어듭니다.",
    ),
    (
        "ecs-circuit-breaker",
        "ECS: a broken image, stopped by the circuit breaker",
        "ECS: 고장 난 이미지를 회로 차단기가 멈춘다",
        "web:2 points at an image tag that cannot be pulled, so none of its tasks reach RUNNING. After 10 failed tasks the deployment circuit breaker marks the deployment FAILED and rolls back to web:1, which keeps serving all along.",
        "web:2는 받을 수 없는 이미지 태그를 가리켜 어떤 태스크도 RUNNING에 이르지 못합니다. 실패한 태스크가 10개가 되면 배포 회로 차단기가 배포를 FAILED로 표시하고 web:1로 롤백합니다. web:1은 그동안 계속 서비스합니다.",
    ),
    (
        "ecs-blue-green-canary",
        "ECS: a canary blue/green deploy through CodeDeploy",
        "ECS: CodeDeploy 카나리 블루/그린 배포",
        "CodeDeploy starts a replacement task set for web:2, shifts 10% of production traffic to it for 5 minutes, then the rest. The desired count rises from 4 to 6 during the shift, and both task sets grow; the original task set stops after the 10-minute termination wait.",
        "CodeDeploy가 web:2의 대체 태스크 세트를 띄우고 운영 트래픽의 10%를 5분 동안 보낸 뒤 나머지를 옮깁니다. 이동 중에 원하는 태스크 수가 4에서 6으로 늘어 두 태스크 세트가 모두 커지고, 원래 태스크 세트는 10분 종료 대기 뒤에 멈춥니다.",
    ),
    (
        "ecs-two-level-scaling",
        "ECS: two-level scaling on EC2 capacity",
        "ECS: EC2 용량의 2단계 조정",
        "A traffic spike raises the service's CPU; service auto scaling adds tasks, which wait in PROVISIONING because no container instance has room. CapacityProviderReservation rises above 100%, managed scaling grows the Auto Scaling group, and the tasks start on the new instances.",
        "트래픽 급증으로 서비스 CPU가 오르면 서비스 Auto Scaling이 태스크를 추가하지만, 자리가 있는 컨테이너 인스턴스가 없어 PROVISIONING에서 기다립니다. CapacityProviderReservation이 100%를 넘으면 관리형 조정이 Auto Scaling 그룹을 키우고, 태스크가 새 인스턴스에서 시작됩니다.",
    ),
];

/// (preset id, moment, en, ko): the label of each moment the core marks (`Annotation::what`).
const MOMENTS: &[(&str, &str, &str, &str)] = &[
    ("stale-code", RELEASE, "v2 released by hand", "v2 수동 배포"),
    (
        "stale-code",
        SCALE_OUT,
        "scale-out: new instances serve v1",
        "스케일 아웃: 새 인스턴스는 v1",
    ),
    (
        "codedeploy",
        RELEASE,
        "deploy v2 (CodeDeploy)",
        "v2 배포 (CodeDeploy)",
    ),
    (
        "codedeploy",
        SCALE_OUT,
        "scale-out: new instances get v2",
        "스케일 아웃: 새 인스턴스에 v2",
    ),
    (
        "user-data",
        RELEASE,
        "broken v4 published",
        "고장 난 v4 게시",
    ),
    (
        "user-data",
        SCALE_OUT,
        "scale-out: broken instances InService",
        "스케일 아웃: 고장 난 인스턴스 InService",
    ),
    (
        "deploy-during-scale-out",
        RELEASE,
        "deploy v2, one at a time",
        "v2 배포 (한 대씩)",
    ),
    (
        "deploy-during-scale-out",
        LOAD_RISES,
        "load rises mid-deployment",
        "배포 중 부하 증가",
    ),
    (
        "deploy-during-scale-out",
        SCALE_OUT,
        "scale-out: new instances get v1",
        "스케일 아웃: 새 인스턴스에 v1",
    ),
    (
        "jdk11-loop",
        RELEASE,
        "v2 installs JDK 11",
        "v2가 JDK 11 설치",
    ),
    (
        "jdk11-loop",
        RELEASE_2,
        "v3 (needs JDK 11) succeeds on the fleet",
        "v3(JDK 11 필요) 기존 서버에서 성공",
    ),
    (
        "jdk11-loop",
        SCALE_OUT,
        "scale-out: launch/terminate loop",
        "스케일 아웃: 시작/종료 루프",
    ),
    (
        "memory-step",
        SCALE_OUT,
        "memory alarm: scale-out",
        "메모리 경보: 스케일 아웃",
    ),
    ("target-vs-step", LOAD_RISES, "spike", "급증"),
    ("target-vs-step", LOAD_FALLS, "spike ends", "급증 종료"),
    ("eks-hpa-spike", LOAD_RISES, "spike", "급증"),
    (
        "eks-hpa-spike",
        HPA_SCALES_UP,
        "HPA: 2 → 4 → 8 → 9",
        "HPA: 2 → 4 → 8 → 9",
    ),
    ("eks-hpa-spike", LOAD_FALLS, "spike ends", "급증 종료"),
    (
        "eks-hpa-spike",
        HPA_SCALES_DOWN,
        "5 min later: 9 → 2",
        "5분 뒤: 9 → 2",
    ),
    (
        "eks-scale-down-window",
        WINDOW_HOLDS,
        "load dips: the window holds 7",
        "부하 감소: 창이 7을 유지",
    ),
    (
        "eks-scale-down-window",
        HPA_SCALES_DOWN,
        "window passed: 7 → 3, rebound 3 → 7",
        "창 경과: 7 → 3, 반등 3 → 7",
    ),
    (
        "eks-gitops-rollout",
        GIT_COMMIT,
        "commit: web 1.1",
        "커밋: web 1.1",
    ),
    (
        "eks-gitops-rollout",
        ARGOCD_SYNC,
        "Argo CD syncs",
        "Argo CD 동기화",
    ),
    (
        "eks-gitops-rollout",
        GIT_COMMIT_2,
        "commit: web 1.2",
        "커밋: web 1.2",
    ),
    (
        "eks-gitops-rollout",
        DEGRADED,
        "progress deadline: Degraded",
        "진행 기한 초과: Degraded",
    ),
    (
        "eks-gitops-rollout",
        ROLLBACK,
        "kubectl rollout undo",
        "kubectl rollout undo",
    ),
    (
        "eks-argocd-hpa-fight",
        FIGHT,
        "HPA 3 → 5, selfHeal 5 → 3",
        "HPA 3 → 5, selfHeal 5 → 3",
    ),
    (
        "eks-argocd-hpa-fight",
        FIX_COMMIT,
        "fix: replicas removed from Git",
        "해결: Git에서 replicas 삭제",
    ),
    (
        "eks-pods-pending",
        PODS_PENDING,
        "pods Pending: Insufficient cpu",
        "파드 Pending: Insufficient cpu",
    ),
    (
        "eks-pods-pending",
        NODES_JOIN,
        "new nodes join",
        "새 노드 합류",
    ),
    ("eks-pods-pending", LOAD_FALLS, "load falls", "부하 감소"),
    (
        "eks-pods-pending",
        NODES_REMOVED,
        "unneeded nodes removed",
        "불필요한 노드 제거",
    ),
    (
        "ecs-rolling-deploy",
        SERVICE_SCALES_OUT,
        "service: 8 → 10 tasks",
        "서비스: 태스크 8 → 10",
    ),
    (
        "ecs-rolling-deploy",
        ECS_DEPLOY,
        "UpdateService: web:2",
        "UpdateService: web:2",
    ),
    (
        "ecs-rolling-deploy",
        TASKS_WAIT_FOR_CAPACITY,
        "tasks wait in PROVISIONING",
        "태스크가 PROVISIONING에서 대기",
    ),
    (
        "ecs-rolling-deploy",
        DEPLOYMENT_COMPLETED,
        "rolloutState COMPLETED",
        "rolloutState COMPLETED",
    ),
    (
        "ecs-rolling-deploy",
        SERVICE_SCALES_IN,
        "now scale-in: 10 → 5",
        "이제 스케일 인: 10 → 5",
    ),
    (
        "ecs-circuit-breaker",
        ECS_DEPLOY,
        "UpdateService: web:2",
        "UpdateService: web:2",
    ),
    (
        "ecs-circuit-breaker",
        CIRCUIT_BREAKER_TRIPS,
        "circuit breaker: FAILED, roll back",
        "회로 차단기: FAILED, 롤백",
    ),
    (
        "ecs-circuit-breaker",
        DEPLOYMENT_COMPLETED,
        "rolled back to web:1",
        "web:1로 롤백 완료",
    ),
    (
        "ecs-blue-green-canary",
        ECS_DEPLOY,
        "CodeDeploy: replacement task set",
        "CodeDeploy: 대체 태스크 세트",
    ),
    (
        "ecs-blue-green-canary",
        TRAFFIC_SHIFT,
        "10% of traffic to green",
        "트래픽 10%를 그린으로",
    ),
    (
        "ecs-blue-green-canary",
        DESIRED_COUNT_SET,
        "desired count 4 → 6",
        "원하는 수 4 → 6",
    ),
    (
        "ecs-blue-green-canary",
        TRAFFIC_SHIFT_DONE,
        "100% on green",
        "그린에 100%",
    ),
    (
        "ecs-blue-green-canary",
        ORIGINAL_TASK_SET_DELETED,
        "original task set stops",
        "원래 태스크 세트 중지",
    ),
    ("ecs-two-level-scaling", LOAD_RISES, "spike", "급증"),
    (
        "ecs-two-level-scaling",
        SERVICE_SCALES_OUT,
        "service: 4 → 6 tasks",
        "서비스: 태스크 4 → 6",
    ),
    (
        "ecs-two-level-scaling",
        TASKS_WAIT_FOR_CAPACITY,
        "no room: PROVISIONING",
        "자리 없음: PROVISIONING",
    ),
    (
        "ecs-two-level-scaling",
        NODES_JOIN,
        "a container instance joins",
        "컨테이너 인스턴스 합류",
    ),
    (
        "ecs-two-level-scaling",
        SERVICE_SCALES_IN,
        "spike over: 12 → 4",
        "급증 종료: 12 → 4",
    ),
];

fn pick(lang: Lang, en: &'static str, ko: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

fn story(
    id: &str,
) -> Option<&'static (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
)> {
    STORIES.iter().find(|s| s.0 == id)
}

/// The preset's title (its id if the page has no words for it).
pub fn title(id: &'static str, lang: Lang) -> &'static str {
    story(id).map_or(id, |s| pick(lang, s.1, s.2))
}

/// The preset's two-sentence explanation.
pub fn explanation(id: &str, lang: Lang) -> &'static str {
    story(id).map_or("", |s| pick(lang, s.3, s.4))
}

/// The preset's moments for the charts: (simulated minutes, label), at the core's times.
pub fn annotations(id: &str, lang: Lang) -> Vec<(f64, String)> {
    presets::by_id(id)
        .map(|p| {
            p.annotations
                .iter()
                .filter_map(|a| {
                    let m = MOMENTS.iter().find(|m| m.0 == id && m.1 == a.what)?;
                    Some((a.at_s as f64 / 60.0, pick(lang, m.2, m.3).to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The preset a scenario came from, recognised by its name (links and files keep the name).
pub fn preset_of(name: &str) -> Option<&'static str> {
    presets::all()
        .into_iter()
        .find(|p| p.scenario.name == name)
        .map(|p| p.id)
}

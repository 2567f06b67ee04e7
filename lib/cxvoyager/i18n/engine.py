"""Messages of the suite engine: option help and errors, skip reasons, resume, reports."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "engine.help.plan": {
        "zh-CN": "规划设计表（.xlsx）；可多次给出，每份规划独立运行",
        "en": "planning workbook (.xlsx); repeat it to run several plans independently",
    },
    "engine.help.target": {
        "zh-CN": "运行目标：sim（内置模拟器，默认）或 live（真实主机，会清空磁盘）",
        "en": "where to run: sim (built-in simulator, default) or live (real hosts; wipes disks)",
    },
    "engine.help.report_dir": {
        "zh-CN": "本次运行的报告目录，默认 reports/<时间>-<集群名>/",
        "en": "directory for this run's reports; default reports/<YYYYmmdd-HHMMSS>-<cluster>/",
    },
    "engine.help.sim_speed": {
        "zh-CN": "模拟器时间倍速：每个真实秒对应的模拟秒数，max 表示不等待；默认 60",
        "en": "simulated seconds per real second, or max for no waiting; default 60",
    },
    "engine.help.sim_fault": {
        "zh-CN": "向模拟器注入故障，可多次给出，如 task:cluster-deploy:fail:1",
        "en": "inject a fault into the simulator (repeatable), e.g. task:cluster-deploy:fail:1",
    },
    "engine.help.sim_seed": {
        "zh-CN": "模拟器随机数种子（整数），默认 0",
        "en": "random seed of the simulator (an integer); default 0",
    },
    "engine.help.lang": {
        "zh-CN": "消息与报告的语言：zh-CN（默认）或 en",
        "en": "language of messages and reports: zh-CN (default) or en",
    },
    "engine.help.no_traffic": {
        "zh-CN": "不记录 API 流量（traffic.har）",
        "en": "do not record API traffic (traffic.har)",
    },
    "engine.help.state_dir": {
        "zh-CN": "台账与模拟器状态目录，默认 reports/.state",
        "en": "directory of ledgers and simulator state; default reports/.state",
    },
    "engine.help.ca_bundle": {
        "zh-CN": "live 模式下校验 TLS 证书的 CA 文件（PEM）；不给出时首次连接记录证书指纹",
        "en": (
            "CA bundle (PEM) to verify TLS in live mode; without it, certificates are pinned "
            "on first use"
        ),
    },
    "engine.help.iso_dir": {
        "zh-CN": "存放 CloudTower ISO 的目录",
        "en": "directory that contains the CloudTower ISO",
    },
    "engine.help.package_dir": {
        "zh-CN": "存放应用安装包（OBS、备份、ER、SFS、SKS）的目录",
        "en": "directory that contains the app packages (OBS, backup, ER, SFS, SKS)",
    },
    "engine.option.choice": {
        "zh-CN": "选项 {option} 的值 “{value}” 无效，可选值：{allowed}",
        "en": "invalid value '{value}' for {option}; allowed values: {allowed}",
    },
    "engine.option.no_file": {
        "zh-CN": "选项 {option} 指定的文件不存在：{value}。请检查路径。",
        "en": "{option}: file not found: {value}. Check the path.",
    },
    "engine.option.no_dir": {
        "zh-CN": "选项 {option} 指定的目录不存在：{value}。请检查路径。",
        "en": "{option}: directory not found: {value}. Check the path.",
    },
    "engine.option.sim_speed": {
        "zh-CN": "选项 --sim-speed 的值 “{value}” 无效：应为正数（每真实秒的模拟秒数）或 max",
        "en": (
            "invalid value '{value}' for --sim-speed; expected a positive number (simulated "
            "seconds per real second) or max"
        ),
    },
    "engine.option.sim_fault": {
        "zh-CN": "选项 --sim-fault 的值 “{value}” 无效：{problem}",
        "en": "invalid value '{value}' for --sim-fault: {problem}",
    },
    "engine.option.sim_seed": {
        "zh-CN": "选项 --sim-seed 的值 “{value}” 无效：应为整数",
        "en": "invalid value '{value}' for --sim-seed; expected an integer",
    },
    "engine.option.sim_only": {
        "zh-CN": "选项 {option} 只用于 --target sim，不能与 --target live 一起使用",
        "en": "{option} applies to --target sim only and cannot be used with --target live",
    },
    "engine.option.no_plan": {
        "zh-CN": "运行 suites/ 需要规划设计表：请加上 --plan <规划设计表.xlsx>",
        "en": "running suites/ needs a planning workbook: add --plan <plan.xlsx>",
    },
    "engine.option.reorder": {
        "zh-CN": "选项 {option} 会打乱阶段顺序，不能用于 suites/；续跑请用 --lf",
        "en": "{option} reorders the stages and cannot be used with suites/; use --lf to resume",
    },
    "engine.skip.failed": {
        "zh-CN": "前置步骤未通过：{step}（阶段 {stage}）在运行 {run} 中失败",
        "en": "prerequisite did not pass: {step} (stage {stage}) failed in run {run}",
    },
    "engine.skip.skipped": {
        "zh-CN": "前置步骤未通过：{step}（阶段 {stage}）在运行 {run} 中被跳过",
        "en": "prerequisite did not pass: {step} (stage {stage}) was skipped in run {run}",
    },
    "engine.skip.not_run": {
        "zh-CN": "前置步骤尚未运行：{step}（阶段 {stage}）在本规划中还没有通过的记录",
        "en": (
            "prerequisite has not run: {step} (stage {stage}) has no passing record for this plan"
        ),
    },
    "engine.header.plan": {
        "zh-CN": "规划：{plan}　集群：{cluster}　指纹：{fingerprint}　目标：{target}　运行：{run}",
        "en": (
            "plan: {plan}  cluster: {cluster}  fingerprint: {fingerprint}  target: {target}  "
            "run: {run}"
        ),
    },
    "engine.summary.unfired_faults": {
        "zh-CN": "规划 {plan}：以下注入的故障没有触发（目标步骤可能已完成，没有再发出对应请求或任务；演练失败请使用新的 --state-dir）：{specs}",
        "en": "plan {plan}: these injected faults never fired (the steps they target may have found their work done and sent no such request or task; rehearse failures with a fresh --state-dir): {specs}",
    },
    "engine.header.stale": {
        "zh-CN": (
            "规划设计表已变更（旧指纹 "
            "{old}）：以下阶段在旧版本下通过，本次不计为通过，将重新检查：{stages}"
        ),
        "en": (
            "the workbook changed (old fingerprint {old}): these stages passed under the old "
            "version and no longer count as passed: {stages}"
        ),
    },
    "engine.lf.everything": {
        "zh-CN": "--lf：规划 {plan} 在本指纹下没有运行记录，运行全部 {run} 个步骤",
        "en": "--lf: plan {plan} has no run under this fingerprint; running all {run} steps",
    },
    "engine.lf.selected": {
        "zh-CN": (
            "--lf：规划 {plan} 重跑 {run} 个失败或因依赖跳过的步骤（含清理），{credited} "
            "个此前已通过的步骤计为通过"
        ),
        "en": (
            "--lf: plan {plan} reruns {run} failed or dependency-skipped steps (cleanup "
            "included); {credited} steps that passed before count as passed"
        ),
    },
    "engine.scan.leak": {
        "zh-CN": (
            "安全检查失败：文件 {path} 含有规划 {plan} "
            "中的密码或令牌。请勿分发此文件，并检查其来源。"
        ),
        "en": (
            "secret scan failed: {path} contains a password or token of plan {plan}. Do not "
            "hand this file out; find what wrote it."
        ),
    },
    "engine.report.acceptance_title": {
        "zh-CN": "{customer} {project} 超融合交付验收报告",
        "en": "{customer} {project} hyperconverged delivery acceptance report",
    },
    "engine.report.html_title": {
        "zh-CN": "{customer} {project} 交付运行报告",
        "en": "{customer} {project} delivery run report",
    },
    "engine.report.simulated_banner": {
        "zh-CN": "模拟环境：本报告来自内置模拟器，不代表真实设备的结果",
        "en": (
            "Simulated environment (模拟环境): this report comes from the built-in "
            "simulator, not real equipment"
        ),
    },
    "engine.report.customer": {"zh-CN": "客户", "en": "Customer"},
    "engine.report.project": {"zh-CN": "项目", "en": "Project"},
    "engine.report.datacenter": {"zh-CN": "数据中心", "en": "Datacenter"},
    "engine.report.cluster": {"zh-CN": "集群", "en": "Cluster"},
    "engine.report.node_count": {"zh-CN": "节点数", "en": "Nodes"},
    "engine.report.smtx_version": {"zh-CN": "SMTX OS 版本", "en": "SMTX OS version"},
    "engine.report.plan_file": {"zh-CN": "规划设计表", "en": "Planning workbook"},
    "engine.report.target": {"zh-CN": "运行目标", "en": "Target"},
    "engine.report.target_sim": {"zh-CN": "模拟环境（sim）", "en": "simulator (sim)"},
    "engine.report.target_live": {"zh-CN": "真实环境（live）", "en": "real hosts (live)"},
    "engine.report.fingerprint": {"zh-CN": "规划指纹", "en": "Plan fingerprint"},
    "engine.report.dates": {"zh-CN": "实施日期", "en": "Dates"},
    "engine.report.start": {"zh-CN": "开始", "en": "Start"},
    "engine.report.end": {"zh-CN": "结束", "en": "End"},
    "engine.report.run_count": {"zh-CN": "运行次数", "en": "Runs"},
    "engine.report.stage_summary": {"zh-CN": "各阶段结果", "en": "Stage summary"},
    "engine.stage.01_prepare_plan": {"zh-CN": "准备规划表", "en": "Prepare the plan"},
    "engine.stage.02_init_cluster": {"zh-CN": "初始化集群", "en": "Initialize the cluster"},
    "engine.stage.03_config_cluster": {"zh-CN": "配置集群", "en": "Configure the cluster"},
    "engine.stage.04_deploy_cloudtower": {"zh-CN": "部署 CloudTower", "en": "Deploy CloudTower"},
    "engine.stage.05_attach_cluster": {"zh-CN": "关联集群", "en": "Attach the cluster"},
    "engine.stage.06_cloudtower_config": {"zh-CN": "配置 CloudTower", "en": "Configure CloudTower"},
    "engine.stage.07_check_cluster_healthy": {
        "zh-CN": "集群健康检查",
        "en": "Check cluster health",
    },
    "engine.stage.08_deploy_obs": {"zh-CN": "部署可观测性服务", "en": "Deploy observability"},
    "engine.stage.09_deploy_bak": {"zh-CN": "部署备份服务", "en": "Deploy backup"},
    "engine.stage.10_deploy_er": {"zh-CN": "部署 Everoute", "en": "Deploy Everoute"},
    "engine.stage.11_deploy_sfs": {"zh-CN": "部署文件存储", "en": "Deploy file storage"},
    "engine.stage.12_deploy_sks": {
        "zh-CN": "部署 Kubernetes 服务",
        "en": "Deploy the Kubernetes service",
    },
    "engine.stage.13_create_test_vms": {"zh-CN": "创建测试虚拟机", "en": "Create test VMs"},
    "engine.stage.14_perf_reliability": {
        "zh-CN": "性能与可靠性验收",
        "en": "Performance and reliability",
    },
    "engine.stage.15_cleanup": {"zh-CN": "清理", "en": "Clean up"},
    "engine.report.stage": {"zh-CN": "阶段", "en": "Stage"},
    "engine.report.step": {"zh-CN": "步骤", "en": "Step"},
    "engine.report.steps": {"zh-CN": "步骤数", "en": "Steps"},
    "engine.report.criterion": {"zh-CN": "验收标准", "en": "Acceptance criterion"},
    "engine.report.outcome": {"zh-CN": "结果", "en": "Outcome"},
    "engine.report.run": {"zh-CN": "运行", "en": "Run"},
    "engine.report.runs": {"zh-CN": "通过所在运行", "en": "Runs"},
    "engine.report.duration": {"zh-CN": "耗时", "en": "Duration"},
    "engine.report.key_results": {"zh-CN": "关键结果", "en": "Key results"},
    "engine.report.perf": {"zh-CN": "性能测试", "en": "Performance"},
    "engine.report.reliability": {"zh-CN": "可靠性测试", "en": "Reliability"},
    "engine.report.measurement": {"zh-CN": "测量项", "en": "Measurement"},
    "engine.report.value": {"zh-CN": "测量值", "en": "Value"},
    "engine.report.threshold": {"zh-CN": "阈值", "en": "Threshold"},
    "engine.report.verdict": {"zh-CN": "判定", "en": "Verdict"},
    "engine.report.waivers": {"zh-CN": "豁免项", "en": "Waivers"},
    "engine.report.no_waivers": {"zh-CN": "无豁免项。", "en": "No waivers."},
    "engine.report.reason": {"zh-CN": "原因", "en": "Reason"},
    "engine.report.approved_by": {"zh-CN": "批准人", "en": "Approved by"},
    "engine.report.date": {"zh-CN": "日期", "en": "Date"},
    "engine.report.run_history": {"zh-CN": "运行记录", "en": "Run history"},
    "engine.report.signoff": {"zh-CN": "签字确认", "en": "Sign-off"},
    "engine.report.delivery_engineer": {"zh-CN": "交付工程师", "en": "Delivery engineer"},
    "engine.report.customer_representative": {"zh-CN": "客户代表", "en": "Customer representative"},
    "engine.report.traffic_link": {
        "zh-CN": "API 流量记录（traffic.har）",
        "en": "API traffic record (traffic.har)",
    },
    "engine.outcome.passed": {"zh-CN": "通过", "en": "passed"},
    "engine.outcome.failed": {"zh-CN": "失败", "en": "failed"},
    "engine.outcome.skipped": {"zh-CN": "跳过", "en": "skipped"},
    "engine.outcome.incomplete": {"zh-CN": "未完成", "en": "incomplete"},
    "engine.summary.reports": {
        "zh-CN": "规划 {plan} 的报告目录：{path}",
        "en": "reports of plan {plan}: {path}",
    },
    "engine.summary.dependency": {
        "zh-CN": (
            "规划 {plan} 有 {count} 个步骤因前置步骤未通过而未执行，交付尚未完成；修复后用 "
            "--lf 续跑"
        ),
        "en": (
            "plan {plan}: {count} steps did not run because a prerequisite did not pass; the "
            "delivery is not complete. Fix the cause and resume with --lf"
        ),
    },
    "engine.option.dist_each": {
        "zh-CN": (
            "suites/ 不能使用 --dist each：它会让每个 worker 都运行每份规划。"
            "请去掉 --dist 或改用 --dist load，-n 会让每份规划在一个 worker 中按阶段顺序运行。"
        ),
        "en": (
            "suites/ cannot run with --dist each, because every worker would run every plan. "
            "Remove --dist or use --dist load: with -n, each plan runs in one worker, "
            "stage by stage."
        ),
    },
}

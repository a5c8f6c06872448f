import Foundation
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// hive-kube: the long-lived-key step its 22 workflows share, and per environment the role's trust
/// policy and a deployment workflow after migration.
struct HiveKubeSnippets {
    let ref: Reference
    init(_ ref: Reference) { self.ref = ref }

    var hive: HiveKubeConfig { ref.config.hiveKube }

    var all: [Snippet] {
        [keysStep] + hive.environments.flatMap { [trustPolicy($0), workflow($0)] }
    }

    func secret(_ env: String, suffix: String) -> String {
        hive.secretPattern.replacingOccurrences(of: "{ENV}", with: env.uppercased())
            .replacingOccurrences(of: "_KEY_ID", with: suffix)
    }

    func roleName(_ env: String) -> String { hive.rolePattern.replacingOccurrences(of: "{env}", with: env) }

    func roleARN(_ env: String) -> String {
        ARN.role(roleName(env), account: ref.config.account, partition: ref.config.partition).description
    }

    /// The pattern the status analysis of 2025-11-12 found in every workflow (shown for production).
    var keysStep: Snippet {
        let env = hive.environments.first ?? "production"
        return Snippet(
            id: "hive-kube-keys-step", path: "Snippets/workflows/before/hive-kube-keys-step.yml",
            title: "Before: the step all 22 hive-kube workflows share",
            content: .steps([ref.keysStep(
                idSecret: secret(env, suffix: "_KEY_ID"), keySecret: secret(env, suffix: "_KEY_SECRET"),
                region: .expression(Expression("env.AWS_REGION")))]))
    }

    func trustPolicy(_ env: String) -> Snippet {
        Snippet(
            id: "trust-hive-kube-\(env)", path: "Snippets/iam/trust/\(roleName(env)).json",
            title: "Trust policy of \(roleName(env))",
            content: .policy(ref.trustPolicy(repository: hive.repository, subjects: [.environment(env)])))
    }

    func workflow(_ env: String) -> Snippet {
        let job = "deploy"
        let w = Workflow(
            name: "\(env) deploy", triggers: [.workflowDispatch(inputs: [])], permissions: .scopes([]),
            concurrency: Concurrency(group: "deploy-\(env)", cancelInProgress: false),
            jobs: [
                Job(
                    id: job, name: "Deploy to \(env)", runsOn: "ubuntu-latest",
                    environment: JobEnvironment(name: .string(env)), permissions: Reference.oidcPermissions,
                    timeoutMinutes: 30,
                    steps: [
                        ref.checkoutStep,
                        ref.credentialsStep(role: .string(roleARN(env)), sessionName: "hive-kube-\(env)-${{ github.run_id }}"),
                        ref.callerIdentityStep,
                    ])
            ])
        return Snippet(
            id: "hive-kube-\(env)-workflow", path: "Snippets/workflows/after/hive-kube-\(env)-deploy.yml",
            title: "After: a \(env) deployment workflow", content: .workflow(w),
            comments: Reference.permissionComments(job: job) + [
                SnippetComment(["jobs", job, "environment"], "the token's sub becomes repo:\(ref.org)/\(hive.repository):environment:\(env)")
            ])
    }
}

import Foundation
import KeylessSyntax
import KeylessIaC
import KeylessDocs
import KeylessGenerator
import KeylessModel

/// A repository with a migration page: the long-lived-key step its workflows share (when the configuration
/// names the secrets), and per environment a deployment workflow after migration. The roles' trust
/// policies are `RoleSnippets`'.
struct RepositorySnippets {
    let ref: Reference
    let repo: RepositoryConfig
    init(_ ref: Reference, _ repo: RepositoryConfig) {
        self.ref = ref
        self.repo = repo
    }

    var all: [Snippet] {
        (keysStep.map { [$0] } ?? []) + repo.environments.compactMap(workflow)
    }

    static func keysStepID(_ repo: RepositoryConfig) -> String { "\(repo.id)-keys-step" }
    static func workflowID(_ repo: RepositoryConfig, _ env: String) -> String { "\(repo.id)-\(Validate.slug(env))-workflow" }

    func role(_ env: String) -> RoleConfig? { ref.config.role(of: repo.id, environment: env) }

    /// The step with the key secrets of the first environment, as the workflows have it today.
    var keysStep: Snippet? {
        guard let env = repo.environments.first, let id = repo.secret(env), let key = repo.secret(env, suffix: "_KEY_SECRET") else { return nil }
        return Snippet(
            id: Self.keysStepID(repo), path: "Snippets/workflows/before/\(repo.id)-keys-step.yml",
            title: "Before: the long-lived key step of \(repo.name)'s workflows",
            content: .steps([ref.keysStep(idSecret: id, keySecret: key, region: .expression(Expression("env.AWS_REGION")))]))
    }

    func workflow(_ env: String) -> Snippet? {
        guard let role = role(env) else { return nil }
        let job = "deploy"
        let w = Workflow(
            name: "\(env) deploy", triggers: [.workflowDispatch(inputs: [])], permissions: .scopes([]),
            concurrency: Concurrency(group: "deploy-\(Validate.slug(env))", cancelInProgress: false),
            jobs: [
                Job(
                    id: job, name: "Deploy to \(env)", runsOn: "ubuntu-latest",
                    environment: JobEnvironment(name: .string(env)), permissions: Reference.oidcPermissions,
                    timeoutMinutes: 30,
                    steps: [
                        ref.checkoutStep,
                        ref.credentialsStep(role: .string(ref.config.roleARN(role).description), sessionName: role.sessionName),
                        ref.callerIdentityStep,
                    ])
            ])
        return Snippet(
            id: Self.workflowID(repo, env), path: "Snippets/workflows/after/\(repo.id)-\(Validate.slug(env))-deploy.yml",
            title: "After: a \(env) deployment workflow", content: .workflow(w),
            comments: Reference.permissionComments(job: job) + [
                SnippetComment(["jobs", job, "environment"], "the token's sub becomes repo:\(ref.org)/\(repo.name):environment:\(env)")
            ])
    }
}

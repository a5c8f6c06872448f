import KeylessModel

/// One step with where it is and the job it belongs to (nil in a fragment of steps).
package struct StepContext {
    package let step: Step
    package let path: [PathItem]
    package let job: JobContext?
    /// A `aws-actions/configure-aws-credentials` step.
    package let isCredentials: Bool
    /// A credentials step that assumes a role with the OIDC token (no keys, no token file).
    package let assumesRoleWithOIDC: Bool

    // Both flags are read by several rules, so they are worked out once per step.
    init(step: Step, path: [PathItem], job: JobContext?) {
        self.step = step
        self.path = path
        self.job = job
        isCredentials = step.uses?.repository == WorkflowContext.credentialsAction
        assumesRoleWithOIDC = isCredentials && step.input("role-to-assume") != nil && step.input("aws-access-key-id") == nil
            && step.input("aws-secret-access-key") == nil && step.input("web-identity-token-file") == nil
    }
}

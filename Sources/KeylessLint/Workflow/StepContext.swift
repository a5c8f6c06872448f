import KeylessModel

/// One step with where it is and the job it belongs to (nil in a fragment of steps).
package struct StepContext {
    package var step: Step
    package var path: [PathItem]
    package var job: JobContext?

    /// A `aws-actions/configure-aws-credentials` step.
    package var isCredentials: Bool { step.uses?.repository == WorkflowContext.credentialsAction }

    /// A credentials step that assumes a role with the OIDC token (no keys, no token file).
    package var assumesRoleWithOIDC: Bool {
        isCredentials && step.input("role-to-assume") != nil && step.input("aws-access-key-id") == nil
            && step.input("aws-secret-access-key") == nil && step.input("web-identity-token-file") == nil
    }
}

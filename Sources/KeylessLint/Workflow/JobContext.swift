import KeylessModel

/// One job with where it is and the permissions its token really has.
package struct JobContext {
    package var job: Job
    package var path: [PathItem]
    /// The job's `permissions:`, else the workflow's (nil: the default token permissions).
    package var effectivePermissions: Permissions?
    /// Which block `effectivePermissions` comes from, as a finding says it.
    package var permissionsSource: String
}

import KeylessAudit

/// What `keyless migrate` did with one workflow, and the options it was given.
public enum MigrationOutcome: Sendable {
    case migrated(Migration, options: MigrateOptions)
    /// The reasons migrate gave for leaving the file alone.
    case refused(String, options: MigrateOptions)

    public var options: MigrateOptions {
        switch self {
        case .migrated(_, let o), .refused(_, let o): return o
        }
    }
}

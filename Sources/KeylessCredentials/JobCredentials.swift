/// A line and column of the workflow file being analysed (1-based, as the file reads, CRLF or LF).
public struct CredentialLocation: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: Self, b: Self) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// One place a credential enters a job, with what the value is.
public struct CredentialEntry: Hashable, Sendable {
    /// The level of an `env:` block.
    public enum EnvLevel: Hashable, Sendable {
        case workflow, job, step, container
        case service(String)
    }

    /// What a `run:` line does with the credential.
    public enum ScriptUse: String, Hashable, Sendable {
        /// `aws configure set aws_access_key_id …`
        case configureSet = "aws configure set"
        /// `echo "AWS_ACCESS_KEY_ID=…" >> $GITHUB_ENV`
        case githubEnv = "$GITHUB_ENV"
        /// Writes `~/.aws/credentials` (or a file in its format).
        case credentialsFile = "an AWS credentials file"
        /// Any other use in a script (an `.env` file, a command line).
        case other = "a script"
    }

    /// How the value reaches the job.
    public enum Channel: Hashable, Sendable {
        /// An input of `aws-actions/configure-aws-credentials` (`aws-access-key-id`, …).
        case credentialsInput(String)
        /// `NAME:` in an `env:` block.
        case env(EnvLevel, String)
        /// An input of another action (`uses: ./.github/actions/x` or a remote one).
        case actionInput(action: String, input: String)
        /// `secrets: NAME:` passed to a reusable workflow.
        case reusableSecret(callee: String, name: String)
        /// A `run:` script line.
        case script(ScriptUse)
    }

    public var channel: Channel
    public var value: CredentialValue
    /// The value as written (`${{ secrets.AWS_ACCESS_KEY_ID }}`, the script line).
    public var text: String
    /// Where the value enters: for a value read through `${{ env.X }}` or an action input, where the
    /// stored value was first handed on (the `env:` line, the caller's `with:` line).
    public var location: CredentialLocation
    /// The local action (`./.github/actions/x`) the value is used in, when not the job's own step.
    public var via: String?

    public init(channel: Channel, value: CredentialValue, text: String, location: CredentialLocation, via: String? = nil) {
        self.channel = channel
        self.value = value
        self.text = text
        self.location = location
        self.via = via
    }
}

/// One role assumption of a job.
public struct RoleAssumption: Hashable, Sendable {
    public enum Method: String, Hashable, Sendable {
        /// `role-to-assume` with GitHub's OIDC token (no keys, no token file), or
        /// `aws sts assume-role-with-web-identity`.
        case oidc
        /// On top of an earlier session (`role-chaining: true`, session credentials as inputs, `aws sts assume-role`).
        case chained
        /// On top of stored long-lived keys passed to the same step (or exported earlier without an id-token grant).
        case onStoredKeys = "on-stored-keys"
        /// With a token file (`web-identity-token-file`).
        case webIdentityFile = "web-identity-token-file"
    }

    public var method: Method
    /// The role as written (`arn:aws:iam::…:role/x`, `${{ secrets.ROLE }}`); empty for a script.
    public var role: String
    /// The `role-to-assume` line (the step's `uses:` line for a local action or callee).
    public var location: CredentialLocation
    /// The local action or reusable workflow it happens in, if not the job itself.
    public var via: String?

    public init(method: Method, role: String, location: CredentialLocation, via: String? = nil) {
        self.method = method
        self.role = role
        self.location = location
        self.via = via
    }
}

/// How a job authenticates to AWS, as far as the repository shows.
public enum CredentialAuth: String, Hashable, Sendable, CaseIterable {
    case longLivedKeys = "long-lived-keys"
    case oidc
    case mixed
    case none

    /// Stored keys and role assumptions together are `mixed`.
    public static func combine(keys: Bool, roles: Bool) -> CredentialAuth {
        switch (keys, roles) {
        case (true, true): return .mixed
        case (true, false): return .longLivedKeys
        case (false, true): return .oidc
        case (false, false): return .none
        }
    }
}

/// A local reusable workflow a job calls, as the model saw it.
public struct CalleeCredentials: Hashable, Sendable {
    /// The `uses:` value.
    public var uses: String
    /// The callee's path (as the analyzer found it), nil when it is not a local file it could read.
    public var path: String?
    /// `secrets: inherit`.
    public var inheritsSecrets: Bool
    /// The secret names passed explicitly (`secrets: NAME: …`), upper-cased.
    public var passedSecrets: Set<String>
    /// The callee's jobs that can run for this call (a job behind `if: inputs.X` the caller sets false is left out).
    public var jobs: [JobCredentials]

    public init(uses: String, path: String?, inheritsSecrets: Bool, passedSecrets: Set<String> = [], jobs: [JobCredentials]) {
        self.uses = uses
        self.path = path
        self.inheritsSecrets = inheritsSecrets
        self.passedSecrets = passedSecrets
        self.jobs = jobs
    }

    /// A stored key reaches the callee's jobs for this call: one from a secret the caller passes (or
    /// inherits), or one that does not come from a secret at all.
    public var usesStoredKeys: Bool {
        jobs.contains { j in j.storedKeys.contains(where: reaches) || (j.callee?.usesStoredKeys ?? false) }
    }

    func reaches(_ e: CredentialEntry) -> Bool {
        guard !inheritsSecrets, case .storedKey(let r) = e.value, r.hasPrefix("secrets.") else { return true }
        return passedSecrets.contains(String(r.dropFirst("secrets.".count)).uppercased())
    }
    public var assumesRole: Bool { jobs.contains(where: \.assumesRole) }
    public var assumesRoleWithOIDC: Bool { jobs.contains(where: \.assumesRoleWithOIDC) }
}

/// Every way one job gets AWS credentials: the entries, the role assumptions, and the local workflow it calls.
public struct JobCredentials: Hashable, Sendable {
    public var id: String
    /// The job's key line.
    public var location: CredentialLocation
    /// Every credential value that enters the job, stored keys or not, in document order.
    public var entries: [CredentialEntry]
    public var roles: [RoleAssumption]
    public var callee: CalleeCredentials?

    public init(id: String, location: CredentialLocation, entries: [CredentialEntry] = [], roles: [RoleAssumption] = [], callee: CalleeCredentials? = nil) {
        self.id = id
        self.location = location
        self.entries = entries
        self.roles = roles
        self.callee = callee
    }

    /// Entries that hand on a stored long-lived key (the `long-lived-aws-keys` findings).
    public var storedKeys: [CredentialEntry] { entries.filter(\.value.isStoredKey) }
    /// A stored key reaches the job itself or the local workflow it calls.
    public var usesStoredKeys: Bool { !storedKeys.isEmpty || (callee?.usesStoredKeys ?? false) }
    /// The job (or its local callee) assumes a role by any method.
    public var assumesRole: Bool { !roles.isEmpty || (callee?.assumesRole ?? false) }
    /// The job (or its local callee) requests GitHub's OIDC token to assume a role: it needs `id-token: write`.
    public var assumesRoleWithOIDC: Bool { roles.contains { $0.method == .oidc } || (callee?.assumesRoleWithOIDC ?? false) }
    /// `long-lived-keys`, `oidc`, `mixed` or `none`.
    public var auth: CredentialAuth { .combine(keys: usesStoredKeys, roles: assumesRole) }
}

/// The credentials of every job of one workflow file.
public struct WorkflowCredentials: Hashable, Sendable {
    public var path: String
    public var jobs: [JobCredentials]

    public init(path: String, jobs: [JobCredentials]) {
        self.path = path
        self.jobs = jobs
    }

    public func job(_ id: String) -> JobCredentials? { jobs.first { $0.id == id } }

    /// Stored-key entries of the whole file, one per location (a workflow-level `env:` line counts once).
    public var storedKeyEntries: [CredentialEntry] {
        var seen = Set<CredentialLocation>()
        return jobs.flatMap(\.storedKeys).sorted { $0.location < $1.location }.filter { seen.insert($0.location).inserted }
    }
}

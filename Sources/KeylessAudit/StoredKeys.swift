import KeylessCredentials
import KeylessLint
import KeylessModel

/// Which values are stored long-lived AWS keys, as `keyless migrate` decides it: the one place, so it
/// can be switched to the shared credentials model (KeylessCredentials) without touching the edit.
///
/// - A stored key is a `secrets.*` or `vars.*` value, or a literal access key id (`AKIA…`), that reaches
///   an AWS key position: `aws-access-key-id` / `aws-secret-access-key` of configure-aws-credentials,
///   `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in `env:`, or a secret whose name says it is an AWS key.
///   A step output that is not a credentials step's (a secret store's export, such as pulumi/esc-action)
///   counts too when no session token goes with it.
/// - Not stored: session credentials of an earlier step (`env.AWS_*` set at run time,
///   `steps.X.outputs.*` of a configure-aws-credentials step, any key passed with its session token),
///   steps with `role-chaining: true`, AWS's documented example keys and other dummies, and keys the file
///   shows are for another provider (R2, Hetzner, MinIO, …: in the secret's name or the name it is given).
struct StoredKeys: Sendable {
    static let credentialsAction = "aws-actions/configure-aws-credentials"
    static let keyInputs = ["aws-access-key-id", "aws-secret-access-key", "aws-session-token"]
    static let keyEnv = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]

    let workflow: Workflow
    /// Secret and variable names the file hands to a name of another provider (`R2_ACCESS_KEY_ID: ${{ secrets.X }}`).
    let otherProviderSecrets: Set<String>

    init(_ workflow: Workflow) {
        self.workflow = workflow
        var other = Set<String>()
        func visit(_ kvs: [KeyValue]) {
            for kv in kvs where Self.namesOtherProvider(kv.key) { other.formUnion(Self.references(in: kv.value.text)) }
        }
        visit(workflow.env)
        for job in workflow.jobs {
            visit(job.env)
            visit(job.with)
            if case .explicit(let s)? = job.secrets { visit(s) }
            for step in job.steps { visit(step.env); visit(step.with) }
        }
        otherProviderSecrets = other
    }

    /// `R2_ACCESS_KEY_ID`, `HETZNER_CACHE_ACCESS_KEY`, `minio-secret`: the name's words name another
    /// provider (the credentials model's list, so check, audit and migrate agree).
    static func namesOtherProvider(_ name: String) -> Bool { KeyValueRules.namesOtherService(name) }

    /// `secrets.NAME` and `vars.NAME` references in a text.
    static func references(in text: String) -> [String] {
        var out: [String] = []
        for prefix in ["secrets.", "vars."] {
            var rest = Substring(text)
            while let r = rest.range(of: prefix) {
                // `steps.esc-secrets.outputs.X` is not `secrets.outputs`: the prefix must start a name.
                let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
                let name = rest[r.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
                if !name.isEmpty && !(before.isLetter || before.isNumber || before == "_" || before == "-" || before == ".") { out.append(String(name)) }
                rest = rest[r.upperBound...]
            }
        }
        return out
    }

    /// A literal long-lived access key id (`AKIA…`, not AWS's documented example), by the model's rule.
    static func literalKeyID(_ text: String) -> Bool {
        let t = text.trimmingCharacters(in: .whitespaces)
        return t.hasPrefix("AKIA") && KeyValueRules.isRealLookingKeyID(t)
    }

    /// A secret or variable name that holds an AWS access key (by its name), unless the file shows another provider.
    func isAWSKeyName(_ name: String) -> Bool {
        LongLivedAWSKeys.looksLikeAWSKey(name) && !Self.namesOtherProvider(name) && !otherProviderSecrets.contains(name)
    }

    /// A value that is a stored key when it sits in an AWS key position (an input or an env entry).
    func isStoredValue(_ text: String) -> Bool {
        if Self.literalKeyID(text) { return true }
        let refs = Self.references(in: text)
        return !refs.isEmpty && !refs.contains { Self.namesOtherProvider($0) || otherProviderSecrets.contains($0) }
    }

    /// The AWS key secrets a text reads (`${{ secrets.AWS_ACCESS_KEY_ID }}` in a script, an input, …).
    func awsKeyReferences(in text: String, also known: Set<String> = []) -> [String] {
        Self.references(in: text).filter { isAWSKeyName($0) || known.contains($0) }
    }

    // MARK: Steps and env

    static func isCredentialsStep(_ step: Step) -> Bool { step.uses?.repository == credentialsAction }

    /// A configure-aws-credentials step that signs in with a stored key pair (the steps migrate edits).
    /// A chained step (`role-chaining: true`, or keys that are an earlier session's) is not.
    func holdsStoredKeys(_ step: Step, in job: Job) -> Bool {
        guard Self.isCredentialsStep(step), step.input("role-chaining")?.text.lowercased() != "true" else { return false }
        let keys = ["aws-access-key-id", "aws-secret-access-key"].compactMap { step.input($0)?.text }
        guard !keys.isEmpty else { return false }
        if keys.contains(where: isStoredValue) { return true }
        // What is left are expressions: an earlier session (env.AWS_* set at run time, a credentials
        // step's outputs, or any key that comes with its session token) or a store's export.
        if let token = step.input("aws-session-token")?.text, !isStoredValue(token) { return false }
        let credentialIDs = Set(job.steps.filter(Self.isCredentialsStep).compactMap(\.id))
        return keys.contains { k in
            if k.contains("env.") {
                // env.X is stored only when an env: block the step sees sets X from a stored value.
                let visible = step.env + job.env + workflow.env
                return visible.contains { kv in k.contains("env.\(kv.key)") && isStoredValue(kv.value.text) }
            }
            if let r = k.range(of: "steps.") {
                let id = k[r.upperBound...].prefix { $0 != "." }
                return !credentialIDs.contains(String(id))
            }
            return false
        }
    }

    /// `AWS_ACCESS_KEY_ID: ${{ secrets.… }}` and its kin in an `env:` block: overrides the role's session.
    func isStoredKeyEnv(_ kv: KeyValue) -> Bool {
        Self.keyEnv.contains(kv.key) && isStoredValue(kv.value.text)
    }

    /// An env entry of another name fed from an AWS key secret (`GT_S3_ACCESS_KEY_ID: ${{ secrets.AWS_… }}`).
    func isRenamedKeyEnv(_ kv: KeyValue) -> Bool {
        !Self.keyEnv.contains(kv.key) && !awsKeyReferences(in: kv.value.text).isEmpty
    }
}

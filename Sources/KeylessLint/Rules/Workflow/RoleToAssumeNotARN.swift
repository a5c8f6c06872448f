import KeylessSyntax
/// `role-to-assume-not-arn`: `role-to-assume` is not a role ARN (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`).
package enum RoleToAssumeNotARN: WorkflowRule {
    package static let rule = Rule("role-to-assume-not-arn", .workflow, .error, title: "role-to-assume is not a role ARN",
        explanation: "With OIDC the action has no account to build an ARN from, so `role-to-assume` must be the full role ARN, `arn:PARTITION:iam::ACCOUNT:role/PATH/NAME` with a 12-digit account: a bare name fails with \"Source Account ID is needed if the Role Name is provided and not the Role Arn.\" An ARN of another kind (`user/…`), another service, or an account that is not 12 digits cannot be assumed either. Parts given by an expression, and an account written as a placeholder (`ACCOUNT_ID`), are taken as given.",
        source: RuleSource.action)

    /// AWS's partitions (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
    static let partitions: Set<String> = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"]

    package static func check(_ context: WorkflowContext, report: inout RuleReport) {
        for step in context.credentialSteps {
            guard case .string(let role)? = step.step.input("role-to-assume") else { continue }
            let at = step.path + [.key("with"), .key("role-to-assume")]
            if !role.hasPrefix("arn:") {
                // With keys the action builds the ARN from their account; an expression may give an ARN.
                guard step.assumesRoleWithOIDC, !role.contains("${{") else { continue }
                report.add(at: at, "role-to-assume '\(role)' is not an ARN; with OIDC give the full role ARN")
            } else if let problem = problem(role) {
                report.add(at: at, "role-to-assume '\(role)' is not a role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME): \(problem)")
            }
        }
    }

    /// What is wrong with an `arn:` value, or nil for a role ARN. Parts given by `${{ }}` are taken as right.
    static func problem(_ arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6 else { return "an ARN has six ':'-separated parts" }
        let (partition, service, region, account, resource) = (parts[1], parts[2], parts[3], parts[4], parts[5])
        func given(_ s: String) -> Bool { ASCIILine.containsBytes(s, "${{") || ASCIILine.containsBytes(s, "}}") }
        // A documentation placeholder (`ACCOUNT_ID`, `<ACCOUNT_ID>`) stands for an account, as in the guide's own snippets.
        let bare = account.trimmingPrefix("<").split(separator: ">").first.map(String.init) ?? account
        let placeholder = ASCIILine.containsBytes(bare, "ACCOUNT") && bare.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" }
        if !given(partition) && !partitions.contains(partition) { return "'\(partition)' is not an AWS partition" }
        if !given(service) && service != "iam" { return "the service is '\(service)', not iam" }
        if !given(region) && !region.isEmpty { return "an IAM ARN has no region" }
        if !given(account) && !placeholder && !(account.utf8.count == 12 && account.utf8.allSatisfy { (48...57).contains($0) }) {
            return "the account '\(account)' is not 12 digits"
        }
        if given(resource) { return nil }
        guard resource.hasPrefix("role/") else { return "the resource '\(resource)' is not role/NAME" }
        let name = resource.dropFirst("role/".count)
        let allowed: (Character) -> Bool = { $0.isLetter || $0.isNumber || "+=,.@_-/".contains($0) }
        // An ASCII name is checked on its bytes; other text by Character, as `isLetter` decides for it.
        let ascii = !name.utf8.contains { $0 >= 0x80 }
        let valid = ascii
            ? name.utf8.allSatisfy { b in (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || "+=,.@_-/".utf8.contains(b) }
            : name.allSatisfy(allowed)
        if name.isEmpty || name.hasSuffix("/") || !valid { return "the role name '\(name)' is not valid" }
        return nil
    }
}

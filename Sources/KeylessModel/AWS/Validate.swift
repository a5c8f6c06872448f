import KeylessModel

/// Value rules shared by the configuration reader and the linter, each with its source.
public enum Validate {
    public static func isKebab(_ s: String) -> Bool {
        !s.isEmpty && s.first != "-" && s.last != "-" && s.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    public static func isPlaceholder(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { ($0.isASCII && ($0.isUppercase || $0.isNumber)) || $0 == "_" } && s.first!.isLetter
    }

    /// GitHub user and organisation names: alphanumerics and single hyphens, not at either end, at most 39.
    public static func isOwnerName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 39 && s.first != "-" && s.last != "-" && !s.contains("--")
            && s.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
    }

    public static func isRepositoryName(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 100 && s != "." && s != ".."
            && s.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || "._-".contains($0) }
    }

    /// Region names such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `cn-north-1`.
    public static func isRegion(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.count <= 4, parts[0].count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isLowercase }),
            let last = parts.last, !last.isEmpty, last.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return false }
        return parts.dropFirst().dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
    }

    /// `[\w+=,.@-]`: the character class STS and IAM use for role and session names.
    public static func isIAMNameCharacter(_ c: Character) -> Bool {
        (c.isASCII && (c.isLetter || c.isNumber)) || "_+=,.@-".contains(c)
    }

    /// IAM role names: 1–64 characters of `[\w+=,.@-]`
    /// (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
    public static func roleNameProblem(_ s: String) -> String? {
        if s.isEmpty || s.count > 64 { return "must be 1 to 64 characters long (it has \(s.count))" }
        if let bad = s.first(where: { !isIAMNameCharacter($0) }) { return "contains '\(bad)', outside [\\w+=,.@-]" }
        return nil
    }

    /// `RoleSessionName`: 2–64 characters of `[\w+=,.@-]`
    /// (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html).
    /// `${{ … }}` parts are checked as at least one character each; their value is not known here.
    public static func sessionNameProblem(_ s: String) -> String? {
        let (literal, expressions) = splitTemplate(s)
        let minimum = literal.count + expressions
        if minimum > 64 { return "is longer than 64 characters (\(minimum) at least)" }
        if minimum < 2 { return "must be at least 2 characters long" }
        if let bad = literal.first(where: { !isIAMNameCharacter($0) }) {
            return bad == " " ? "contains a space, outside [\\w+=,.@-]" : "contains '\(bad)', outside [\\w+=,.@-]"
        }
        return nil
    }

    /// The literal text of a value with `${{ … }}` parts removed, and how many there were.
    public static func splitTemplate(_ s: String) -> (literal: String, expressions: Int) {
        var literal = ""
        var count = 0
        var rest = Substring(s)
        while let open = rest.range(of: "${{") {
            literal += rest[..<open.lowerBound]
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else { rest = after; break }
            count += 1
            rest = after[close.upperBound...]
        }
        return (literal + rest, count)
    }

    /// A path inside the project: relative, no `..`, no empty or `~` start.
    public static func relativePathProblem(_ s: String) -> String? {
        if s.isEmpty { return "is empty" }
        if s.hasPrefix("/") || s.hasPrefix("~") { return "must be relative to the configuration file" }
        if s.split(separator: "/").contains("..") { return "must not contain '..'" }
        return nil
    }

    /// A path Keyless only reads (a checkout, a policy file): relative to the configuration file, and it
    /// may lead out of its folder with `..` (a checkout beside the project). Writes use `relativePathProblem`.
    public static func readPathProblem(_ s: String) -> String? {
        if s.isEmpty { return "is empty" }
        if s.hasPrefix("/") || s.hasPrefix("~") { return "must be relative to the configuration file" }
        return nil
    }

    /// A kebab-case id from any name (`Prod (Readonly)` → `prod-readonly`), for ids and file names made
    /// from names GitHub allows to hold spaces and punctuation (environments, folders).
    public static func slug(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            if c.isASCII && (c.isLetter || c.isNumber) { out.append(c) } else if !out.isEmpty && out.last != "-" { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? "x" : out
    }
}

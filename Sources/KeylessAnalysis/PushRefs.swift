import KeylessModel

/// The refs a `push` trigger runs for, by GitHub's filter rules
/// (https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onpushbranchestagsbranches-ignoretags-ignore):
/// `branches`/`tags` name refs (a later `!pattern` excludes again); `branches-ignore`/`tags-ignore` only
/// exclude; "if you define only tags/tags-ignore or only branches/branches-ignore, the workflow won't run for
/// events affecting the undefined Git ref"; with neither, any branch or tag runs it. `paths`/`paths-ignore`
/// narrow which pushes run, never which ref.
struct PushRefs {
    struct Run {
        var ref: Predicted
        var notes: [String] = []
    }

    var refs: [Run]

    init(filter f: EventFilter, defaultBranch: String) {
        let defaultRef = "refs/heads/\(defaultBranch)"
        var runs: [Run] = []
        if !f.branches.isEmpty {
            runs += Self.named(f.branches, prefix: "refs/heads/", kind: "branch")
        } else if !f.branchesIgnore.isEmpty {
            let ignore = f.branchesIgnore.map { "`\($0)`" }.joined(separator: ", ")
            if Self.excluded(defaultBranch, by: f.branchesIgnore) {
                runs.append(Run(ref: .unknown("a branch not matching branches-ignore (\(ignore))"),
                                notes: ["branches-ignore (\(ignore)) excludes the default branch"]))
            } else {
                runs.append(Run(ref: .known(defaultRef),
                                notes: ["push runs for any branch not matching branches-ignore (\(ignore)); shown for the default branch (pass --ref for another)"]))
            }
        } else if !f.filtersTags {
            runs.append(Run(ref: .known(defaultRef), notes: ["push runs for any branch or tag; shown for the default branch (pass --ref for another)"]))
        }
        if !f.tags.isEmpty {
            runs += Self.named(f.tags, prefix: "refs/tags/", kind: "tag")
        } else if !f.tagsIgnore.isEmpty, !f.tagsIgnore.contains("**") {
            let ignore = f.tagsIgnore.map { "`\($0)`" }.joined(separator: ", ")
            runs.append(Run(ref: .unknown("a tag not matching tags-ignore (\(ignore))"),
                            notes: f.filtersBranches ? [] : ["with only a tag filter, pushes to branches do not run this workflow"]))
        }
        if runs.isEmpty {
            runs.append(Run(ref: .unknown("no branch or tag: the filters exclude every ref"),
                            notes: ["the branch and tag filters exclude every ref: push never runs this workflow"]))
        }
        refs = runs
    }

    /// One run per literal name the list includes (and no later `!` entry excludes); a pattern stands for
    /// refs Keyless cannot list.
    static func named(_ entries: [String], prefix: String, kind: String) -> [Run] {
        entries.compactMap { entry -> Run? in
            if entry.hasPrefix("!") { return nil }
            guard FilterPattern.isLiteral(entry) else { return Run(ref: .unknown("a \(kind) matching `\(entry)`")) }
            return included(entry, by: entries) ? Run(ref: .known(prefix + entry)) : nil
        }
    }

    /// The last entry that matches decides: a plain one includes, a `!` one excludes.
    static func included(_ name: String, by entries: [String]) -> Bool {
        guard let last = entries.last(where: { e in
            FilterPattern.matches(name, pattern: e.hasPrefix("!") ? String(e.dropFirst()) : e)
        }) else { return false }
        return !last.hasPrefix("!")
    }

    static func excluded(_ name: String, by ignore: [String]) -> Bool {
        ignore.contains { FilterPattern.matches(name, pattern: $0) }
    }

    /// Whether a push of `ref` runs the workflow by the branch and tag filters (paths aside).
    static func runs(for ref: String, filter f: EventFilter) -> Bool {
        if ref.hasPrefix("refs/heads/") {
            let name = String(ref.dropFirst(11))
            if !f.branches.isEmpty { return included(name, by: f.branches) }
            if !f.branchesIgnore.isEmpty { return !excluded(name, by: f.branchesIgnore) }
            return !f.filtersTags
        }
        if ref.hasPrefix("refs/tags/") {
            let name = String(ref.dropFirst(10))
            if !f.tags.isEmpty { return included(name, by: f.tags) }
            if !f.tagsIgnore.isEmpty { return !excluded(name, by: f.tagsIgnore) }
            return !f.filtersBranches
        }
        return true
    }
}

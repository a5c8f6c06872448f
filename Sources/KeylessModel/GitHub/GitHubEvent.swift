/// Where GitHub runs a workflow for each event: its `GITHUB_REF` column in
/// https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
/// (read 2026-12-01). The `sub` of a job without an environment follows from it.
public enum GitHubEvent {
    /// The `GITHUB_REF` a run of an event has.
    public enum RunRef: Hashable, Sendable {
        /// "Default branch" (and the last commit on it).
        case defaultBranch
        /// `push`: the updated ref, which the branch and tag filters narrow.
        case pushedRef
        /// `pull_request`: `refs/pull/NUMBER/merge`, and the sub is `pull_request`.
        case pullRequestMerge
        /// `pull_request_review`, `pull_request_review_comment`: also `refs/pull/NUMBER/merge`; GitHub's OIDC
        /// reference (https://docs.github.com/en/actions/reference/security/oidc) names the `pull_request`
        /// subject for "a pull request event" without saying whether these are such events.
        case pullRequestReviewMerge
        /// `workflow_dispatch`: the branch or tag chosen when dispatched.
        case dispatchedRef
        /// `workflow_call`: the caller's.
        case caller
        /// A ref the event names at run time; the text says which (`release`: "the release's tag").
        case eventRef(String)
    }

    /// The events GitHub documents, with where their runs happen.
    public static let runRefs: [String: RunRef] = [
        "branch_protection_rule": .defaultBranch,
        "check_run": .defaultBranch,
        "check_suite": .defaultBranch,
        "create": .eventRef("the branch or tag created"),
        "delete": .defaultBranch,
        "deployment": .eventRef("the branch or tag to be deployed (none when deployed by commit SHA)"),
        "deployment_status": .eventRef("the branch or tag deployed (none when deployed by commit SHA)"),
        "discussion": .defaultBranch,
        "discussion_comment": .defaultBranch,
        "fork": .defaultBranch,
        "gollum": .defaultBranch,
        "image_version": .defaultBranch,
        "issue_comment": .defaultBranch,
        "issues": .defaultBranch,
        "label": .defaultBranch,
        "merge_group": .eventRef("the merge group's ref, refs/heads/gh-readonly-queue/BASE/pr-NUMBER-SHA"),
        "milestone": .defaultBranch,
        "page_build": .defaultBranch,
        "project": .defaultBranch,
        "project_card": .defaultBranch,
        "project_column": .defaultBranch,
        "public": .defaultBranch,
        "pull_request": .pullRequestMerge,
        "pull_request_review": .pullRequestReviewMerge,
        "pull_request_review_comment": .pullRequestReviewMerge,
        // Since GitHub Enterprise Server 3.20 and on github.com the default branch of the base repository;
        // before, the pull request's base branch.
        "pull_request_target": .defaultBranch,
        "push": .pushedRef,
        "registry_package": .eventRef("the branch or tag of the published package"),
        "release": .eventRef("the release's tag, refs/tags/TAG"),
        "repository_dispatch": .defaultBranch,
        "schedule": .defaultBranch,
        "status": .defaultBranch,
        "watch": .defaultBranch,
        "workflow_call": .caller,
        "workflow_dispatch": .dispatchedRef,
        "workflow_run": .defaultBranch,
    ]

    /// Where a run of the event happens; nil for a name GitHub does not document.
    public static func runRef(of event: String) -> RunRef? { runRefs[event] }
}

import Foundation

/// The one directory walker: files under some paths, in name order, for `check`, `audit`, `migrate` and
/// the configuration loader.
public struct FileWalker: Sendable {
    /// Name suffixes to keep (`.yml`, `.json`); files named on their own are kept whatever their name.
    public var extensions: [String]
    /// False: only the folder's own files (a sibling listing), not its subfolders.
    public var recursive: Bool

    /// Folders never entered: version control, build output and installed dependencies hold no
    /// workflow of the repository, and can hold very many files.
    public static let skippedFolders: Set<String> = [".git", ".build", "node_modules", ".venv"]

    public init(extensions: [String], recursive: Bool = true) {
        self.extensions = extensions
        self.recursive = recursive
    }

    /// The files to read and the diagnostics (rule `read-error`) for paths that could not be walked.
    public struct Result: Sendable {
        /// The files, in walk order, spelled from the given path (`dir/name`).
        public var files: [String]
        /// Missing paths, unreadable folders, link loops and dangling links.
        public var problems: [Diagnostic]

        public init(files: [String], problems: [Diagnostic]) {
            self.files = files
            self.problems = problems
        }
    }

    /// Walks each path: a file is taken as it is, a folder in name order, skipping `skippedFolders` and
    /// `.build*`; link loops, dangling links and unreadable folders are reported, not followed.
    public func files(under paths: [String]) -> Result {
        var result = Result(files: [], problems: [])
        let fm = FileManager.default
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else {
                result.problems.append(Diagnostic(at: SourceLocation(path: p), "no such file or directory", rule: "read-error"))
                continue
            }
            if !isDir.boolValue { result.files.append(p); continue }
            var seen = Set<String>()
            walk(p, seen: &seen, into: &result)
        }
        return result
    }

    private func walk(_ dir: String, seen: inout Set<String>, into result: inout Result) {
        let fm = FileManager.default
        // Real paths already walked: a link back to an ancestor would otherwise recurse forever.
        let real = URL(fileURLWithPath: dir).resolvingSymlinksInPath().path
        guard seen.insert(real).inserted else { return }
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            result.problems.append(Diagnostic(at: SourceLocation(path: dir), "cannot read the directory", rule: "read-error"))
            return
        }
        for name in names.sorted() where !Self.skippedFolders.contains(name) && !name.hasPrefix(".build") {
            let child = dir == "." ? name : (dir.hasSuffix("/") ? dir + name : dir + "/" + name)
            var childIsDir: ObjCBool = false
            guard fm.fileExists(atPath: child, isDirectory: &childIsDir) else {
                // fileExists follows links: a loop or a dangling link lands here.
                if (try? fm.destinationOfSymbolicLink(atPath: child)) != nil {
                    result.problems.append(Diagnostic(at: SourceLocation(path: child), "symbolic link loop or dangling link; not followed", rule: "read-error"))
                }
                continue
            }
            if childIsDir.boolValue {
                if recursive { walk(child, seen: &seen, into: &result) }
            } else if extensions.contains(where: child.hasSuffix) {
                result.files.append(child)
            }
        }
    }
}
